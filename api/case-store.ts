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
  const { rowCount } = await pool.query(
    `INSERT INTO idempotent_requests (scope, action, key, status_code, body, request_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [scope, action, key, answer.statusCode, JSON.stringify(answer.body), answer.requestHash ?? null],
  );
  // Stored: this answer is the first. Otherwise the twin's is read (one round trip less on the usual path).
  return rowCount ? answer : ((await storedAnswer(pool, scope, action, key)) ?? answer);
}

export async function listNotices(pool: Pool, caseId: string) {
  const { rows } = await pool.query(
    `SELECT kind, party, language, status, created_at, sent_at, message_id, error, nat_number, amends
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
    ...(r.message_id && { messageId: r.message_id }),
    ...(r.error && { error: r.error }),
    ...(r.nat_number && { natNumber: r.nat_number }),
    ...(r.amends && { amends: r.amends }),
  }));
}

/** What `GET /applications` may filter on; absent means any. */
export interface CaseListFilters {
  stage?: string;
  stream?: string;
  destination?: string;
}

/** Where a page starts: after the case (opened_at, case_id) that ended the previous one, newest first. */
export interface CaseListCursor {
  /** opened_at exactly as the database holds it (microseconds, UTC), so no case falls between two pages. */
  openedAt: string;
  caseId: string;
}

export interface CaseSummaryRow {
  caseId: string;
  stream: string | null;
  stage: string | null;
  outcome: string | null;
  destination: string | null;
  visaOffice: string | null;
  csqStatus: string | null;
  onHold: boolean;
  nextDeadline: string | null;
}

/**
 * The list of cases from the database's copy: one row a case (however many Temporal runs it had), closed
 * ones included, newest first; keyset paging on (opened_at, case_id). No personal data is read.
 */
export async function listCases(
  pool: Pool,
  filters: CaseListFilters,
  page: { size: number; after?: CaseListCursor },
): Promise<{ items: CaseSummaryRow[]; next: CaseListCursor | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filters.stage) where.push(`stage = ${param(filters.stage)}`);
  if (filters.stream) where.push(`stream = ${param(filters.stream)}`);
  if (filters.destination) where.push(`destination = ${param(filters.destination)}`);
  if (page.after) where.push(`(opened_at, case_id) < (${param(page.after.openedAt)}::timestamptz, ${param(page.after.caseId)})`);
  // One more than the page: whether there is a next page without a second query.
  const limit = param(page.size + 1);
  const { rows } = await pool.query(
    `SELECT case_id, stream, stage, outcome, destination, visa_office, next_deadline_at,
            view->'csq'->>'status' AS csq_status, (view->>'onHold')::boolean AS on_hold,
            to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS opened_key
     FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY opened_at DESC, case_id DESC
     LIMIT ${limit}`,
    params,
  );
  const shown = rows.slice(0, page.size);
  const last = shown.at(-1);
  return {
    items: shown.map((r) => ({
      caseId: r.case_id,
      stream: r.stream,
      stage: r.stage,
      outcome: r.outcome,
      destination: r.destination,
      visaOffice: r.visa_office,
      csqStatus: r.csq_status ?? null,
      onHold: r.on_hold ?? false,
      nextDeadline: r.next_deadline_at && Number.isFinite(r.next_deadline_at.getTime()) ? r.next_deadline_at.toISOString() : null,
    })),
    next: rows.length > page.size && last ? { openedAt: last.opened_key, caseId: last.case_id } : null,
  };
}
