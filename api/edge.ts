/**
 * Spec §4 "Bad input" at the edge, after the schemas: the plausibility checks of domain/plausibility.ts
 * run as a route's preHandler, so that an impossible request gets 400 before any case starts or
 * changes, and before any Idempotency-Key stores an answer.
 */
import type { preHandlerAsyncHookHandler } from 'fastify';
import { quebecDate } from '../domain/calendar';
import type { PlausibilityCheck } from '../domain/plausibility';
import { badRequest } from './errors';

/** A row of the decisions table, as far as this needs it. */
interface DecisionRowLike {
  path: string;
  plausibility?: PlausibilityCheck;
}

/**
 * A preHandler that answers 400 `{field} {what is wrong}` when the check finds the body implausible
 * on Quebec's date today. Takes a check, or a decision row (its `plausibility` column, if any).
 */
export function plausible(check: PlausibilityCheck | DecisionRowLike): preHandlerAsyncHookHandler {
  const fn = typeof check === 'function' ? check : check.plausibility;
  return async (request) => {
    if (!fn) return;
    const found = fn(request.body as never, quebecDate(Date.now()));
    if (found) throw badRequest(`${found.field} ${found.message}`);
  };
}
