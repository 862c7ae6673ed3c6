/**
 * The deadlines (spec §3 rules 2, 9, 10, 13, 14, 15, 20): what happens when each kind passes — a change to the
 * case and the effects it queues. The main loop waits for the earliest; `passDeadline` acts on it.
 */
import { CLOSING_DEADLINES, pendingDeadlines, prRemindersDueBy, type AwaitedMidiDecision, type Deadline, type DeadlineKind } from '../../domain/case';
import type { CaseRun } from './run';
import { quebecDate } from '../../domain/calendar';
import { addDuration } from '../../domain/policy';

export type DeadlineActions = Record<DeadlineKind, (d: Deadline) => void>;

/** The deadline actions of one case run. */
export function deadlineActionsOf(run: CaseRun): DeadlineActions {
  const { s, policy } = run;
  return {
    'pr-application-reminder'() {
      // Rule 20: reminders whose moments all passed while the system was down are sent as one.
      s.prApplication.remindersSent = prRemindersDueBy(s, policy, Date.now());
      s.prApplication.reminderPending = true;
      const dueOn = quebecDate(addDuration(s.sponsorship.approvedAt!, policy.prApplicationDeadline));
      run.effects.notify('pr-deadline-reminder', 'sponsor', `reminder-${s.prApplication.remindersSent}`, { details: { dueOn } });
    },
    'pr-application-deadline'() {
      run.close('abandoned');
    },
    'midi-follow-up'(d) {
      const req = s.midiRequests[d.about as AwaitedMidiDecision];
      if (!req) return;
      req.reminders++;
      req.reminderPending = true;
      run.effects.notify('midi-reminder', 'midi', `${d.about}-${req.requestedAt}-${req.reminders}`, {
        details: { about: d.about, reminder: req.reminders },
      });
    },
    'undertaking-lapse'() {
      s.sponsorship.status = 'lapsed';
      if (s.csq.status === 'requested') s.csq = { status: 'lapsed' };
      const filed = run.effects.gcmsQueued();
      run.close('lapsed');
      if (filed) run.effects.enqueue({ kind: 'gcms-closure', reason: 'lapsed' });
    },
    'visa-expiry'() {
      s.visa = { ...s.visa, status: 'expired' };
      run.close('visa-expired');
    },
    'no-show'() {
      const travel = s.travel!;
      travel.noShowAlerted = true;
      run.effects.notify('no-show-alert', 'roc-o', `booking-${travel.bookings}`, { details: { arrivalDate: travel.arrivalDate } });
    },
    'settlement-report'() {
      s.settlementReminderSent = true;
      run.effects.notify('settlement-report-reminder', 'sponsor', 'settlement-report');
    },
    settlement() {
      run.close('settled');
    },
    'oyw-decision-due'(d) {
      // Rule 13: shown as overdue (the case's deadline, the attention report) until ROC-O decides.
      const application = s.oyw.find((o) => o.oywId === d.about);
      if (application) application.decisionOverdue = true;
    },
  };
}

/**
 * Acts on a deadline that has passed, unless a change made while it fired has removed it. A deadline
 * that closes the case and has also passed comes first: no reminder after its own deadline (rule 20).
 */
export function passDeadline(run: CaseRun, actions: DeadlineActions, due: Deadline): void {
  const { s, policy } = run;
  const passed = pendingDeadlines(s, policy).filter((d) => d.dueAt <= Date.now());
  const closing = passed.find((d) => CLOSING_DEADLINES.has(d.kind));
  const still = closing ?? passed.find((d) => d.kind === due.kind && d.about === due.about);
  if (!still || s.outcome) return;
  actions[still.kind](still);
  run.changed();
}
