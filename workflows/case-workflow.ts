/**
 * The resettlement case: one long-lived workflow per case. Update handlers take the decisions
 * people send (each refused by its rule in the validator), change the state and answer at once;
 * what follows a decision — GCMS, notices, the database's copy — is queued in the state and run
 * in order by the effects loop (rule 19); the main loop keeps the follow-up timers. Temporal
 * plumbing only: the rules live in ./rules, the state and its views in domain/.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  caseView,
  CLOSING_DEADLINES,
  nextDeadline,
  openCase,
  pendingDeadlines,
  prRemindersDueBy,
  shownDeadline,
  type AwaitedMidiDecision,
  type CaseInput,
  type CaseState,
  type CaseView,
  type Deadline,
} from '../domain/case';
import { oywWorkflowId, type NoticeKind, type Outcome, type Party, type Role } from '../domain/case-types';
import {
  DONE_EFFECTS_KEPT,
  PERMANENT_EFFECT_FAILURE,
  retryEffectUpdate,
  type Effect,
  type EffectRequest,
  type QueuedNotice,
} from '../domain/effects';
import { OYW_FOLLOW_UPS_PATCH, openOywUpdate, oywDecisionSignal, oywDecisionUpdate } from '../domain/oyw';
import {
  BAD_INPUT,
  caseOpenedUpdate,
  caseQuery,
  DECISIONS,
  DECISION_NAMES,
  decisionUpdate,
  RULE_REFUSED,
  type DecisionBody,
  type DecisionName,
  type DecisionRequest,
} from '../domain/decisions';
import { caseSearchAttributes } from '../domain/search-attributes';
import { dateAfter } from '../domain/policy';
import { quebecDate } from '../domain/calendar';
import { caseWorkflowV1 } from './legacy/case-workflow-v1';
import { oywWorkflow } from './oyw-workflow';
import { oywDecisionRefusal, oywOpeningRefusal } from './rules/oyw';
import { retryEffectRefusal } from './rules/changes';
import { decisionInputFault, type InputFault } from './rules/input';
import { sameBooking } from './rules/travel';
import { decisionRefusal, missingDocuments, type Refusal, type RuleContext } from './rules';

const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A database that is down comes back: keep trying, backing off to once a minute. A failure that
  // retrying cannot mend is raised as PermanentEffectFailure and parks the effect (rule 19).
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [PERMANENT_EFFECT_FAILURE],
  },
});

/** Cases started before effects left the decision path run the frozen code (see ./legacy). */
export const EFFECTS_QUEUE_PATCH = 'effects-queue';

/** Updates a run takes before it continues as new, well under the server's 2,000 per run. */
const MAX_UPDATES_PER_RUN = 1000;

/** The longest single timer; a later deadline is waited for in several (a far date never fails a timer). */
const MAX_TIMER_MS = 30 * 86_400_000;

/** How long a complete PR application waits for GCMS's number before answering without it. */
const GCMS_NUMBER_WAIT = '10 seconds';

/** What a decision returns when it changes nothing (rule 18). */
const UNCHANGED = 'unchanged';


export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  if (!patched(EFFECTS_QUEUE_PATCH)) return caseWorkflowV1(input);
  const { policy } = input;
  const s: CaseState = input.carried ?? openCase(input, Date.now());
  // A case carried over from the frozen code starts its queue here.
  s.effects ??= [];
  s.effectSeq ??= 0;
  const effects = s.effects;
  const ctx = (): RuleContext => ({ policy, now: Date.now() });
  let updatesThisRun = 0;
  let running: Effect | undefined;
  /** The database's copy exists: written once by this run, or by the run this one continues. */
  let recorded = Boolean(input.carried);
  /** Set while the run hands over to the next (continue-as-new): no new effect starts. */
  let handingOver = false;

  // ---- The effects queue (rule 19) ----

  function enqueue(request: EffectRequest): Effect {
    // The database's copy is written as the case is when it runs: one waiting (or failed) write is enough.
    const waiting = effects.find(
      (e) => e.request.kind === 'case-record' && (e.status === 'failed' || (e.status === 'pending' && e !== running)),
    );
    if (request.kind === 'case-record' && waiting) return waiting;
    const effect: Effect = { effectId: `e${++s.effectSeq!}`, request, status: 'pending', retries: 0 };
    effects.push(effect);
    return effect;
  }

  /** Queues a notice; its language is the sponsor's contact's, or (other parties, a sponsor without one) configuration's. */
  function notify(kind: NoticeKind, party: Party, step: string, extra: Partial<QueuedNotice> = {}): Effect {
    const language = party === 'sponsor' ? s.sponsor?.contact.language : undefined;
    return enqueue({ kind: 'notice', notice: { kind, party, step, ...(language && { language }), ...extra } });
  }

  const nextPending = () => (handingOver ? undefined : effects.find((e) => e.status === 'pending'));

  /** Runs the queue for the life of the run: one effect at a time, in the order they were queued. */
  async function runEffects(): Promise<never> {
    for (;;) {
      await condition(() => nextPending() !== undefined);
      const effect = nextPending()!;
      running = effect;
      try {
        await perform(effect.request);
        effect.status = 'done';
        delete effect.error;
      } catch (err) {
        effect.status = 'failed';
        effect.error = failureWords(err);
      }
      running = undefined;
      settled(effect);
    }
  }

  async function perform(request: EffectRequest): Promise<void> {
    const caseId = s.caseId;
    switch (request.kind) {
      case 'gcms-application':
        s.gcmsNumber = await db.createGcmsApplication({
          caseId,
          stream: s.stream,
          visaOffice: s.visaOffice,
          principalApplicant: s.principalApplicant,
          members: s.familyMembers,
        });
        return;
      case 'gcms-documents':
        return db.digitizeDocuments({ caseId, documents: request.documents });
      case 'gcms-member': {
        const member = s.familyMembers.find((m) => m.memberId === request.memberId)!;
        return db.addGcmsMember({ caseId, member });
      }
      case 'gcms-closure':
        return db.closeGcmsApplication({ caseId, reason: request.reason });
      case 'notice': {
        const { notice } = request;
        const details = { ...notice.details, ...(s.gcmsNumber && { gcmsNumber: s.gcmsNumber }) };
        return db.sendNotice({ ...notice, caseId, visaOffice: s.visaOffice, details });
      }
      case 'case-record': {
        const next = shownDeadline(s, policy);
        return db.recordCase({
          caseId,
          revision: s.revision,
          sponsorGroupId: s.sponsor?.groupId ?? null,
          nextDeadlineAt: next && Number.isFinite(next.dueAt) ? new Date(next.dueAt).toISOString() : null,
          view: caseView(s, policy),
        });
      }
    }
  }

  /** What an effect's end changes on the case: a reminder's next one counts from when it was sent (rule 20). */
  function settled(effect: Effect): void {
    const { request } = effect;
    if (request.kind === 'case-record') {
      recorded ||= effect.status === 'done';
      if (effect.status === 'done') effects.splice(effects.indexOf(effect), 1);
      else changed();
      return;
    }
    if (request.kind === 'notice' && request.notice.kind === 'midi-reminder') {
      const req = s.midiRequests[request.notice.details?.about as AwaitedMidiDecision];
      if (req) Object.assign(req, { lastReminderAt: Date.now(), reminderPending: false });
    }
    if (request.kind === 'notice' && request.notice.kind === 'pr-deadline-reminder') {
      Object.assign(s.prApplication, { lastReminderAt: Date.now(), reminderPending: false });
    }
    forgetOldEffects();
    changed();
  }

  function forgetOldEffects(): void {
    const done = effects.filter((e) => e.status === 'done');
    for (const old of done.slice(0, Math.max(done.length - DONE_EFFECTS_KEPT, 0))) effects.splice(effects.indexOf(old), 1);
  }

  // ---- The state, and where it is seen ----

  let published: string[] = [];
  /** After every change: a new revision, the search attributes, and the database's copy queued. */
  function changed(): void {
    s.revision++;
    const attributes = caseSearchAttributes(s, policy);
    const diff = attributes.filter((a, i) => JSON.stringify(a.value) !== published[i]);
    if (diff.length) upsertSearchAttributes(diff);
    published = attributes.map((a) => JSON.stringify(a.value));
    enqueue({ kind: 'case-record' });
  }

  function close(outcome: Outcome): void {
    s.outcome = outcome;
    s.stage = 'closed';
    s.closedAt = Date.now();
    s.midiRequests = {};
  }

  function askMidi(about: AwaitedMidiDecision): void {
    s.midiRequests[about] = { requestedAt: Date.now(), lastReminderAt: null, reminders: 0 };
  }

  function answeredByMidi(about: AwaitedMidiDecision): void {
    delete s.midiRequests[about];
  }

  const hasContact = () => Boolean(s.sponsor?.contact.email || s.sponsor?.contact.phone);
  const gcmsQueued = () => Boolean(s.gcmsNumber) || effects.some((e) => e.request.kind === 'gcms-application');

  // ---- Decisions: each changes the state and queues its effects, without waiting for them ----

  const decide: { [N in DecisionName]: (body: DecisionBody<N>) => Effect | typeof UNCHANGED | void } = {
    sponsorshipDecision(body) {
      answeredByMidi('sponsorship');
      if (s.sponsorship.reassessment) {
        s.sponsorship.reassessment = false;
        if (body.decision === 'refused') close('refused');
        return;
      }
      if (body.decision === 'refused') {
        s.sponsorship.status = 'refused';
        close('sponsorship-refused');
        return;
      }
      s.sponsorship = { status: 'approved', approvedAt: Date.now(), reassessment: false };
      s.stage = 'awaiting-pr-application';
    },

    prApplication(body) {
      const missing = missingDocuments(body);
      const submission = ++s.prApplication.submissions;
      s.prApplication.missingDocuments = missing;
      if (missing.length) {
        notify('incomplete-return', 'sponsor', `submission-${submission}`, { details: { missing } });
        return;
      }
      s.prApplication.submittedAt = Date.now();
      s.stage = 'overseas-processing';
      s.csq = { status: 'requested' };
      askMidi('csq');
      const gcms = enqueue({ kind: 'gcms-application' });
      enqueue({ kind: 'gcms-documents', documents: body.documents });
      notify('file-transfer', 'office-abroad', 'intake');
      notify('csq-request', 'midi', 'csq');
      return gcms;
    },

    csqDecision(body) {
      answeredByMidi('csq');
      if (body.decision === 'issued') {
        s.csq = { status: 'issued', number: body.csqNumber, validUntil: body.validUntil };
        return;
      }
      s.csq = { status: 'refused' };
      if (s.stream === 'GAR') {
        close('not-selected-by-quebec');
        return;
      }
      close('refused');
      notify('refusal-letter', 'sponsor', 'csq', { details: { reason: body.reason ?? 'csq-refused' } });
    },

    destination(body) {
      answeredByMidi('destination');
      s.destination = body.city;
    },

    eligibilityDecision(body) {
      s.eligibility = { decision: body.decision, refugeeClass: body.refugeeClass };
      if (body.decision === 'ineligible') close('refused');
    },

    admissibilityDecision(body) {
      // Without a date, the exam is taken as of the decision: the visa's validity counts from it.
      s.admissibility = { decision: body.decision, medicalExamDate: body.medicalExamDate ?? quebecDate(Date.now()) };
      if (body.decision === 'inadmissible') close('refused');
    },

    visaDecision(body) {
      if (body.decision === 'refused') {
        s.visa = { status: 'refused' };
        close('refused');
        return;
      }
      const medicalExamDate = s.admissibility?.medicalExamDate as string;
      s.visa = { status: 'issued', expiresOn: dateAfter(medicalExamDate, policy.medicalValidity), issuedOn: quebecDate(Date.now()) };
      s.stage = 'visa-issued';
      if (s.stream === 'PSR' && hasContact()) notify('pre-nat', 'sponsor', 'visa');
    },

    travel(body) {
      // Rule 18: the booking already recorded, sent again, changes nothing.
      if (sameBooking(s, body)) return UNCHANGED;
      const booking = (s.travel?.bookings ?? 0) + 1;
      const amends = s.travel?.natNumber;
      const natNumber = `NAT-${s.gcmsNumber ?? s.caseId}-${booking}`;
      s.travel = {
        arrivalDate: body.arrivalDate,
        portOfEntry: body.portOfEntry,
        flights: body.flights,
        urgent: body.urgent === true,
        natNumber,
        bookings: booking,
        noShowAlerted: false,
      };
      s.stage = 'travel-booked';
      const kind: NoticeKind = amends ? 'nat-amended' : 'nat';
      const parties: Party[] = s.stream === 'PSR' ? ['midi', 'sponsor'] : ['midi'];
      const details = { arrivalDate: body.arrivalDate, portOfEntry: body.portOfEntry, flights: body.flights, urgent: body.urgent === true };
      for (const party of parties) notify(kind, party, `booking-${booking}`, { natNumber, amends, details });
    },

    arrival(body) {
      s.arrival = { arrivedOn: body.arrivedOn, portOfEntry: body.portOfEntry, recordedAt: Date.now() };
      s.stage = 'arrived';
      if (s.stream === 'GAR') notify('post-arrival-services-request', 'midi', 'arrival');
    },

    addDependant(body) {
      const member = { ...body.dependant, memberId: `m${s.familyMembers.length + 1}`, addedAs: 'dependant' as const };
      s.familyMembers.push(member);
      s.sponsorship.reassessment = true;
      askMidi('sponsorship');
      const step = `dependant-${member.memberId}`;
      enqueue({ kind: 'gcms-member', memberId: member.memberId });
      notify('file-transfer', 'office-abroad', step, { details: { memberId: member.memberId } });
      notify('dependant-reassessment-request', 'midi', step, { details: { memberId: member.memberId } });
    },

    withdrawal(body) {
      s.sponsorship.status = 'withdrawn';
      if (s.csq.status === 'issued' || s.csq.status === 'requested') s.csq = { ...s.csq, status: 'lapsed' };
      const filed = gcmsQueued();
      close('sponsorship-withdrawn');
      if (filed) enqueue({ kind: 'gcms-closure', reason: 'sponsorship-withdrawn' });
      for (const party of ['office-abroad', 'midi'] as const) notify('withdrawal-notice', party, 'withdrawal', { details: { reason: body.reason } });
    },
  };

  /** What happens when each kind of deadline passes: a change to the state and the effects it queues. */
  const onDeadline: Record<Deadline['kind'], (d: Deadline) => void> = {
    'pr-application-reminder'() {
      // Rule 20: reminders whose moments all passed while the system was down are sent as one.
      s.prApplication.remindersSent = prRemindersDueBy(s, policy, Date.now());
      s.prApplication.reminderPending = true;
      notify('pr-deadline-reminder', 'sponsor', `reminder-${s.prApplication.remindersSent}`);
    },
    'pr-application-deadline'() {
      close('abandoned');
    },
    'midi-follow-up'(d) {
      const req = s.midiRequests[d.about as AwaitedMidiDecision];
      if (!req) return;
      req.reminders++;
      req.reminderPending = true;
      notify('midi-reminder', 'midi', `${d.about}-${req.requestedAt}-${req.reminders}`, { details: { about: d.about } });
    },
    'undertaking-lapse'() {
      s.sponsorship.status = 'lapsed';
      if (s.csq.status === 'requested') s.csq = { status: 'lapsed' };
      const filed = gcmsQueued();
      close('lapsed');
      if (filed) enqueue({ kind: 'gcms-closure', reason: 'lapsed' });
    },
    'visa-expiry'() {
      s.visa = { ...s.visa, status: 'expired' };
      close('visa-expired');
    },
    'no-show'() {
      const travel = s.travel!;
      travel.noShowAlerted = true;
      notify('no-show-alert', 'roc-o', `booking-${travel.bookings}`, { details: { arrivalDate: travel.arrivalDate } });
    },
    'settlement-report'() {
      s.settlementReminderSent = true;
      notify('settlement-report-reminder', 'sponsor', 'settlement-report');
    },
    settlement() {
      close('settled');
    },
    'oyw-decision-due'(d) {
      // Rule 13: shown as overdue (the case's deadline, the attention report) until ROC-O decides.
      const application = s.oyw.find((o) => o.oywId === d.about);
      if (application) application.decisionOverdue = true;
    },
  };

  /** Rule 17: every decision kept on the case with its value, reason, role and time, newest last. */
  function keep(name: string, decision: string, reason: string | undefined, role: Role): void {
    (s.decisions ??= []).push({ name, decision, reason: reason ?? null, role, at: new Date(Date.now()).toISOString() });
  }

  // ---- Handlers ----

  setHandler(caseQuery, () => caseView(s, policy));
  setHandler(caseOpenedUpdate, async () => {
    await condition(() => recorded);
    return caseView(s, policy);
  });
  for (const name of DECISION_NAMES) {
    setHandler(
      decisionUpdate(name),
      async (request) => {
        updatesThisRun++;
        // The table pairs each name with its body; TypeScript cannot follow that pairing through a loop.
        const awaited = (decide[name] as (body: DecisionRequest['body']) => Effect | typeof UNCHANGED | void)(request.body);
        if (awaited === UNCHANGED) return caseView(s, policy);
        const body = request.body as { decision?: string; reason?: string };
        keep(DECISIONS[name].path, body.decision ?? decisionWord(name, request.body), body.reason, request.by);
        changed();
        // The one answer that carries an effect's result: a filed PR application shows its GCMS number.
        if (awaited) await condition(() => awaited.status !== 'pending', GCMS_NUMBER_WAIT);
        return caseView(s, policy);
      },
      {
        validator: (request) => {
          refuse(decisionRefusal(name, s, request.body, ctx()));
          refuseInput(decisionInputFault(name, s, request.body, ctx()));
        },
      },
    );
  }

  setHandler(
    retryEffectUpdate,
    ({ effectId }) => {
      updatesThisRun++;
      const effect = effects.find((e) => e.effectId === effectId)!;
      effect.status = 'pending';
      effect.retries++;
      changed();
      return caseView(s, policy);
    },
    { validator: ({ effectId }) => refuse(retryEffectRefusal(s, effectId)) },
  );

  setHandler(
    openOywUpdate,
    async ({ body }) => {
      updatesThisRun++;
      const n = s.oyw.length + 1;
      const oywId = `oyw-${n}`;
      s.oyw.push({ oywId, memberId: body.memberId, status: 'open', outcome: null, selection: null });
      // Rule 13: MIDI's selection is followed up like its other decisions (rule 15).
      if (s.oywFollowUps) askMidi(oywId as AwaitedMidiDecision);
      changed();
      // Abandoned, not terminated, when this run continues as new: the application outlives the run.
      await startChild(oywWorkflow, {
        workflowId: oywWorkflowId(s.caseId, n),
        args: [{ caseId: s.caseId, oywId, memberId: body.memberId, policy }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return { oywId, case: caseView(s, policy) };
    },
    { validator: ({ body }) => refuse(oywOpeningRefusal(s, body, ctx())) },
  );

  setHandler(
    oywDecisionUpdate,
    async ({ oywId, body, by }) => {
      updatesThisRun++;
      const n = s.oyw.findIndex((o) => o.oywId === oywId);
      const application = s.oyw[n];
      if (by === 'midi') {
        application.selection = body.decision;
        application.selectedAt = Date.now();
        answeredByMidi(oywId as AwaitedMidiDecision);
      }
      if (by === 'roc-o' || body.decision === 'refused') {
        application.outcome = body.decision;
        application.status = 'closed';
      }
      keep(by === 'midi' ? 'oyw-selection' : 'oyw-r141', body.decision, body.reason, by);
      changed();
      await getExternalWorkflowHandle(oywWorkflowId(s.caseId, n + 1)).signal(oywDecisionSignal, { decision: body.decision, by });
      return caseView(s, policy);
    },
    { validator: (request) => refuse(oywDecisionRefusal(s, request)) },
  );

  // ---- The run ----

  // Cases (or runs) from before the case followed up its OYW applications keep to what they recorded.
  s.oywFollowUps ??= patched(OYW_FOLLOW_UPS_PATCH);
  void runEffects();
  if (!input.carried) {
    if (s.stream === 'GAR') {
      enqueue({ kind: 'gcms-application' });
      notify('csq-request', 'midi', 'csq');
      notify('destination-request', 'midi', 'destination');
    }
    changed();
  }

  while (!s.outcome) {
    const due = nextDeadline(s, policy);
    const seen = s.revision;
    const moved = () => s.revision !== seen || Boolean(s.outcome) || mustContinueAsNew();
    if (due) {
      // The summary names the deadline on the timer in the Temporal UI's timeline.
      const summary = due.about ? `${due.kind} (${due.about})` : due.kind;
      const wait = Math.min(Math.max(due.dueAt - Date.now(), 1), MAX_TIMER_MS);
      if (!(await condition(moved, wait, { summary })) && due.dueAt <= Date.now()) passDeadline(due);
    } else {
      await condition(moved);
    }
    if (mustContinueAsNew() && !s.outcome) {
      handingOver = true;
      await condition(() => allHandlersFinished() && !running);
      await continueAsNew<typeof caseWorkflow>({ ...input, carried: s });
    }
  }

  // Closed: the run ends once every effect is done; a failed one waits for ops to retry it (rule 19).
  await condition(() => allHandlersFinished() && !running && effects.every((e) => e.status === 'done'));
  return caseView(s, policy);

  /**
   * Acts on a deadline that has passed, unless a change made while it fired has removed it. A deadline
   * that closes the case and has also passed comes first: no reminder after its own deadline (rule 20).
   */
  function passDeadline(due: Deadline): void {
    const passed = pendingDeadlines(s, policy).filter((d) => d.dueAt <= Date.now());
    const closing = passed.find((d) => CLOSING_DEADLINES.has(d.kind));
    const still = closing ?? passed.find((d) => d.kind === due.kind && d.about === due.about);
    if (!still || s.outcome) return;
    onDeadline[still.kind](still);
    changed();
  }

  /** Rejects an Update with the rule's reason; Temporal's history stays clean. */
  function refuse(reason: Refusal): void {
    if (reason) throw ApplicationFailure.create({ type: RULE_REFUSED, message: reason, nonRetryable: true });
  }

  /** Rejects an Update whose input the case shows to be wrong: the API answers 400. */
  function refuseInput(fault: InputFault): void {
    if (fault) throw ApplicationFailure.create({ type: BAD_INPUT, message: fault, nonRetryable: true });
  }

  function mustContinueAsNew(): boolean {
    return workflowInfo().continueAsNewSuggested || updatesThisRun >= (input.maxUpdatesPerRun ?? MAX_UPDATES_PER_RUN);
  }
}

/** What a decision without a `decision` field decided, in a word (rule 17). */
function decisionWord(name: DecisionName, body: unknown): string {
  switch (name) {
    case 'prApplication':
      return missingDocuments(body as DecisionBody<'prApplication'>).length ? 'incomplete' : 'complete';
    case 'destination':
      return (body as DecisionBody<'destination'>).city;
    case 'travel':
      return 'booked';
    case 'arrival':
      return 'arrived';
    case 'addDependant':
      return 'added';
    case 'withdrawal':
      return 'withdrawn';
    default:
      return name;
  }
}

/** An effect's failure in words for the case and ops: the activity's own words, never its data. */
function failureWords(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === PERMANENT_EFFECT_FAILURE) return cause.message;
  return 'The effect failed and was not retried.';
}
