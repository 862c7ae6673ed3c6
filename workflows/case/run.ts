/**
 * One run of a case: its state, the policy it keeps, its effects queue, and the few changes every decision and
 * deadline shares (publishing a change, closing, asking MIDI, keeping a decision). Decisions, deadlines and
 * handlers are built on it in their own modules.
 */
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { AwaitedMidiDecision, CaseState } from '../../domain/case';
import { caseDetails } from '../../domain/case-details';
import type { Outcome, Role } from '../../domain/case-types';
import { DONE_EFFECTS_KEPT, type Effect } from '../../domain/effects';
import type { Policy } from '../../domain/policy';
import { caseSearchAttributes } from '../../domain/search-attributes';
import type { RuleContext } from '../rules';
import { EffectsQueue } from './effects';

export class CaseRun {
  readonly effects: EffectsQueue;
  /** The database's copy exists: written once by this run, or by the run this one continues. */
  recorded: boolean;
  /** Updates this run has taken (it continues as new past a limit). */
  updates = 0;
  /** The run publishes the search attributes for ops's questions too (patch `ops-search-attributes`). */
  opsQuestions = false;
  private published: string[] = [];

  /**
   * @param s the case's state (with its effects queue, started here for a case carried over from the frozen code)
   * @param carried the run continues an earlier one, which wrote the database's copy
   */
  constructor(
    readonly s: CaseState & { effects: Effect[] },
    readonly policy: Policy,
    carried: boolean,
  ) {
    this.recorded = carried;
    this.effects = new EffectsQueue(s, policy, (effect) => this.settled(effect));
  }

  /** What a rule may look at besides the case and the request. */
  rules(): RuleContext {
    return { policy: this.policy, now: Date.now() };
  }

  /** After every change: a new revision, the search attributes, the UI's current details, and the database's copy queued. */
  changed(): void {
    this.s.revision++;
    const attributes = caseSearchAttributes(this.s, this.policy, { opsQuestions: this.opsQuestions });
    const diff = attributes.filter((a, i) => JSON.stringify(a.value) !== this.published[i]);
    if (diff.length) upsertSearchAttributes(diff);
    this.published = attributes.map((a) => JSON.stringify(a.value));
    // Not a command: the UI reads it with the workflow's metadata query, so every run may set it.
    setCurrentDetails(caseDetails(this.s, this.policy));
    this.effects.enqueue({ kind: 'case-record' });
  }

  close(outcome: Outcome): void {
    const { s } = this;
    s.outcome = outcome;
    s.stage = 'closed';
    s.closedAt = Date.now();
    s.midiRequests = {};
  }

  askMidi(about: AwaitedMidiDecision): void {
    this.s.midiRequests[about] = { requestedAt: Date.now(), lastReminderAt: null, reminders: 0 };
  }

  answeredByMidi(about: AwaitedMidiDecision): void {
    delete this.s.midiRequests[about];
  }

  /** Rule 17: every decision kept on the case with its value, reason, role and time, newest last. */
  keep(name: string, decision: string, reason: string | undefined, role: Role): void {
    (this.s.decisions ??= []).push({ name, decision, reason: reason ?? null, role, at: new Date(Date.now()).toISOString() });
  }

  /** What an effect's end changes on the case: a reminder's next one counts from when it was sent (rule 20). */
  private settled(effect: Effect): void {
    const { s } = this;
    const { request } = effect;
    const effects = s.effects;
    if (request.kind === 'case-record') {
      this.recorded ||= effect.status === 'done';
      if (effect.status === 'done') effects.splice(effects.indexOf(effect), 1);
      else this.changed();
      return;
    }
    if (request.kind === 'notice' && request.notice.kind === 'midi-reminder') {
      const req = s.midiRequests[request.notice.details?.about as AwaitedMidiDecision];
      if (req) Object.assign(req, { lastReminderAt: Date.now(), reminderPending: false });
    }
    if (request.kind === 'notice' && request.notice.kind === 'pr-deadline-reminder') {
      Object.assign(s.prApplication, { lastReminderAt: Date.now(), reminderPending: false });
    }
    const done = effects.filter((e) => e.status === 'done');
    for (const old of done.slice(0, Math.max(done.length - DONE_EFFECTS_KEPT, 0))) effects.splice(effects.indexOf(old), 1);
    this.changed();
  }
}
