/** GET /reports/attention: the latest daily list of open cases past a deadline (rule 16). */
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { requireRoles } from '../auth';
import { AttentionReport, errorResponses } from '../../domain/schemas';

export async function reportsRoutes(app: FastifyInstance, deps: { pool: Pool }) {
  app.get(
    '/reports/attention',
    {
      onRequest: requireRoles(['roc-o', 'midi', 'ops']),
      schema: {
        summary: 'The latest attention report: open cases past a deadline',
        tags: ['reports'],
        security: [{ bearerAuth: [] }],
        response: { 200: AttentionReport, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { rows } = await deps.pool.query(
        'SELECT generated_at, cases FROM attention_reports ORDER BY generated_at DESC, id DESC LIMIT 1',
      );
      if (!rows[0]) return { generatedAt: null, cases: [] };
      return { generatedAt: rows[0].generated_at.toISOString(), cases: rows[0].cases };
    },
  );
}
