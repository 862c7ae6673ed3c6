/** Rule 19: ops run again an effect that failed for good, once its cause is mended. */
import type { FastifyReply } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { CaseView } from '../../../domain/case';
import { effectNotRetriedMessage } from '../../../domain/closed';
import { retryEffectUpdate } from '../../../domain/effects';
import * as S from '../../../domain/schemas';
import { requireRoles } from '../../auth';
import { caseFor } from '../../case-store';
import { notFound } from '../../errors';
import { CASE_POST_ERRORS, security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import { answerOnce, idempotencyKey, sendAnswer } from './idempotency';
import { currentView, updateCase } from './workflow-calls';

export function effectRoutes(app: CaseApp, ctx: CaseContext): void {
  app.post(
    '/applications/:caseId/effects/:effectId/retry',
    { onRequest: requireRoles(['ops', 'roc-o']),
      schema: {
        summary: 'Run again an effect that failed for good (rule 19), once its cause is mended',
        description: 'Roles: ops, roc-o. Answers 200 with the case, the effect pending again; 409 when it is not failed.',
        tags: ['effects'],
        security,
        params: S.EffectParams,
        response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
      },
    },
    (request, reply) => retryEffect(ctx, request, reply),
  );
}

/**
 * 200 with the case, the effect pending again; 404 for an effect the case does not have; 409 when the case says
 * it is not failed, or, its workflow ended, from the effect's status in the database's copy.
 */
export async function retryEffect(
  ctx: CaseContext,
  request: CaseRequest<{ Params: Static<typeof S.EffectParams> }>,
  reply: FastifyReply,
) {
  const { actor } = request;
  const record = await caseFor(ctx.pool, request.params.caseId, actor);
  const { effectId } = request.params;
  const effectIn = (view: CaseView) => (view.effects ?? []).find((e) => e.effectId === effectId);
  if (!effectIn(record.view) && !effectIn(await currentView(ctx, record, request))) throw notFound(`The case has no effect ${effectId}.`);
  const key = idempotencyKey(request);
  const answer = await answerOnce(ctx.pool, request, record.caseId, `retryEffect:${effectId}`, async () => ({
    statusCode: 200,
    body: await updateCase(
      ctx,
      record,
      (handle) =>
        handle.executeUpdate(retryEffectUpdate, {
          args: [{ effectId, by: actor.role }],
          updateId: key ? `retryEffect:${effectId}:${key}` : undefined,
        }),
      // A workflow ends only once every effect is done: its last copy says so.
      (ended) => effectNotRetriedMessage(effectId, effectIn(ended.view)?.status),
    ),
  }));
  return sendAnswer(reply, answer);
}
