/**
 * The case routes of spec §4, one file per concern: opening, reading (one case, the list, notices), the
 * decisions table, OYW applications, effect retries, documents. Each handler is a named function of its dependencies.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { caseContext, type CaseRoutesDeps } from './deps';
import { decisionRoutes } from './decisions';
import { documentRoutes } from './documents';
import { effectRoutes } from './effects';
import { openingRoutes } from './opening';
import { oywRoutes } from './oyw';
import { pageTokenCodec, pageTokenKey } from './page-tokens';
import { readingRoutes } from './reading';

export type { CaseRoutesDeps } from './deps';

export async function caseRoutes(fastify: FastifyInstance, deps: CaseRoutesDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = caseContext(deps);
  // Page tokens are signed with a key of this API's own (see pageTokenKey), so a forged one is refused.
  const pageTokens = pageTokenCodec(pageTokenKey(deps.jwtSecret));
  openingRoutes(app, ctx);
  readingRoutes(app, ctx, pageTokens);
  decisionRoutes(app, ctx);
  effectRoutes(app, ctx);
  oywRoutes(app, ctx);
  // A scope of their own: they take multipart/form-data, the others JSON.
  await app.register(async (scope) => documentRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), ctx, deps.documents));
}
