/**
 * ROC-O's automation as activities: the GCMS store, the notices (outbox and email), the case read model.
 * Each is idempotent on the case id and a business step the workflow names, never the run id,
 * so a retry or a replay after continue-as-new does nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Person, Stream } from '../domain/case-types';
import type { CaseView, MemberView } from '../domain/case';
import { PERMANENT_EFFECT_FAILURE } from '../domain/effects';
import type { GcmsDocument } from '../domain/documents';
import { isDatabaseError, safeError } from '../infra/safe-error';
import type { NoticeRecipients } from '../domain/recipients';
import type { Mailer } from '../infra/mailer';
import { casesNeedingAttention } from '../infra/attention-report';
import { sendNotice, type NoticeDeps, type NoticeRequest } from './notices';

export type { NoticeRequest } from './notices';

export interface CaseRecord {
  caseId: string;
  revision: number;
  sponsorGroupId: string | null;
  nextDeadlineAt: string | null;
  view: CaseView;
}

export interface GcmsApplicationRequest {
  caseId: string;
  stream: Stream;
  visaOffice: string;
  principalApplicant: Person;
  members: MemberView[];
}

export interface ActivityDeps {
  pool: Pool;
  /** MIDI's, ROC-O's and the offices abroad's addresses and languages, as they are now; none when absent. */
  noticeRecipients?: NoticeRecipients | (() => NoticeRecipients);
  /** The mail server notices go through. */
  mailer: Mailer;
  /** The notices' sender address (NOTICE_FROM); its domain ends their Message-IDs. */
  noticeFrom?: string;
  /** Tests only: runs after the mail server accepted a notice and before the outbox records it. */
  afterNoticeAccepted?: NoticeDeps['afterAccepted'];
}

/**
 * The activities, each raising its failures as rule 19 tells them apart: data or a constraint that
 * PostgreSQL refuses (SQLSTATE classes 22 and 23) is permanent — a non-retryable
 * `PermanentEffectFailure` in words, which parks the effect — and anything else (the database down,
 * a timeout) is temporary and retried with backoff. Neither carries the data that caused it.
 */
export function createActivities(deps: ActivityDeps) {
  const activities = createActivityFunctions(deps);
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (err) {
          throw effectFailure(err);
        }
      },
    ]),
  ) as typeof activities;
}

/** SQLSTATE classes whose errors no retry mends: data exceptions and integrity constraint violations. */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23'];

/** A failure as the workflow should see it: permanent or temporary, in words without data. */
function effectFailure(err: unknown): unknown {
  if (!isDatabaseError(err)) return err;
  const words = safeError(err).message;
  const code = (err as { code: string }).code;
  if (PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) {
    return ApplicationFailure.create({
      type: PERMANENT_EFFECT_FAILURE,
      message: `The database refused the data: ${words}.`,
      nonRetryable: true,
    });
  }
  return ApplicationFailure.create({ type: 'DatabaseUnavailable', message: `The database failed: ${words}.` });
}

/** The activities as plain functions, their database errors as pg raises them (createActivities classifies them). */
function createActivityFunctions({ pool, noticeRecipients = {}, mailer, noticeFrom = 'roc-o@localhost', afterNoticeAccepted }: ActivityDeps) {
  const notices: NoticeDeps = {
    pool,
    recipients: typeof noticeRecipients === 'function' ? noticeRecipients : () => noticeRecipients,
    mailer,
    messageIdDomain: noticeFrom.slice(noticeFrom.lastIndexOf('@') + 1),
    afterAccepted: afterNoticeAccepted,
  };
  return {
    /** Keeps the case's read model current; an older revision never overwrites a newer one. */
    async recordCase(record: CaseRecord): Promise<void> {
      const v = record.view;
      await pool.query(
        `INSERT INTO cases (case_id, stream, stage, outcome, sponsor_group_id, destination, visa_office,
                            next_deadline_kind, next_deadline_at, revision, view, opened_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
         ON CONFLICT (case_id) DO UPDATE SET
           stage = EXCLUDED.stage, outcome = EXCLUDED.outcome, destination = EXCLUDED.destination,
           next_deadline_kind = EXCLUDED.next_deadline_kind, next_deadline_at = EXCLUDED.next_deadline_at,
           revision = EXCLUDED.revision, view = EXCLUDED.view, updated_at = now()
         WHERE cases.revision < EXCLUDED.revision`,
        [
          record.caseId,
          v.stream,
          v.stage,
          v.outcome,
          record.sponsorGroupId,
          v.destination,
          v.visaOffice,
          v.nextDeadline?.kind ?? null,
          record.nextDeadlineAt,
          record.revision,
          JSON.stringify(v),
          v.openedAt,
        ],
      );
    },

    /** Creates the application in GCMS; the number (`G` + 9 digits) is assigned once per case. */
    async createGcmsApplication(req: GcmsApplicationRequest): Promise<string> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query<{ gcms_number: string }>(
          `INSERT INTO gcms_applications (case_id, gcms_number, stream, visa_office)
           VALUES ($1, 'G' || lpad(nextval('gcms_application_number')::text, 9, '0'), $2, $3)
           ON CONFLICT (case_id) DO NOTHING
           RETURNING gcms_number`,
          [req.caseId, req.stream, req.visaOffice],
        );
        await insertMember(client, req.caseId, 'pa', 'principal', req.principalApplicant);
        for (const { memberId, addedAs, ...person } of req.members) {
          await insertMember(client, req.caseId, memberId, addedAs, person);
        }
        await client.query('COMMIT');
        if (inserted.rows[0]) return inserted.rows[0].gcms_number;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
      const existing = await pool.query<{ gcms_number: string }>(
        'SELECT gcms_number FROM gcms_applications WHERE case_id = $1',
        [req.caseId],
      );
      return existing.rows[0].gcms_number;
    },

    /**
     * Lists documents in the GCMS record (spec §6): a stored one once per document id, with its checksum and
     * digitized; one on paper once per type and file name, not digitized.
     */
    async digitizeDocuments(req: { caseId: string; documents: GcmsDocument[] }): Promise<void> {
      for (const d of req.documents) {
        if (d.documentId) {
          await pool.query(
            `INSERT INTO gcms_documents (case_id, type, file_name, document_id, sha256, bytes, content_type, digitized_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, now())
             ON CONFLICT (case_id, document_id) WHERE document_id IS NOT NULL DO NOTHING`,
            [req.caseId, d.type, d.fileName, d.documentId, d.sha256, d.bytes, d.contentType],
          );
        } else {
          await pool.query(
            `INSERT INTO gcms_documents (case_id, type, file_name) VALUES ($1, $2, $3)
             ON CONFLICT (case_id, type, file_name) WHERE document_id IS NULL DO NOTHING`,
            [req.caseId, d.type, d.fileName],
          );
        }
      }
    },

    /** Adds a dependant to the GCMS record. */
    async addGcmsMember(req: { caseId: string; member: MemberView }): Promise<void> {
      const { memberId, addedAs, ...person } = req.member;
      await insertMember(pool, req.caseId, memberId, addedAs, person);
    },

    /** Closes the GCMS record (withdrawal, lapse). */
    async closeGcmsApplication(req: { caseId: string; reason: string }): Promise<void> {
      await pool.query(
        `UPDATE gcms_applications SET status = 'closed', closed_reason = $2 WHERE case_id = $1 AND status = 'open'`,
        [req.caseId, req.reason],
      );
    },

    /**
     * Rule 16: lists the open cases whose next deadline has passed or on which someone is late,
     * keyed on the scheduled time so that a retried run writes one report.
     */
    async compileAttentionReport(req: { scheduledAt: string }): Promise<number> {
      const cases = await casesNeedingAttention(pool, req.scheduledAt);
      await pool.query(
        `INSERT INTO attention_reports (generated_at, cases)
         SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM attention_reports WHERE generated_at = $1)`,
        [req.scheduledAt, JSON.stringify(cases)],
      );
      return cases.length;
    },

    /** Sends one notice by email, recorded once in the outbox (activities/notices.ts). */
    sendNotice(n: NoticeRequest): Promise<void> {
      return sendNotice(notices, n);
    },
  };
}

type Queryable = Pick<Pool, 'query'>;

async function insertMember(db: Queryable, caseId: string, memberId: string, addedAs: string, person: object) {
  await db.query(
    `INSERT INTO gcms_members (case_id, member_id, person, added_as) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [caseId, memberId, JSON.stringify(person), addedAs],
  );
}

export type Activities = ReturnType<typeof createActivityFunctions>;
