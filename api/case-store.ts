/** The read model of cases in PostgreSQL, as the API reads it, and the Idempotency-Key store. */
import type { Pool } from 'pg';
import type { CaseView } from '../domain/case';
import type { Actor } from './auth';
import { notFound } from './errors';

export interface CaseRecordRow {
  caseId: string;
  sponsorGroupId: string | null;
  outcome: string | null;
  view: CaseView;
}

export async function findCase(pool: Pool, caseId: string): Promise<CaseRecordRow | undefined> {
  const { rows } = await pool.query(
    'SELECT case_id, sponsor_group_id, outcome, view FROM cases WHERE case_id = $1',
    [caseId],
  );
  const r = rows[0];
  return r && { caseId: r.case_id, sponsorGroupId: r.sponsor_group_id, outcome: r.outcome, view: r.view };
}

/** The case as the actor may see it: 404 when it does not exist or belongs to another sponsor. */
export async function caseFor(pool: Pool, caseId: string, actor: Actor): Promise<CaseRecordRow> {
  const found = await findCase(pool, caseId);
  if (!found) throw notFound();
  if (actor.role === 'sponsor' && found.sponsorGroupId !== actor.sponsorGroupId) throw notFound();
  return found;
}

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
  /** The hash of the request that got this answer (absent on answers stored before it was kept). */
  requestHash?: string | null;
}

export async function storedAnswer(pool: Pool, scope: string, action: string, key: string): Promise<StoredAnswer | undefined> {
  const { rows } = await pool.query(
    'SELECT status_code, body, request_hash FROM idempotent_requests WHERE scope = $1 AND action = $2 AND key = $3',
    [scope, action, key],
  );
  return rows[0] && { statusCode: rows[0].status_code, body: rows[0].body, requestHash: rows[0].request_hash };
}

/** Keeps the first answer to a key; a concurrent twin that stored first wins, and its answer is returned. */
export async function storeAnswer(pool: Pool, scope: string, action: string, key: string, answer: StoredAnswer) {
  await pool.query(
    `INSERT INTO idempotent_requests (scope, action, key, status_code, body, request_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [scope, action, key, answer.statusCode, JSON.stringify(answer.body), answer.requestHash ?? null],
  );
  return (await storedAnswer(pool, scope, action, key)) ?? answer;
}

export async function listNotices(pool: Pool, caseId: string) {
  const { rows } = await pool.query(
    `SELECT kind, party, language, status, created_at, sent_at, nat_number, amends
     FROM notices WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows.map((r) => ({
    kind: r.kind,
    party: r.party,
    language: r.language,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    ...(r.sent_at && { sentAt: r.sent_at.toISOString() }),
    ...(r.nat_number && { natNumber: r.nat_number }),
    ...(r.amends && { amends: r.amends }),
  }));
}
