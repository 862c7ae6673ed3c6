/**
 * GET /reports/attention (rule 16): the cases past a deadline, with a failed effect or an OYW past due, as of now —
 * so that a failure shows at once, and a mended one goes. The daily schedule keeps a dated copy (attention_reports).
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { requireRoles } from '../auth';
import { AttentionReport, errorResponses } from '../../domain/schemas';
import { casesNeedingAttention } from '../../infra/attention-report';

export async function reportsRoutes(app: FastifyInstance, deps: { pool: Pool }) {
  app.get(
    '/reports/attention',
    {
      onRequest: requireRoles(['roc-o', 'midi', 'ops']),
      schema: {
        summary: 'The attention report as of now: cases past a deadline, with a failed effect, or with an OYW past due',
        tags: ['reports'],
        security: [{ bearerAuth: [] }],
        response: { 200: AttentionReport, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async () => {
      const generatedAt = new Date().toISOString();
      return { generatedAt, cases: await casesNeedingAttention(deps.pool, generatedAt) };
    },
  );
}
