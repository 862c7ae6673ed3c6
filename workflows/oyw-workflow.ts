/**
 * One OYW application (IRPR s.141), a child of its case: MIDI's selection first, then ROC-O's
 * decision under R141. The case holds the application's state, validates each decision and follows
 * it up (rule 13); this workflow asks MIDI and finishes with the result.
 */
import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { OYW_FOLLOW_UPS_PATCH, oywDecisionSignal, type OywInput, type OywResult } from '../domain/oyw';
import { addDuration } from '../domain/policy';

const { sendNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function oywWorkflow(input: OywInput): Promise<OywResult> {
  let selection: 'approved' | 'refused' | null = null;
  let outcome: 'approved' | 'refused' | null = null;
  setHandler(oywDecisionSignal, ({ decision, by }) => {
    if (by === 'midi' && !selection) selection = decision;
    else if (by === 'roc-o' && selection === 'approved' && !outcome) outcome = decision;
  });

  const remindsItself = !patched(OYW_FOLLOW_UPS_PATCH);
  // MIDI's language comes from configuration; children started before kept French.
  const notice = { caseId: input.caseId, party: 'midi' as const, ...(remindsItself && { language: 'fr' as const }), details: { oywId: input.oywId } };
  // Applications opened since OYW_REQUEST_PATCH: the case sent the request among its effects.
  if (!input.requestedByCase) await sendNotice({ ...notice, kind: 'oyw-selection-request', step: input.oywId });
  if (remindsItself) {
    for (let reminders = 1; !selection; reminders++) {
      const remindAt = addDuration(Date.now(), input.policy.midiFollowUp);
      if (!(await condition(() => selection !== null, remindAt - Date.now()))) {
        await sendNotice({ ...notice, kind: 'midi-reminder', step: `${input.oywId}-selection-${reminders}` });
      }
    }
  } else {
    await condition(() => selection !== null);
  }
  if (selection === 'refused') return { oywId: input.oywId, selection, outcome: 'refused' };
  await condition(() => outcome !== null);
  return { oywId: input.oywId, selection: 'approved', outcome: outcome! };
}
