/** One-year window (OYW) applications on a case: opening one, and MIDI's then ROC-O's decision on it. */
import type { FastifyReply } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { CaseView } from '../../../domain/case';
import { oywWorkflowId } from '../../../domain/case-types';
import { openOywUpdate, oywDecisionUpdate } from '../../../domain/oyw';
import * as S from '../../../domain/schemas';
import { requireRoles } from '../../auth';
import { caseFor } from '../../case-store';
import { notFound } from '../../errors';
import { CASE_POST_ERRORS, security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import { answerOnce, idempotencyKey, sendAnswer } from './idempotency';
import { currentView, updateCase } from './workflow-calls';

export function oywRoutes(app: CaseApp, ctx: CaseContext): void {
  app.post(
    '/applications/:caseId/oyw-applications',
    { onRequest: requireRoles(['roc-o']),
      schema: {
        summary: 'Open a one-year window (OYW) application for a family member left behind',
        tags: ['oyw'],
        security,
        params: S.CaseIdParams,
        body: S.OywApplicationBody,
        response: { 201: S.OywOpened, ...CASE_POST_ERRORS },
      },
    },
    (request, reply) => openOywApplication(ctx, request, reply),
  );

  app.post(
    '/applications/:caseId/oyw-applications/:oywId/decision',
    { onRequest: requireRoles(['midi', 'roc-o']),
      schema: {
        summary: "MIDI's selection, then ROC-O's decision under R141, on an OYW application",
        tags: ['oyw'],
        security,
        params: S.OywParams,
        body: S.OywDecisionBody,
        response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
      },
    },
    (request, reply) => decideOywApplication(ctx, request, reply),
  );
}

/** 201 with the application the case opened (and its workflow's id). */
export async function openOywApplication(
  ctx: CaseContext,
  request: CaseRequest<{ Params: Static<typeof S.CaseIdParams>; Body: Static<typeof S.OywApplicationBody> }>,
  reply: FastifyReply,
) {
  const { actor } = request;
  const record = await caseFor(ctx.pool, request.params.caseId, actor);
  const key = idempotencyKey(request);
  const answer = await answerOnce(ctx.pool, request, record.caseId, 'openOywApplication', async () => {
    const opened = await updateCase(ctx, record, (handle) =>
      handle.executeUpdate(openOywUpdate, {
        args: [{ body: request.body, by: actor.role }],
        updateId: key ? `openOywApplication:${key}` : undefined,
      }),
    );
    const application = opened.case.oyw.find((o) => o.oywId === opened.oywId)!;
    return {
      statusCode: 201,
      body: { ...application, caseId: record.caseId, workflowId: oywWorkflowId(record.caseId, opened.case.oyw.length) },
    };
  });
  return sendAnswer(reply, answer);
}

/** 200 with the case; 404 for an application the case does not have. */
export async function decideOywApplication(
  ctx: CaseContext,
  request: CaseRequest<{ Params: Static<typeof S.OywParams>; Body: Static<typeof S.OywDecisionBody> }>,
  reply: FastifyReply,
) {
  const { actor } = request;
  const record = await caseFor(ctx.pool, request.params.caseId, actor);
  const { oywId } = request.params;
  const has = (view: CaseView) => view.oyw.some((o) => o.oywId === oywId);
  if (!has(record.view) && !has(await currentView(ctx, record, request))) throw notFound(`The case has no OYW application ${oywId}.`);
  const key = idempotencyKey(request);
  const answer = await answerOnce(ctx.pool, request, record.caseId, `oywDecision:${oywId}`, async () => ({
    statusCode: 200,
    body: await updateCase(ctx, record, (handle) =>
      handle.executeUpdate(oywDecisionUpdate, {
        args: [{ oywId, body: request.body, by: actor.role }],
        updateId: key ? `oywDecision:${oywId}:${key}` : undefined,
      }),
    ),
  }));
  return sendAnswer(reply, answer);
}
