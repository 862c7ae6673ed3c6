/**
 * The resettlement case: one long-lived workflow per case. Its Updates take the decisions people send
 * (./case/handlers.ts: refused by the rules in ./rules, applied by ./case/decisions.ts) and answer at once;
 * what follows a decision — GCMS, notices, the database's copy — is queued in the state and run in order by
 * the effects queue (./case/effects.ts, rule 19); this loop keeps the follow-up timers (./case/deadlines.ts)
 * and hands the case over to a new run when the history grows long. The state and its views live in domain/.
 */
import { allHandlersFinished, condition, continueAsNew, patched, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { caseView, nextDeadline, openCase, type CaseInput, type CaseState, type CaseView, type Deadline } from '../domain/case';
import { caseDetails } from '../domain/case-details';
import type { Effect } from '../domain/effects';
import { OYW_FOLLOW_UPS_PATCH } from '../domain/oyw';
import { caseWorkflowV1 } from './legacy/case-workflow-v1';
import { deadlineActionsOf, passDeadline } from './case/deadlines';
import { registerHandlers } from './case/handlers';
import { CaseRun } from './case/run';

/** Cases started before effects left the decision path run the frozen code (see ./legacy). */
export const EFFECTS_QUEUE_PATCH = 'effects-queue';

/**
 * Cases opened since the opening's database copy came first, written by a local activity in the opening's own
 * workflow task (before GCMS and MIDI's requests, which follow it).
 */
export const OPENING_RECORDED_LOCALLY_PATCH = 'opening-recorded-locally';

/**
 * Runs since the deadline timer is started again only when the next deadline changes, not at every change of the
 * case (which cancelled and restarted it: two commands and two events each time).
 */
export const DEADLINE_TIMER_KEPT_PATCH = 'deadline-timer-kept';

/**
 * Runs since the case publishes the search attributes ops's questions need (`AwaitingMidi`, `OywOverdue`); a run
 * started before keeps the attributes it was published with until it continues as new.
 */
export const OPS_SEARCH_ATTRIBUTES_PATCH = 'ops-search-attributes';

/** Updates a run takes before it continues as new, well under the server's 2,000 per run. */
const MAX_UPDATES_PER_RUN = 1000;

/** The longest single timer; a later deadline is waited for in several (a far date never fails a timer). */
const MAX_TIMER_MS = 30 * 86_400_000;

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  if (!patched(EFFECTS_QUEUE_PATCH)) return caseWorkflowV1(input);
  const { policy } = input;
  const s = (input.carried ?? openCase(input, Date.now())) as CaseState & { effects: Effect[] };
  // A case carried over from the frozen code starts its queue here.
  s.effects ??= [];
  s.effectSeq ??= 0;
  const run = new CaseRun(s, policy, Boolean(input.carried));
  run.opsQuestions = patched(OPS_SEARCH_ATTRIBUTES_PATCH);
  const deadlines = deadlineActionsOf(run);
  registerHandlers(run);
  // What the Temporal UI shows under "Current details" from the start of the run (each change sets it again).
  setCurrentDetails(caseDetails(s, policy));

  // Cases (or runs) from before the case followed up its OYW applications keep to what they recorded.
  s.oywFollowUps ??= patched(OYW_FOLLOW_UPS_PATCH);
  void run.effects.run();
  if (!input.carried) {
    // The opening answers once the case is in the database's copy; since this patch, that is all it waits for.
    const recordFirst = patched(OPENING_RECORDED_LOCALLY_PATCH);
    if (recordFirst) {
      run.effects.openingRecord = true;
      run.changed();
    }
    if (s.stream === 'GAR') {
      run.effects.enqueue({ kind: 'gcms-application' });
      run.effects.notify('csq-request', 'midi', 'csq');
      run.effects.notify('destination-request', 'midi', 'destination');
    }
    if (!recordFirst) run.changed();
  }

  const mustContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested || run.updates >= (input.maxUpdatesPerRun ?? MAX_UPDATES_PER_RUN);
  const timerKept = patched(DEADLINE_TIMER_KEPT_PATCH);

  while (!s.outcome) {
    const due = nextDeadline(s, policy);
    const seen = s.revision;
    const changed = timerKept ? () => !sameDeadline(nextDeadline(s, policy), due) : () => s.revision !== seen;
    const moved = () => changed() || Boolean(s.outcome) || mustContinueAsNew();
    if (due) {
      // The summary names the deadline on the timer in the Temporal UI's timeline.
      const summary = due.about ? `${due.kind} (${due.about})` : due.kind;
      const wait = Math.min(Math.max(due.dueAt - Date.now(), 1), MAX_TIMER_MS);
      if (!(await condition(moved, wait, { summary })) && due.dueAt <= Date.now()) passDeadline(run, deadlines, due);
    } else {
      await condition(moved);
    }
    if (mustContinueAsNew() && !s.outcome) {
      run.effects.handingOver = true;
      await condition(() => allHandlersFinished() && !run.effects.running);
      await continueAsNew<typeof caseWorkflow>({ ...input, carried: s });
    }
  }

  // Closed: the run ends once every effect is done; a failed one waits for ops to retry it (rule 19).
  await condition(() => allHandlersFinished() && run.effects.allDone());
  return caseView(s, policy);
}

/** The same deadline: the same kind, about the same decision, due at the same moment (or both none). */
function sameDeadline(a: Deadline | null, b: Deadline | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.about === b.about && a.dueAt === b.dueAt);
}
