/** `POST /applications`: a case opens by starting its workflow, which writes the database's copy and answers. */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CaseInput, CaseView } from '../../../domain/case';
import { CASE_STATIC_DETAILS } from '../../../domain/case-details';
import { caseWorkflowId } from '../../../domain/case-types';
import { caseOpenedUpdate } from '../../../domain/decisions';
import { openingImplausible } from '../../../domain/plausibility';
import * as S from '../../../domain/schemas';
import type { caseWorkflow } from '../../../workflows/case-workflow';
import { requireRoles } from '../../auth';
import { findCase } from '../../case-store';
import { plausible } from '../../edge';
import { badRequest, forbidden } from '../../errors';
import { security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import { answerOnce, idempotencyKey, sendAnswer } from './idempotency';
import { whenUnconfirmed } from './workflow-calls';

const OPENER_OF_STREAM = { PSR: 'midi', GAR: 'roc-o' } as const;

export function openingRoutes(app: CaseApp, ctx: CaseContext): void {
  app.post(
    '/applications',
    { onRequest: requireRoles(['midi', 'roc-o']),
      preHandler: plausible(openingImplausible),
      schema: {
        summary: 'Open a case: PSR by MIDI on a sponsorship undertaking, GAR by ROC-O on a referral',
        tags: ['cases'],
        security,
        body: S.OpenCaseBody,
        response: { 201: S.CaseResponse, ...S.errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    (request, reply) => openCase(ctx, request, reply),
  );
}

/** Who may open which stream, then the case opened once per Idempotency-Key: 201 with the case as it opened. */
export async function openCase(
  ctx: CaseContext,
  request: CaseRequest<{ Body: Static<typeof S.OpenCaseBody> }>,
  reply: FastifyReply,
) {
  const { actor, body } = request;
  const opener = OPENER_OF_STREAM[body.stream];
  if (!actor.roles.includes(opener)) {
    throw forbidden(`A ${body.stream} case is opened by ${opener === 'midi' ? 'MIDI (midi)' : 'ROC-O (roc-o)'}.`);
  }
  if (body.stream === 'PSR' && !body.sponsor) throw badRequest('A PSR case needs its sponsor (body.sponsor).');
  // A government-assisted refugee has no sponsoring group, and none may read the case as one.
  if (body.stream === 'GAR' && body.sponsor) throw badRequest('body.sponsor is for a PSR case: a GAR case has no sponsor.');
  const key = idempotencyKey(request);
  const answer = await answerOnce(ctx.pool, request, `open:${actor.sub}`, 'open', async () => {
    // The same key always names the same case, so a retried opening reaches the same workflow.
    const caseId = key ? createHash('sha256').update(`${actor.sub}\n${key}`).digest('hex').slice(0, 16) : randomBytes(8).toString('hex');
    return { statusCode: 201, body: await startCase(ctx, { ...body, caseId, policy: ctx.policy }) };
  });
  return sendAnswer(reply, answer);
}

/**
 * Starts the case's workflow with its first Update (Update-with-Start): the workflow computes the case, publishes
 * its search attributes, writes the database's copy, then answers with the case. A start retried while the case
 * runs joins it (USE_EXISTING); one retried after it ended gets the case as its database copy last showed it.
 */
async function startCase(ctx: CaseContext, input: CaseInput): Promise<CaseView> {
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(input.caseId),
    taskQueue: ctx.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // An ended case is never started again under its id.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    // What ops read first in the Temporal UI; no personal data.
    staticSummary: `${input.stream} case, visa office ${input.visaOffice}`,
    staticDetails: CASE_STATIC_DETAILS,
  });
  try {
    return await ctx.withinTimeout(() => ctx.client.workflow.executeUpdateWithStart(caseOpenedUpdate, { startWorkflowOperation }));
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const ended = await findCase(ctx.pool, input.caseId);
      if (ended) return ended.view;
    }
    throw whenUnconfirmed(err);
  }
}
