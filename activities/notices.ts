/**
 * Sending one notice (spec §3, notices; rule 19): the outbox records it once per kind, party and business step;
 * then it goes by email to the party's address, in its language, with a Message-ID derived from that identity,
 * and its status moves `queued` → `sent` (with the message id), `failed` (refused for good, in words) or
 * `undeliverable` (no address). A send repeated after a crash between the server's acceptance and the record
 * carries the same Message-ID.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Language, NoticeKind, Party, Stream } from '../domain/case-types';
import { PERMANENT_EFFECT_FAILURE } from '../domain/effects';
import { noticeLanguage, recipientOf, type NoticeRecipients } from '../domain/recipients';
import type { NoticeDetails } from '../notices/content';
import { renderNotice } from '../notices/render';
import { MailDeliveryError, type Mailer } from '../infra/mailer';

export interface NoticeRequest {
  caseId: string;
  kind: NoticeKind;
  party: Party;
  /** The business step the notice belongs to, e.g. `booking-2`: with kind and party, its identity. */
  step: string;
  /** The recipient's language when the case knows it (a sponsor's contact); otherwise from configuration. */
  language?: Language;
  /** The sponsor's address, from its contact on the case (a sponsor's notice only). */
  recipientEmail?: string;
  stream?: Stream;
  /** The case's office abroad: whose address and language an `office-abroad` notice takes. */
  visaOffice?: string;
  /** The GCMS application number, once the case has one. */
  gcmsNumber?: string;
  natNumber?: string;
  amends?: string;
  details?: NoticeDetails & { gcmsNumber?: string };
}

export interface NoticeDeps {
  pool: Pool;
  /** The configured recipients as they are now (NOTICE_RECIPIENTS_FILE is read again when it changes). */
  recipients: () => NoticeRecipients;
  mailer: Mailer;
  /** The domain of the notices' Message-IDs (NOTICE_FROM's). */
  messageIdDomain: string;
  /** Tests only: runs after the mail server accepted a notice and before the outbox records it. */
  afterAccepted?: (notice: NoticeRequest) => Promise<void>;
}

/** Why notices wait while the recipients file cannot be read (its own words are in the worker's log). */
const RECIPIENTS_UNREADABLE = 'NOTICE_RECIPIENTS_FILE cannot be read or is not valid: the notice waits until it is mended.';

/** The failure type of a notice the mail server could not take for now: retried with backoff. */
export const MAIL_SERVER_UNAVAILABLE = 'MailServerUnavailable';

/**
 * The Message-ID of a notice, the same on every attempt: `<caseId.kind.party.step@domain>`, from its identity
 * alone (no name, no address).
 */
export function noticeMessageId(n: Pick<NoticeRequest, 'caseId' | 'kind' | 'party' | 'step'>, domain: string): string {
  const part = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '_');
  return `<${[n.caseId, n.kind, n.party, n.step].map(part).join('.')}@${domain}>`;
}

/**
 * The notice activity's body. Resolves once the notice is `sent` or `undeliverable`.
 * @throws ApplicationFailure `PermanentEffectFailure` (non-retryable) when the mail server refused it for good:
 *   the notice is then `failed` and its effect parked until ops retry it;
 *   `MailServerUnavailable` when the server could not take it now (the notice stays `queued`, with the reason);
 *   `RecipientsUnreadable` while NOTICE_RECIPIENTS_FILE cannot be read (the same; a sponsor's notice still goes)
 */
export async function sendNotice(deps: NoticeDeps, n: NoticeRequest): Promise<void> {
  const { pool } = deps;
  const identity = [n.caseId, n.kind, n.party, n.step];
  // A recipients file broken while running: the notice is recorded and waits, saying why, until it is mended.
  let recipients: NoticeRecipients | undefined;
  try {
    recipients = deps.recipients();
  } catch (err) {
    log.warn('notice recipients unreadable', { error: (err as Error).message });
  }
  const language = noticeLanguage(recipients ?? {}, n.party, n.visaOffice, n.language);
  const { gcmsNumber: detailsGcms, ...details } = n.details ?? {};
  await pool.query(
    `INSERT INTO notices (case_id, kind, party, step, language, nat_number, amends, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (case_id, kind, party, step) DO NOTHING`,
    [...identity, language, n.natNumber ?? null, n.amends ?? null, JSON.stringify(details)],
  );
  const where = 'case_id = $1 AND kind = $2 AND party = $3 AND step = $4';
  /** Records what became of this attempt: the columns given, and when it was made. */
  const record = (set: Partial<Record<'status' | 'language' | 'error' | 'message_id' | 'sent_at', unknown>>) => {
    const columns = Object.keys(set).map((column, i) => `${column} = $${i + 5}`);
    return pool.query(`UPDATE notices SET ${[...columns, 'attempted_at = now()'].join(', ')} WHERE ${where}`, [
      ...identity,
      ...Object.values(set),
    ]);
  };
  const { rows } = await pool.query<{ status: string }>(`SELECT status FROM notices WHERE ${where}`, identity);
  if (rows[0].status === 'sent') return;
  // The sponsor's address is on the case: its notices need no file.
  if (!recipients && n.party !== 'sponsor') {
    await record({ error: RECIPIENTS_UNREADABLE });
    throw ApplicationFailure.create({ type: 'RecipientsUnreadable', message: RECIPIENTS_UNREADABLE });
  }

  const to = n.party === 'sponsor' ? n.recipientEmail : recipientOf(recipients ?? {}, n.party, n.visaOffice)?.email;
  if (!to) {
    await record({ status: 'undeliverable', language, error: noAddressWords(n) });
    return;
  }

  const messageId = noticeMessageId(n, deps.messageIdDomain);
  try {
    const rendered = renderNotice({
      kind: n.kind,
      party: n.party,
      language,
      caseId: n.caseId,
      stream: n.stream,
      gcmsNumber: n.gcmsNumber ?? detailsGcms,
      visaOffice: n.visaOffice,
      natNumber: n.natNumber,
      amends: n.amends,
      details,
    });
    await deps.mailer.send({ to, messageId, language, ...rendered });
  } catch (err) {
    // A template that fails is a fault no retry mends: parked, in words, until the code is fixed and ops retry.
    const failure = err instanceof MailDeliveryError ? err : new MailDeliveryError('The notice could not be written from its template.', true);
    await record({ status: failure.permanent ? 'failed' : 'queued', language, error: failure.message });
    throw ApplicationFailure.create({
      type: failure.permanent ? PERMANENT_EFFECT_FAILURE : MAIL_SERVER_UNAVAILABLE,
      message: failure.message,
      nonRetryable: failure.permanent,
    });
  }
  await deps.afterAccepted?.(n);
  await record({ status: 'sent', sent_at: new Date(), message_id: messageId, language, error: null });
}

/** Why a notice has nowhere to go, in words that name the missing setting, not a person. */
function noAddressWords(n: NoticeRequest): string {
  if (n.party === 'sponsor') return "The sponsor's contact has no email address.";
  const where = n.party === 'office-abroad' ? `"office-abroad" entry for ${n.visaOffice ?? 'the office'} (or "*")` : `"${n.party}" entry`;
  return `No address for ${n.party}: NOTICE_RECIPIENTS_FILE has no ${where}.`;
}
