/**
 * How the routes talk to a case's workflow: its view while it runs, an Update bounded in time, and the 503
 * or 409 answers when the workflow does not answer or has ended.
 */
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type WorkflowHandle } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { CaseView } from '../../../domain/case';
import { caseWorkflowId } from '../../../domain/case-types';
import { caseQuery } from '../../../domain/decisions';
import { findCase, type CaseRecordRow } from '../../case-store';
import { closedCaseMessage } from '../../../domain/closed';
import { words, type Words } from '../../../domain/words';
import { conflict, grpcCode, isUnavailable, ruleRefusal, unavailable } from '../../errors';
import type { CaseContext } from './deps';
import { logger } from '../../../infra/logger';

const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * gRPC codes after which an Update may or may not have been applied: cancelled, unknown, deadline, resource
 * exhausted, failed precondition, aborted, internal, unavailable. Not those that say the call was refused outright
 * (invalid argument, not found, permission, …).
 */
const INDETERMINATE_CODES = new Set([1, 2, 4, 8, 9, 10, 13, 14]);

/** Spec §4: a 503 given after Temporal may have admitted the Update says so. */
export const MAY_STILL_APPLY =
  'The case did not confirm the request in time (Temporal or the worker is slow or unavailable); it may still be applied: read the case before sending it again.';

/** What the API says when a case's workflow has ended and its database copy shows no outcome. */
const ENDED_WITHOUT_OUTCOME = words(
  'The case is closing; no action is allowed on a closed case.',
  "Le dossier est en train de se fermer ; aucune action n'est permise sur un dossier fermé.",
);

/** An unavailable Temporal after the Update may have been admitted: a deadline, not a refused connection. */
export function mayStillApply(err: unknown): boolean {
  return err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || grpcCode(err) === GRPC_DEADLINE_EXCEEDED;
}

/** A Temporal failure as the person should read it: 503 "may still be applied" when it may, as it is otherwise. */
export function whenUnconfirmed(err: unknown): unknown {
  return isUnavailable(err) && mayStillApply(err) ? unavailable(MAY_STILL_APPLY) : err;
}

/**
 * The case as it is now: the workflow's own view while it is open (the database's copy follows each
 * change as an effect, a moment later: rule 19), the copy once it is closed or when the workflow
 * does not answer in time.
 */
export async function currentView(ctx: CaseContext, record: CaseRecordRow, request: FastifyRequest): Promise<CaseView> {
  if (record.outcome) return record.view;
  try {
    return await ctx.withinTimeout(() => ctx.client.workflow.getHandle(caseWorkflowId(record.caseId)).query(caseQuery));
  } catch (err) {
    request.log.warn({ caseId: record.caseId, err: (err as Error).message }, 'case query failed; serving the read model');
    return record.view;
  }
}

/**
 * Sends an Update to a case. The case refuses by its rules (409, or 400 when it shows the input wrong), closed
 * cases included while their workflow runs; once the workflow has ended, `whenEnded` gives the 409's words from
 * the database's copy. 503 when nobody answers in time.
 */
export async function updateCase<T>(
  ctx: CaseContext,
  record: CaseRecordRow,
  send: (handle: WorkflowHandle) => Promise<T>,
  whenEnded: (record: CaseRecordRow) => Words | null = closedCaseWords,
): Promise<T> {
  try {
    return await ctx.withinTimeout(() => send(ctx.client.workflow.getHandle(caseWorkflowId(record.caseId))));
  } catch (err) {
    if (ruleRefusal(err)) throw err;
    if (isUnavailable(err)) throw whenUnconfirmed(err);
    if ((err as Error).name === 'WorkflowNotFoundError') {
      const ended = (await findCase(ctx.pool, record.caseId)) ?? record;
      throw conflict(whenEnded(ended) ?? ENDED_WITHOUT_OUTCOME);
    }
    // Any other failure of the call itself (Temporal aborted the Update while a worker died, …): nobody can say
    // whether it applied, which is what the person must be told — never a 500 for a decision that may stand.
    if (err instanceof ServiceError && INDETERMINATE_CODES.has(grpcCode(err) ?? 2)) {
      logger.warn({ caseId: record.caseId, grpcCode: grpcCode(err), err: (err as Error).message }, 'Update call failed; answered 503');
      throw unavailable(MAY_STILL_APPLY);
    }
    throw err;
  }
}

/** Rule 14's words for a case whose workflow has ended, read from its database copy. */
function closedCaseWords(record: CaseRecordRow): Words | null {
  return record.outcome ? closedCaseMessage(record.outcome) : null;
}
