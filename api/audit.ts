/**
 * The audit trail: every request that names a case, allowed or refused, is recorded before its
 * answer leaves — who, as which role, what, the status and the reason. Never the request body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { requireRoles } from './auth';
import { caseFor } from './case-store';
import * as S from '../domain/schemas';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting, once known, and why the request was refused, if it was. */
    audit: { sub?: string; role?: string; reason?: string };
  }
}

export function registerAudit(app: FastifyInstance, pool: Pool): void {
  app.decorateRequest('audit', null as unknown as FastifyRequest['audit']);
  app.addHook('onRequest', async (request) => {
    request.audit = {};
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const caseId = (request.params as { caseId?: unknown } | undefined)?.caseId;
    if (typeof caseId !== 'string' || !request.routeOptions.url) return payload;
    const refused = reply.statusCode >= 400;
    try {
      await pool.query(
        `INSERT INTO audit_log (case_id, sub, role, action, status, outcome, reason, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          caseId.slice(0, 64),
          request.audit.sub ?? null,
          request.audit.role ?? null,
          `${request.method} ${request.routeOptions.url}`,
          reply.statusCode,
          refused ? 'refused' : 'accepted',
          refused ? (request.audit.reason ?? null) : null,
          request.id,
        ],
      );
    } catch (err) {
      // The database is down (the answer is then 503 anyway): say so loudly rather than hang the reply.
      request.log.error({ err: { message: (err as Error).message }, requestId: request.id }, 'audit record not written');
    }
    return payload;
  });
}

export async function auditRoutes(app: FastifyInstance, deps: { pool: Pool }) {
  app.get(
    '/applications/:caseId/audit',
    {
      onRequest: requireRoles(['roc-o', 'ops']),
      schema: {
        summary: 'Every attempt on the case, allowed or refused',
        tags: ['cases'],
        security: [{ bearerAuth: [] }],
        params: S.CaseIdParams,
        response: { 200: S.AuditList, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const actor = request.actor;
      const record = await caseFor(deps.pool, (request.params as { caseId: string }).caseId, actor);
      const { rows } = await deps.pool.query(
        `SELECT at, sub, role, action, status, outcome, reason, request_id FROM audit_log WHERE case_id = $1 ORDER BY id`,
        [record.caseId],
      );
      return rows.map((r) => ({
        at: r.at.toISOString(),
        sub: r.sub,
        role: r.role,
        action: r.action,
        status: r.status,
        outcome: r.outcome,
        reason: r.reason,
        requestId: r.request_id,
      }));
    },
  );
}
