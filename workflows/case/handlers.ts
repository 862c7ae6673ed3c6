/**
 * The case's messages (domain/decisions.ts, domain/oyw.ts, domain/effects.ts): each Update's validator asks the
 * rules (workflows/rules) and throws their words, which the API answers as 409 (or 400 for input the case shows
 * wrong); its handler changes the case and answers at once. Temporal's history keeps only what was accepted.
 */
import { condition, getExternalWorkflowHandle, ParentClosePolicy, patched, setHandler, startChild } from '@temporalio/workflow';
import { caseView, type AwaitedMidiDecision } from '../../domain/case';
import { oywWorkflowId } from '../../domain/case-types';
import { BAD_INPUT, caseOpenedUpdate, caseQuery, DECISION_NAMES, DECISION_PATHS, decisionUpdate, refusalFailure, RULE_REFUSED } from '../../domain/decision-messages';
import { REJECTED_SIGNALS_KEPT, RETRY_SIGNAL_MALFORMED, retryEffectSignal, retryEffectSignalId, retryEffectUpdate } from '../../domain/effects';
import { documentUploadedUpdate } from '../../domain/documents';
import { OYW_REQUEST_PATCH, openOywUpdate, oywDecisionSignal, oywDecisionUpdate } from '../../domain/oyw';
import { oywWorkflow } from '../oyw-workflow';
import { decisionRefusal, type Refusal } from '../rules';
import { retryEffectRefusal } from '../rules/changes';
import { documentRefusal } from '../rules/pr-application';
import { decisionInputFault, type InputFault } from '../rules/input';
import { oywDecisionRefusal, oywOpeningRefusal } from '../rules/oyw';
import { decisionsOf, decisionWord, documentUploaded, UNCHANGED, type Decide } from './decisions';
import type { CaseRun } from './run';

/** How long a complete PR application waits for GCMS's number before answering without it. */
const GCMS_NUMBER_WAIT = '10 seconds';

/** Registers the case's query and Updates on one run. */
export function registerHandlers(run: CaseRun): void {
  const { s, policy } = run;
  const decide = decisionsOf(run);

  setHandler(caseQuery, () => caseView(s, policy));

  setHandler(caseOpenedUpdate, async () => {
    await condition(() => run.recorded);
    return caseView(s, policy);
  });

  for (const name of DECISION_NAMES) {
    setHandler(
      decisionUpdate(name),
      async (request) => {
        run.updates++;
        // The table pairs each name with its body; TypeScript cannot follow that pairing through a loop.
        const awaited = (decide[name] as Decide<typeof name>)(request.body);
        if (awaited === UNCHANGED) return caseView(s, policy);
        const body = request.body as { decision?: string; reason?: string };
        run.keep(DECISION_PATHS[name], body.decision ?? decisionWord(name, request.body), body.reason, request.by);
        run.changed();
        // The one answer that carries an effect's result: a filed PR application shows its GCMS number.
        if (awaited) await condition(() => awaited.status !== 'pending', GCMS_NUMBER_WAIT);
        return caseView(s, policy);
      },
      {
        validator: (request) => {
          refuse(decisionRefusal(name, s, request.body, run.rules()));
          refuseInput(decisionInputFault(name, s, request.body, run.rules()));
        },
      },
    );
  }

  setHandler(
    documentUploadedUpdate,
    ({ document }) => {
      run.updates++;
      documentUploaded(run, document);
      run.changed();
      return caseView(s, policy);
    },
    { validator: (_request) => refuse(documentRefusal(s)) },
  );

  /** Rule 19: a failed effect runs again (the rule allowed it). */
  const retry = (effectId: string) => {
    const effect = s.effects.find((e) => e.effectId === effectId)!;
    effect.status = 'pending';
    effect.retries++;
    run.changed();
  };

  setHandler(
    retryEffectUpdate,
    ({ effectId }) => {
      run.updates++;
      retry(effectId);
      return caseView(s, policy);
    },
    { validator: ({ effectId }) => refuse(retryEffectRefusal(s, effectId)) },
  );

  // The same retry from the Temporal UI's "Send a Signal" dialog. A Signal cannot be refused: one the route would
  // refuse (input not {effectId}, an effect not failed or unknown) is kept as rejected and changes nothing else.
  setHandler(
    retryEffectSignal,
    (input: unknown) => {
      run.updates++;
      const effectId = retryEffectSignalId(input);
      const reason = effectId === null ? RETRY_SIGNAL_MALFORMED : retryEffectRefusal(s, effectId);
      if (!reason) return retry(effectId!);
      const rejected = (s.rejectedSignals ??= []);
      rejected.push({ signal: 'retryEffect', effectId, reason: inEnglish(reason), at: new Date(Date.now()).toISOString() });
      rejected.splice(0, Math.max(rejected.length - REJECTED_SIGNALS_KEPT, 0));
      run.changed();
    },
    { description: 'Ops: run again an effect that failed for good (rule 19). Input: {"effectId": "e3"}, as the case lists it in effects.' },
  );

  setHandler(
    openOywUpdate,
    async ({ body }) => {
      run.updates++;
      const n = s.oyw.length + 1;
      const oywId = `oyw-${n}`;
      s.oyw.push({ oywId, memberId: body.memberId, status: 'open', outcome: null, selection: null });
      // Rule 13: MIDI's selection is followed up like its other decisions (rule 15).
      if (s.oywFollowUps) run.askMidi(oywId as AwaitedMidiDecision);
      // The request to MIDI is one of the case's effects (rule 19): in order, parked if refused, retried by ops.
      const requestedByCase = patched(OYW_REQUEST_PATCH);
      if (requestedByCase) run.effects.notify('oyw-selection-request', 'midi', oywId, { details: { oywId } });
      run.changed();
      // Abandoned, not terminated, when this run continues as new: the application outlives the run.
      await startChild(oywWorkflow, {
        workflowId: oywWorkflowId(s.caseId, n),
        args: [{ caseId: s.caseId, oywId, memberId: body.memberId, policy, ...(requestedByCase && { requestedByCase }) }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return { oywId, case: caseView(s, policy) };
    },
    { validator: ({ body }) => refuse(oywOpeningRefusal(s, body, run.rules())) },
  );

  setHandler(
    oywDecisionUpdate,
    async ({ oywId, body, by }) => {
      run.updates++;
      const n = s.oyw.findIndex((o) => o.oywId === oywId);
      const application = s.oyw[n];
      if (by === 'midi') {
        application.selection = body.decision;
        application.selectedAt = Date.now();
        run.answeredByMidi(oywId as AwaitedMidiDecision);
      }
      if (by === 'roc-o' || body.decision === 'refused') {
        application.outcome = body.decision;
        application.status = 'closed';
      }
      run.keep(by === 'midi' ? 'oyw-selection' : 'oyw-r141', body.decision, body.reason, by);
      run.changed();
      await getExternalWorkflowHandle(oywWorkflowId(s.caseId, n + 1)).signal(oywDecisionSignal, { decision: body.decision, by });
      return caseView(s, policy);
    },
    { validator: (request) => refuse(oywDecisionRefusal(s, request)) },
  );
}

/** A refusal's English words: the Temporal UI, where a rejected Signal is read, speaks English. */
function inEnglish(reason: string | { en: string }): string {
  return typeof reason === 'string' ? reason : reason.en;
}

/** Rejects an Update with the rule's reason (English as the message, French too in the details); Temporal's history stays clean. */
function refuse(reason: Refusal): void {
  if (reason) throw refusalFailure(RULE_REFUSED, reason);
}

/** Rejects an Update whose input the case shows to be wrong: the API answers 400. */
function refuseInput(fault: InputFault): void {
  if (fault) throw refusalFailure(BAD_INPUT, fault);
}
