/**
 * FROZEN: the case workflow as it ran before effects left the decision path (rule 19). Cases started
 * before the `effects-queue` patch replay and run on this code until they close or continue as new;
 * remove it (and the patch check in ../case-workflow.ts) once no such case is open.
 *
 * The resettlement case: one long-lived workflow per case. Update handlers take the decisions
 * people send (each refused by its rule in the validator); the main loop keeps the follow-up
 * timers. Temporal plumbing only: the rules live in ./rules, the state and its views in domain/.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, NoticeRequest } from '../../activities';
import {
  caseView,
  nextDeadline,
  pendingDeadlines,
  openCase,
  type AwaitedMidiDecision,
  type CaseInput,
  type CaseState,
  type CaseView,
  type Deadline,
} from '../../domain/case';
import { oywWorkflowId, type Language, type NoticeKind, type Outcome, type Party } from '../../domain/case-types';
import { openOywUpdate, oywDecisionSignal, oywDecisionUpdate } from '../../domain/oyw';
import { oywWorkflow } from '../oyw-workflow';
import { oywDecisionRefusal, oywOpeningRefusal } from '../rules/oyw';
import { caseQuery, DECISION_NAMES, decisionUpdates, refusalFailure, RULE_REFUSED, type DecisionName, type DecisionRequest } from '../../domain/decision-messages';
import type { DecisionBody } from '../../domain/decisions';
import type { UpdateDefinition } from '@temporalio/common';
import { caseSearchAttributes } from '../../domain/search-attributes';
import { dateAfter } from '../../domain/policy';
import { quebecDate } from '../../domain/calendar';
import { decisionRefusal, missingDocuments, type Refusal, type RuleContext } from '../rules';

const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // The database comes back: keep trying, backing off to once a minute.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Updates a run takes before it continues as new, well under the server's 2,000 per run. */
const MAX_UPDATES_PER_RUN = 1000;

/** Parties' languages when the case says nothing: Quebec's parties read French. */
const DEFAULT_LANGUAGE: Record<Party, Language> = { midi: 'fr', sponsor: 'fr', 'office-abroad': 'en', 'roc-o': 'en' };

export async function caseWorkflowV1(input: CaseInput): Promise<CaseView> {
  const { policy } = input;
  const s: CaseState = input.carried ?? openCase(input, Date.now());
  const ctx = (): RuleContext => ({ policy, now: Date.now() });
  let updatesThisRun = 0;

  // Side effects run one at a time, in the order the changes that called for them were made.
  let effects: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const done = effects.then(work);
    effects = done.catch(() => undefined);
    return done;
  };

  const notify = (kind: NoticeKind, party: Party, step: string, extra: Partial<NoticeRequest> = {}) =>
    db.sendNotice({ caseId: s.caseId, kind, party, step, language: languageOf(party), ...extra });

  function languageOf(party: Party): Language {
    if (party === 'sponsor') return s.sponsor?.contact.language ?? DEFAULT_LANGUAGE.sponsor;
    return DEFAULT_LANGUAGE[party];
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

  let published: string[] = [];
  /** Shows the current state everywhere it is seen: search attributes and the read model. */
  async function publish(): Promise<void> {
    s.revision++;
    const attributes = caseSearchAttributes(s, policy);
    const changed = attributes.filter((a, i) => JSON.stringify(a.value) !== published[i]);
    if (changed.length) upsertSearchAttributes(changed);
    published = attributes.map((a) => JSON.stringify(a.value));
    const view = caseView(s, policy);
    const next = nextDeadline(s, policy);
    await db.recordCase({
      caseId: s.caseId,
      revision: s.revision,
      sponsorGroupId: s.sponsor?.groupId ?? null,
      nextDeadlineAt: next ? new Date(next.dueAt).toISOString() : null,
      view,
    });
  }


  const hasContact = () => Boolean(s.sponsor?.contact.email || s.sponsor?.contact.phone);

  // Each handler changes the state before its first await, so a concurrent request is judged on
  // the new state; its side effects then run in order through `serially`.
  const decide: { [N in DecisionName]: (body: DecisionBody<N>) => Promise<void> } = {
    async sponsorshipDecision(body) {
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

    async prApplication(body) {
      const missing = missingDocuments(body);
      const submission = ++s.prApplication.submissions;
      s.prApplication.missingDocuments = missing;
      if (missing.length) {
        await serially(() => notify('incomplete-return', 'sponsor', `submission-${submission}`, { details: { missing } }));
        return;
      }
      s.prApplication.submittedAt = Date.now();
      s.stage = 'roc-o-intake';
      await serially(async () => {
        s.gcmsNumber = await db.createGcmsApplication(gcmsApplication());
        // A case on this frozen code files its package by names: an uploaded document is listed under its id.
        await db.digitizeDocuments({ caseId: s.caseId, documents: body.documents.map((d) => ({ type: d.type, fileName: d.fileName ?? d.documentId! })) });
        if (s.outcome) return;
        await notify('file-transfer', 'office-abroad', 'intake', { details: { gcmsNumber: s.gcmsNumber } });
        s.stage = 'overseas-processing';
        s.csq = { status: 'requested' };
        askMidi('csq');
        await notify('csq-request', 'midi', 'csq');
      });
    },

    async csqDecision(body) {
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
      await serially(() => notify('refusal-letter', 'sponsor', 'csq', { details: { reason: 'csq-refused' } }));
    },

    async destination(body) {
      answeredByMidi('destination');
      s.destination = body.city;
    },

    async eligibilityDecision(body) {
      s.eligibility = { decision: body.decision, refugeeClass: body.refugeeClass };
      if (body.decision === 'ineligible') close('refused');
    },

    async admissibilityDecision(body) {
      // Without a date, the exam is taken as of the decision: the visa's validity counts from it.
      s.admissibility = { decision: body.decision, medicalExamDate: body.medicalExamDate ?? quebecDate(Date.now()) };
      if (body.decision === 'inadmissible') close('refused');
    },

    async visaDecision(body) {
      if (body.decision === 'refused') {
        s.visa = { status: 'refused' };
        close('refused');
        return;
      }
      const medicalExamDate = s.admissibility?.medicalExamDate as string;
      s.visa = { status: 'issued', expiresOn: dateAfter(medicalExamDate, policy.medicalValidity) };
      s.stage = 'visa-issued';
      if (s.stream === 'PSR' && hasContact()) await serially(() => notify('pre-nat', 'sponsor', 'visa'));
    },

    async travel(body) {
      const booking = (s.travel?.bookings ?? 0) + 1;
      const amends = s.travel?.natNumber;
      const natNumber = `NAT-${s.gcmsNumber}-${booking}`;
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
      const details = { arrivalDate: body.arrivalDate, portOfEntry: body.portOfEntry, flights: body.flights };
      await serially(async () => {
        for (const party of parties) await notify(kind, party, `booking-${booking}`, { natNumber, amends, details });
      });
    },

    async arrival(body) {
      s.arrival = { arrivedOn: body.arrivedOn, portOfEntry: body.portOfEntry, recordedAt: Date.now() };
      s.stage = 'arrived';
      if (s.stream === 'GAR') await serially(() => notify('post-arrival-services-request', 'midi', 'arrival'));
    },

    async addDependant(body) {
      const member = { ...body.dependant, memberId: `m${s.familyMembers.length + 1}`, addedAs: 'dependant' as const };
      s.familyMembers.push(member);
      s.sponsorship.reassessment = true;
      askMidi('sponsorship');
      await serially(async () => {
        await db.addGcmsMember({ caseId: s.caseId, member });
        await notify('file-transfer', 'office-abroad', `dependant-${member.memberId}`, { details: { memberId: member.memberId } });
        await notify('dependant-reassessment-request', 'midi', `dependant-${member.memberId}`, {
          details: { memberId: member.memberId },
        });
      });
    },

    async withdrawal() {
      s.sponsorship.status = 'withdrawn';
      if (s.csq.status === 'issued' || s.csq.status === 'requested') s.csq = { ...s.csq, status: 'lapsed' };
      close('sponsorship-withdrawn');
      await serially(async () => {
        if (s.gcmsNumber) await db.closeGcmsApplication({ caseId: s.caseId, reason: 'sponsorship-withdrawn' });
        for (const party of ['office-abroad', 'midi'] as const) await notify('withdrawal-notice', party, 'withdrawal');
      });
    },
  };

  function gcmsApplication() {
    return {
      caseId: s.caseId,
      stream: s.stream,
      visaOffice: s.visaOffice,
      principalApplicant: s.principalApplicant,
      members: s.familyMembers,
    };
  }

  /** What happens when each kind of deadline passes. */
  const onDeadline: Record<Deadline['kind'], (d: Deadline) => Promise<void>> = {
    async 'pr-application-reminder'() {
      const n = ++s.prApplication.remindersSent;
      await notify('pr-deadline-reminder', 'sponsor', `reminder-${n}`);
    },
    async 'pr-application-deadline'() {
      close('abandoned');
    },
    async 'midi-follow-up'(d) {
      const req = s.midiRequests[d.about as AwaitedMidiDecision];
      if (!req) return;
      req.lastReminderAt = Date.now();
      req.reminders++;
      await notify('midi-reminder', 'midi', `${d.about}-${req.requestedAt}-${req.reminders}`, { details: { about: d.about } });
    },
    async 'undertaking-lapse'() {
      s.sponsorship.status = 'withdrawn';
      if (s.csq.status === 'requested') s.csq = { status: 'lapsed' };
      close('lapsed');
      if (s.gcmsNumber) await db.closeGcmsApplication({ caseId: s.caseId, reason: 'lapsed' });
    },
    async 'visa-expiry'() {
      s.visa = { ...s.visa, status: 'expired' };
      close('visa-expired');
    },
    async 'no-show'() {
      const travel = s.travel!;
      travel.noShowAlerted = true;
      await notify('no-show-alert', 'roc-o', `booking-${travel.bookings}`, { details: { arrivalDate: travel.arrivalDate } });
    },
    async 'settlement-report'() {
      s.settlementReminderSent = true;
      await notify('settlement-report-reminder', 'sponsor', 'settlement-report');
    },
    async settlement() {
      close('settled');
    },
    // Never due on this generation's cases (they do not follow up OYW applications).
    async 'oyw-decision-due'() {},
  };

  setHandler(caseQuery, () => caseView(s, policy));
  for (const name of DECISION_NAMES) {
    setHandler(
      decisionUpdates[name] as UpdateDefinition<CaseView, [DecisionRequest]>,
      async (request: DecisionRequest) => {
        updatesThisRun++;
        await (decide[name] as (body: unknown) => Promise<void>)(request.body);
        await serially(publish);
        return caseView(s, policy);
      },
      { validator: (request) => refuse(decisionRefusal(name, s, request.body as DecisionBody<typeof name>, ctx())) },
    );
  }

  setHandler(
    openOywUpdate,
    async ({ body }) => {
      updatesThisRun++;
      const n = s.oyw.length + 1;
      const oywId = `oyw-${n}`;
      s.oyw.push({ oywId, memberId: body.memberId, status: 'open', outcome: null, selection: null });
      await serially(async () => {
        // Abandoned, not terminated, when this run continues as new: the application outlives the run.
        await startChild(oywWorkflow, {
          workflowId: oywWorkflowId(s.caseId, n),
          args: [{ caseId: s.caseId, oywId, memberId: body.memberId, policy }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        await publish();
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
      if (by === 'midi') application.selection = body.decision;
      if (by === 'roc-o' || body.decision === 'refused') {
        application.outcome = body.decision;
        application.status = 'closed';
      }
      await serially(async () => {
        await getExternalWorkflowHandle(oywWorkflowId(s.caseId, n + 1)).signal(oywDecisionSignal, { decision: body.decision, by });
        await publish();
      });
      return caseView(s, policy);
    },
    { validator: (request) => refuse(oywDecisionRefusal(s, request)) },
  );

  if (!input.carried) {
    await serially(async () => {
      if (s.stream === 'GAR') {
        s.gcmsNumber = await db.createGcmsApplication(gcmsApplication());
        await notify('csq-request', 'midi', 'csq');
        await notify('destination-request', 'midi', 'destination');
      }
      await publish();
    });
  }

  while (!s.outcome) {
    const due = nextDeadline(s, policy);
    const seen = s.revision;
    const changed = () => s.revision !== seen || Boolean(s.outcome) || mustContinueAsNew();
    if (due) {
      // The summary names the deadline on the timer in the Temporal UI's timeline.
      const summary = due.about ? `${due.kind} (${due.about})` : due.kind;
      const waited = await condition(changed, Math.max(due.dueAt - Date.now(), 1), { summary });
      if (!waited) await serially(() => passDeadline(due));
    } else {
      await condition(changed);
    }
    if (mustContinueAsNew() && !s.outcome) {
      await condition(allHandlersFinished);
      await effects;
      await continueAsNew<typeof caseWorkflowV1>({ ...input, carried: s });
    }
  }

  await condition(allHandlersFinished);
  await effects;
  return caseView(s, policy);

  /** Acts on a deadline that has passed, unless a change made while it fired has removed it. */
  async function passDeadline(due: Deadline): Promise<void> {
    const still = pendingDeadlines(s, policy).find(
      (d) => d.kind === due.kind && d.about === due.about && d.dueAt <= Date.now(),
    );
    if (!still || s.outcome) return;
    await onDeadline[still.kind](still);
    await publish();
  }

  /** Rejects an Update with the rule's reason; Temporal's history stays clean. */
  function refuse(reason: Refusal): void {
    if (reason) throw refusalFailure(RULE_REFUSED, reason);
  }

  function mustContinueAsNew(): boolean {
    return workflowInfo().continueAsNewSuggested || updatesThisRun >= (input.maxUpdatesPerRun ?? MAX_UPDATES_PER_RUN);
  }
}
