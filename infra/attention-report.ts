/**
 * Rule 16's list, from the database's copy of the cases: open cases whose next deadline has passed or on which
 * someone is late (`overdue`), and any case, open or closed, with an effect that failed (rule 19). The daily
 * schedule records it (activities); `GET /reports/attention` answers it as of the moment it is asked.
 */
import type { Pool } from 'pg';

/** One case on the report: `{caseId, stream, stage, nextDeadline: {kind, dueAt} | null, overdue, failedEffects}`. */
export interface AttentionCase {
  caseId: string;
  stream: string;
  stage: string;
  nextDeadline: { kind: string; dueAt: string } | null;
  overdue: string[];
  failedEffects: unknown[];
}

/**
 * The cases needing attention at `at` (an ISO 8601 instant), the most overdue first.
 * @throws pg's errors (the database down): the caller answers 503 or retries
 */
export async function casesNeedingAttention(pool: Pick<Pool, 'query'>, at: string): Promise<AttentionCase[]> {
  const { rows } = await pool.query(
    `SELECT case_id, stream, stage, next_deadline_kind, next_deadline_at, view->'overdue' AS overdue,
            COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(COALESCE(view->'effects', '[]')) e
                      WHERE e->>'status' = 'failed'), '[]') AS failed_effects
     FROM cases
     WHERE (outcome IS NULL
            AND (next_deadline_at < $1 OR jsonb_array_length(COALESCE(view->'overdue', '[]')) > 0))
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(view->'effects', '[]')) e WHERE e->>'status' = 'failed')
     ORDER BY next_deadline_at NULLS LAST`,
    [at],
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    stream: r.stream,
    stage: r.stage,
    nextDeadline: r.next_deadline_kind ? { kind: r.next_deadline_kind, dueAt: r.next_deadline_at.toISOString() } : null,
    overdue: r.overdue ?? [],
    failedEffects: r.failed_effects,
  }));
}
