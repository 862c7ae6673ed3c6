/**
 * The console's pages once signed in (spec §7): each role's work queue, the case page with its timeline and the
 * decisions this person may take, notices, documents, the attention report. To be built beyond the home page.
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { t } from './i18n';
import { page } from './plugin';
import { languageOf, requireSignIn } from './session';

export interface PageDeps {
  pool: Pool;
}

export async function pageRoutes(app: FastifyInstance, _deps: PageDeps): Promise<void> {
  app.get('/', { preHandler: requireSignIn }, (request, reply) => page(request, reply, 'queue', { title: t(languageOf(request), 'app.home') }));
}
