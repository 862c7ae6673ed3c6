/** One route per row of the decisions table: authorize, check the body, send the decision's Update, answer. */
import type { FastifyReply } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { DECISION_NAMES, DECISIONS, decisionUpdate, type DecisionBody, type DecisionName } from '../../../domain/decisions';
import * as S from '../../../domain/schemas';
import { requireRoles } from '../../auth';
import { caseFor } from '../../case-store';
import { plausible } from '../../edge';
import { CASE_POST_ERRORS, security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import { answerOnce, idempotencyKey, sendAnswer } from './idempotency';
import { updateCase } from './workflow-calls';

export function decisionRoutes(app: CaseApp, ctx: CaseContext): void {
  for (const name of DECISION_NAMES) {
    const row = DECISIONS[name];
    app.post(
      `/applications/:caseId/${row.path}`,
      { onRequest: requireRoles(row.roles),
        preHandler: plausible(row),
        schema: {
          summary: row.summary,
          description: `Roles: ${row.roles.join(', ')}. Answers 200 with the case once the workflow accepted the decision, 409 with the rule when it refuses it.`,
          tags: ['decisions'],
          security,
          params: S.CaseIdParams,
          body: row.body,
          response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
        },
      },
      (request, reply) => sendDecision(ctx, name, request, reply),
    );
  }
}

/**
 * A decision on a case, once per Idempotency-Key: 200 with the case the workflow answers, or the case's refusal
 * (409 by its rule, 400 when it shows the input wrong).
 */
export async function sendDecision<N extends DecisionName>(
  ctx: CaseContext,
  name: N,
  request: CaseRequest<{ Params: Static<typeof S.CaseIdParams>; Body: DecisionBody<N> }>,
  reply: FastifyReply,
) {
  const { actor } = request;
  const record = await caseFor(ctx.pool, request.params.caseId, actor);
  const key = idempotencyKey(request);
  const answer = await answerOnce(ctx.pool, request, record.caseId, name, async () => ({
    statusCode: 200,
    body: await updateCase(ctx, record, (handle) =>
      handle.executeUpdate(decisionUpdate(name), {
        args: [{ body: request.body, by: actor.role }],
        // Temporal itself then applies a retried update once.
        updateId: key ? `${name}:${key}` : undefined,
      }),
    ),
  }));
  return sendAnswer(reply, answer);
}
