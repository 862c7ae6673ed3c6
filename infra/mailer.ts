/**
 * The mail server notices go through (spec §3, notices; §4, `SMTP_URL`, `NOTICE_FROM`): nodemailer over SMTP,
 * and how a failure to send reads — refused for good, or temporary — in words that carry no address.
 */
import nodemailer from 'nodemailer';
import { deliveryError } from './mail-failures';

export { MailDeliveryError } from './mail-failures';

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
