/** The local inbox (maildev) as a test reads it: its REST API, filtered to one case's notices. */

/** An email as maildev's `GET /email` gives it (the fields the tests read). */
export interface ReceivedMail {
  id: string;
  /** Without the angle brackets. */
  messageId: string;
  subject: string;
  text: string;
  html: string;
  to: Array<{ address: string; name: string }>;
  headers: Record<string, string>;
}

/** Every email the inbox received, oldest first (maildev's `GET /email`). */
export async function allMail(inboxUrl = process.env.TEST_INBOX_URL!): Promise<ReceivedMail[]> {
  const res = await fetch(`${inboxUrl}/email`);
  if (!res.ok) throw new Error(`the inbox answered ${res.status}`);
  return (await res.json()) as ReceivedMail[];
}

/** Every email the inbox received for a case, oldest first: their Message-IDs start with the case id. */
export async function mailFor(caseId: string, inboxUrl = process.env.TEST_INBOX_URL!): Promise<ReceivedMail[]> {
  return (await allMail(inboxUrl)).filter((m) => m.messageId?.startsWith(`${caseId}.`));
}

/** `kind>party` of each email, from its Message-ID (`caseId.kind.party.step@…`). */
export function kindsOf(mail: ReceivedMail[]): string[] {
  return mail.map((m) => {
    const [, kind, party] = m.messageId.split('@')[0].split('.');
    return `${kind}>${party}`;
  });
}
