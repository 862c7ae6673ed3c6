/** Reading cases: one case (the workflow's view while it runs), the list (the database's copy), its notices. */
import type { Static } from '@sinclair/typebox';
import * as S from '../../../domain/schemas';
import { requireRoles } from '../../auth';
import { caseFor, listCases, listNotices } from '../../case-store';
import { security, type CaseApp, type CaseContext, type CaseRequest } from './deps';
import type { PageTokens } from './page-tokens';
import { currentView } from './workflow-calls';

export function readingRoutes(app: CaseApp, ctx: CaseContext, pageTokens: PageTokens): void {
  app.get(
    '/applications/:caseId',
    { onRequest: requireRoles(['midi', 'roc-o', 'migration-officer', 'sponsor', 'ops']),
      schema: {
        summary: 'The case',
        tags: ['cases'],
        security,
        params: S.CaseIdParams,
        response: { 200: S.CaseResponse, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    (request) => readCase(ctx, request),
  );

  app.get(
    '/applications',
    { onRequest: requireRoles(['midi', 'roc-o', 'ops']),
      schema: {
        summary: "Case summaries (no personal data), one per case, closed ones included, newest first, from the database's copy of the cases",
        tags: ['cases'],
        security,
        querystring: S.ListQuery,
        response: { 200: S.CasePage, ...S.errorResponses(400, 401, 403, 429, 503) },
      },
    },
    (request) => listCasePage(ctx, pageTokens, request),
  );

  app.get(
    '/applications/:caseId/notices',
    { onRequest: requireRoles(['midi', 'roc-o', 'ops', 'sponsor']),
      schema: {
        summary: 'The notices sent on a case (outbox)',
        tags: ['cases'],
        security,
        params: S.CaseIdParams,
        response: { 200: S.NoticeList, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    (request) => readNotices(ctx, request),
  );
}

type OneCaseRequest = CaseRequest<{ Params: Static<typeof S.CaseIdParams> }>;

/** The case, as the actor may see it (a sponsor: their own; 404 otherwise). */
export async function readCase(ctx: CaseContext, request: OneCaseRequest) {
  const record = await caseFor(ctx.pool, request.params.caseId, request.actor);
  return currentView(ctx, record, request);
}

/** A page of case summaries, keyset-paged on signed tokens. */
export async function listCasePage(
  ctx: CaseContext,
  pageTokens: PageTokens,
  request: CaseRequest<{ Querystring: Static<typeof S.ListQuery> }>,
) {
  const { stage, stream, destination, pageToken, pageSize } = request.query;
  const after = pageToken === undefined ? undefined : pageTokens.read(pageToken);
  const page = await listCases(ctx.pool, { stage, stream, destination }, { size: pageSize ?? 50, after });
  return { items: page.items, nextPageToken: page.next ? pageTokens.write(page.next) : null };
}

/** The notices of the case (the outbox), for those who may see the case. */
export async function readNotices(ctx: CaseContext, request: OneCaseRequest) {
  const record = await caseFor(ctx.pool, request.params.caseId, request.actor);
  return listNotices(ctx.pool, record.caseId);
}
