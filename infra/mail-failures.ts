/**
 * How a failure to send a notice reads (rule 19): refused for good, or temporary, in words that carry no
 * address. Pure: infra/mailer.ts raises these from nodemailer's errors.
 */

/** A send that failed: `permanent` when no retry can mend it (the server refused it for good), in words without data. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
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
  if ((e.responseCode ?? 0) >= 500) {
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
