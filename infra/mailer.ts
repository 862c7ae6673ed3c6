/**
 * The mail server notices go through (spec §3, notices; §4, `SMTP_URL`, `NOTICE_FROM`): nodemailer over SMTP,
 * and how a failure to send reads — refused for good, or temporary — in words that carry no address.
 */
import nodemailer from 'nodemailer';

/** One email to send. `messageId` is ours, so that a send repeated after a crash carries the same one. */
export interface OutgoingMail {
  to: string;
  /** `<…@…>`, as the Message-ID header carries it. */
  messageId: string;
  language: 'fr' | 'en';
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /**
   * Hands one email to the mail server; resolves once the server accepted it.
   * @throws MailDeliveryError, `permanent` when the server refused it for good
   */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A send that failed: `permanent` when no retry can mend it (the server refused it for good), in words without data. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** How long the mail server may take, each well inside the activity's 30 seconds. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * A mailer on the SMTP server at `smtpUrl` (`smtp://user:pass@host:587`, `smtps://…`), sending as `from`.
 * Connections are pooled; `close()` ends them.
 */
export function createMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  // nodemailer reads the URL itself: host, port, smtps, credentials, and options in its query string.
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 2, ...TIMEOUTS });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          // An object, not a string: the address is never parsed as a list of recipients.
          to: { name: '', address: mail.to },
          messageId: mail.messageId,
          headers: { 'Content-Language': mail.language },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
      } catch (err) {
        throw deliveryError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * A nodemailer failure as rule 19 tells them apart: a 5xx answer (other than to our credentials) or a
 * recipient no server could take is permanent; no answer, a 4xx, a refused login are temporary. The words
 * name the SMTP code and command, never the server's text, which may repeat the address.
 */
export function deliveryError(err: unknown): MailDeliveryError {
  const e = (err ?? {}) as { code?: string; responseCode?: number; command?: string };
  const answer = e.responseCode ? ` (${e.responseCode}${e.command ? ` to ${e.command.split(' ')[0]}` : ''})` : '';
  if (e.code === 'EAUTH') {
    return new MailDeliveryError(`The mail server refused our credentials${answer}: check SMTP_URL.`, false);
  }
  if (e.responseCode !== undefined && e.responseCode >= 500) {
    const what = e.code === 'EENVELOPE' ? "the recipient's address" : 'the notice';
    return new MailDeliveryError(`The mail server refused ${what} for good${answer}.`, true);
  }
  if (e.code === 'EENVELOPE' && e.responseCode === undefined) {
    return new MailDeliveryError("The recipient's address is not one an email can go to.", true);
  }
  if (e.responseCode !== undefined) return new MailDeliveryError(`The mail server deferred the notice${answer}.`, false);
  // The system's reason (ECONNREFUSED, ETIMEDOUT, …) says more to ops than nodemailer's ESOCKET.
  const system = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.exec(String((err as Error)?.message))?.[1];
  return new MailDeliveryError(`The mail server could not be reached (${system ?? e.code ?? 'no answer'}).`, false);
}
