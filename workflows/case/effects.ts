/**
 * The effects queue (rule 19): what follows a decision — GCMS, notices, the database's copy — kept in the
 * case's state and run after the decision is answered, one at a time, in the order queued. A failure an
 * activity raises as permanent parks its effect as `failed`, in words; anything else is retried by the
 * activity's retry policy until it passes.
 */
import { ActivityFailure, ApplicationFailure, condition, proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { caseView, shownDeadline, type CaseState } from '../../domain/case';
import type { NoticeKind, Party } from '../../domain/case-types';
import { PERMANENT_EFFECT_FAILURE, type Effect, type EffectRequest, type QueuedNotice } from '../../domain/effects';
import type { Policy } from '../../domain/policy';
import type { NoticeDetails } from '../../notices/content';

/**
 * How an effect's activity runs: a database that is down comes back, so it is tried again, backing off to once a
 * minute; a failure that retrying cannot mend is raised as PermanentEffectFailure and parks the effect (rule 19).
 */
const EFFECT_ACTIVITY = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [PERMANENT_EFFECT_FAILURE],
  },
} satisfies ActivityOptions & LocalActivityOptions;

const db = proxyActivities<Activities>(EFFECT_ACTIVITY);

/**
 * The opening's database copy, written in the opening's own workflow task: the case answers its opening without a
 * round trip through the server for an activity. Retried like the others; the opening waits for it in any case.
 */
const local = proxyLocalActivities<Activities>(EFFECT_ACTIVITY);

export class EffectsQueue {
  /** The effect whose activity is in flight. */
  running: Effect | undefined;
  /** Set while the run hands over to the next (continue-as-new): no new effect starts. */
  handingOver = false;
  /** The next database copy is the opening's: written by a local activity (patch `opening-recorded-locally`). */
  openingRecord = false;

  /**
   * @param s the case, whose `effects` is the queue
   * @param settled called when an effect is done or has failed for good, with the effect
   */
  constructor(
    private readonly s: CaseState & { effects: Effect[] },
    private readonly policy: Policy,
    private readonly settled: (effect: Effect) => void,
  ) {}

  get effects(): Effect[] {
    return this.s.effects;
  }

  /** Queues an effect; the database's copy is written as the case is when it runs, so one waiting (or failed) write is enough. */
  enqueue(request: EffectRequest): Effect {
    const waiting = this.effects.find(
      (e) => e.request.kind === 'case-record' && (e.status === 'failed' || (e.status === 'pending' && e !== this.running)),
    );
    if (request.kind === 'case-record' && waiting) return waiting;
    const effect: Effect = { effectId: `e${++this.s.effectSeq!}`, request, status: 'pending', retries: 0 };
    this.effects.push(effect);
    return effect;
  }

  /** Queues a notice; its language is the sponsor's contact's, or (other parties, a sponsor without one) configuration's. */
  notify(kind: NoticeKind, party: Party, step: string, extra: Partial<QueuedNotice> = {}): Effect {
    const language = party === 'sponsor' ? this.s.sponsor?.contact.language : undefined;
    return this.enqueue({ kind: 'notice', notice: { kind, party, step, ...(language && { language }), ...extra } });
  }

  /** GCMS has (or will have) the case's application: there is a record to close. */
  gcmsQueued(): boolean {
    return Boolean(this.s.gcmsNumber) || this.effects.some((e) => e.request.kind === 'gcms-application');
  }

  /** Every effect done: none pending, running or failed. */
  allDone(): boolean {
    return !this.running && this.effects.every((e) => e.status === 'done');
  }

  private nextPending(): Effect | undefined {
    return this.handingOver ? undefined : this.effects.find((e) => e.status === 'pending');
  }

  /** Runs the queue for the life of the run. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => this.nextPending() !== undefined);
      const effect = this.nextPending()!;
      this.running = effect;
      try {
        await this.perform(effect.request);
        effect.status = 'done';
        delete effect.error;
      } catch (err) {
        effect.status = 'failed';
        effect.error = failureWords(err);
      }
      this.running = undefined;
      this.settled(effect);
    }
  }

  private async perform(request: EffectRequest): Promise<void> {
    const { s, policy } = this;
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
        const email = notice.party === 'sponsor' ? s.sponsor?.contact.email : undefined;
        return db.sendNotice({
          ...notice,
          caseId,
          stream: s.stream,
          visaOffice: s.visaOffice,
          ...(s.gcmsNumber && { gcmsNumber: s.gcmsNumber }),
          ...(email && { recipientEmail: email }),
          details: { ...notice.details, ...noticeFacts(s, notice) },
        });
      }
      case 'case-record': {
        const next = shownDeadline(s, policy);
        const recorder = this.openingRecord ? local : db;
        this.openingRecord = false;
        return recorder.recordCase({
          caseId,
          revision: s.revision,
          sponsorGroupId: s.sponsor?.groupId ?? null,
          nextDeadlineAt: next && Number.isFinite(next.dueAt) ? new Date(next.dueAt).toISOString() : null,
          view: caseView(s, policy),
        });
      }
    }
  }
}

/**
 * What a notice tells as the case is when it is sent (spec §3, notices): the NAT's persons travelling (names and
 * dates of birth only: the principal applicant and the accompanying family members), its final destination (GAR)
 * and sponsor (PSR); the destination and arrival a post-arrival services request names. Nothing for other kinds.
 */
function noticeFacts(s: CaseState, notice: QueuedNotice): NoticeDetails {
  if (notice.kind === 'nat' || notice.kind === 'nat-amended') {
    const persons = [s.principalApplicant, ...s.familyMembers.filter((m) => m.accompanying)];
    return {
      travellers: persons.map(({ familyName, givenNames, dateOfBirth }) => ({ familyName, givenNames, dateOfBirth })),
      ...(s.stream === 'GAR' && s.destination && { destination: s.destination }),
      ...(s.stream === 'PSR' && s.sponsor && { sponsor: { name: s.sponsor.name, groupId: s.sponsor.groupId } }),
    };
  }
  if (notice.kind === 'post-arrival-services-request') {
    return {
      ...(s.destination && { destination: s.destination }),
      ...(s.arrival && { arrivedOn: s.arrival.arrivedOn, portOfEntry: s.arrival.portOfEntry }),
    };
  }
  return {};
}

/** An effect's failure in words for the case and ops: the activity's own words, never its data. */
function failureWords(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === PERMANENT_EFFECT_FAILURE) return cause.message;
  return 'The effect failed and was not retried.';
}
