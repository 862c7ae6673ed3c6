/**
 * The audit trail: every request that names a case, and every attempt to open one, allowed or refused,
 * is recorded before its answer leaves — who, as which role, what, the status and the reason the person
 * was given. Never the request body. Requests the rate limit refused (429) are counted in the metrics
 * instead: a flood must not grow the table without bound.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { requireRoles } from './auth';
import { caseFor } from './case-store';
import { badRequest } from './errors';
import { safeError } from '../infra/safe-error';
import * as S from '../domain/schemas';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who is acting, once known, and why the request was refused, if it was. `caseId` names the case when
     * the route's URL does not (an opening sets the id of the case it opened); `documentId` the document uploaded or
     * read (spec §6: every upload and download audited).
     */
    audit: { sub?: string; role?: string; reason?: string; caseId?: string; documentId?: string };
  }
}

/** Routes that name no case in their URL but are attempts on one: opening a case. */
const OPENINGS = new Set(['POST /applications']);

/** Longest text kept per column: a case id as the schema allows it; a reason as the spec allows it. */
const MAX = { caseId: 64, sub: 200, role: 200, action: 300, reason: 2000 } as const;

/** C0 and C1 control characters (PostgreSQL's text refuses U+0000), and UTF-16 halves without their pair. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the audit keeps it: control characters and lone surrogates replaced by U+FFFD, at most `max`
 * characters (code points; a longer text ends with `…`). What a caller chose never breaks the record.
 */
export function auditText(value: string, max: number): string {
  const clean = value.replace(UNPRINTABLE, '\ufffd');
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** The text a path parameter may not hold: nothing in it could name a case, and PostgreSQL refuses U+0000. */
const NOT_IN_PARAMS = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface AuditEntry {
  caseId: string | null;
  sub?: string | null;
  role?: string | null;
  action: string;
  status: number;
  reason?: string | null;
  requestId: string;
  /** The document uploaded or read. */
  documentId?: string | null;
}

/** Appends one attempt; a database that does not answer is logged loudly, never a reason to hold the reply. */
export async function writeAudit(pool: Pool, log: FastifyBaseLogger, entry: AuditEntry): Promise<void> {
  const refused = entry.status >= 400;
  const text = (value: string | null | undefined, max: number) => (typeof value === 'string' ? auditText(value, max) : null);
  try {
    await pool.query(
      `INSERT INTO audit_log (case_id, sub, role, action, status, outcome, reason, request_id, document_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        text(entry.caseId, MAX.caseId),
        text(entry.sub, MAX.sub),
        text(entry.role, MAX.role),
        auditText(entry.action, MAX.action),
        entry.status,
        refused ? 'refused' : 'accepted',
        refused ? text(entry.reason, MAX.reason) : null,
        auditText(entry.requestId, MAX.action),
        entry.documentId ?? null,
      ],
    );
  } catch (err) {
    // The database is down (the answer is then 503 anyway): say so loudly rather than hang the reply.
    // A summary only: a database error's text may quote the values it refused.
    log.error({ err: safeError(err), requestId: entry.requestId }, 'audit record not written');
  }
}

/** The id of the case an opening created, read from its answer. */
function openedCaseId(payload: unknown): string | undefined {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return undefined;
  try {
    const caseId = (JSON.parse(payload.toString()) as { caseId?: unknown } | null)?.caseId;
    return typeof caseId === 'string' ? caseId : undefined;
  } catch {
    return undefined;
  }
}

export function registerAudit(app: FastifyInstance, pool: Pool): void {
  app.decorateRequest('audit', null as unknown as FastifyRequest['audit']);
  app.addHook('onRequest', async (request) => {
    request.audit = {};
  });
  // A path parameter with a control character or half a surrogate pair names nothing: 400 before any
  // lookup (PostgreSQL would refuse U+0000 with an error, not an answer). After 401/403, audited.
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.url) return; // no route: the 404 names the URL, not a case
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (name !== '*' && typeof value === 'string' && NOT_IN_PARAMS.test(value)) {
        throw badRequest(`params.${name} must not contain control characters or unpaired surrogates.`);
      }
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // A refused flood is counted in the metrics (http_rate_limited_total), never written here row by row.
    // The console's pages are not attempts on a case: what it asks of the API (app.inject) is audited there.
    if (reply.statusCode === 429 || !request.routeOptions.url || request.routeOptions.url.startsWith('/console')) return payload;
    const action = `${request.method} ${request.routeOptions.url}`;
    const named = (request.params as { caseId?: unknown } | undefined)?.caseId;
    const opening = OPENINGS.has(action);
    if (typeof named !== 'string' && !opening) return payload;
    const caseId =
      request.audit?.caseId ??
      (typeof named === 'string' ? named : undefined) ??
      (opening && reply.statusCode < 300 ? openedCaseId(payload) : undefined) ??
      null;
    await writeAudit(pool, request.log, {
      caseId,
      sub: request.audit?.sub,
      role: request.audit?.role,
      action,
      status: reply.statusCode,
      reason: request.audit?.reason,
      requestId: request.id,
      documentId: request.audit?.documentId,
    });
    return payload;
  });
}

/**
 * A request Fastify refused before any hook ran (a malformed URL: bad percent-encoding, an over-long path
 * segment) is still an attempt on a case when its path names one: audited with the case id as sent
 * (percent-encoded, bounded) and the route's pattern as far as it can be read.
 */
export async function auditMalformedUrl(pool: Pool, request: FastifyRequest, status: number, reason: string): Promise<void> {
  const path = request.url.split('?')[0];
  const segments = path.split('/');
  if (segments[1] !== 'applications') return;
  const opening = segments.length === 2 || (segments.length === 3 && segments[2] === '');
  if (opening && request.method !== 'POST') return;
  const pattern = opening
    ? '/applications'
    : ['', 'applications', ':caseId', ...segments.slice(3).map((s) => (/^[a-z][a-z-]{0,40}$/.test(s) ? s : ':param'))].join('/');
  await writeAudit(pool, request.log, {
    caseId: opening ? null : segments[2],
    sub: request.audit?.sub,
    role: request.audit?.role,
    action: `${request.method} ${pattern}`,
    status,
    reason,
    requestId: request.id,
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
        `SELECT at, sub, role, action, status, outcome, reason, request_id, document_id FROM audit_log WHERE case_id = $1 ORDER BY id`,
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
        ...(r.document_id && { documentId: r.document_id }),
      }));
    },
  );
}
