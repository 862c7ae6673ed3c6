/**
 * Staff as a client that survives outages would be: each decision (and each upload) sent with its own
 * Idempotency-Key and sent again, with the same key, while the answer is a 503 (or no answer at all) — the API's "it
 * may still be applied: read the case before sending it again" — until it is taken or refused. Then what each case
 * became, counted.
 */
import { addDays, addWorkingDays, quebecDate } from '../../../domain/calendar';
import { psrOpening } from '../../support/fixtures';
import { samplePdf } from '../../support/documents';
import { REQUIRED_DOCUMENTS, type DocumentType, type Role } from '../../../domain/case-types';
import type { PrApplicationBody } from '../../../domain/schemas';
import type { Product } from './product';
import { allMail, type ReceivedMail } from '../../support/inbox';

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** How many times a request was sent again, over the whole run (503s, refused connections, timeouts). */
export const resent = { count: 0 };

/**
 * Sends one request until it gets an answer other than 503/429 (or none at all), within `withinMs`.
 * @throws Error naming the request when it never did
 */
export async function persist(product: Product, method: string, url: string, token: string, body?: unknown, key?: string, withinMs = 240_000): Promise<Answer> {
  return untilAnswered(`${method} ${url}`, withinMs, () =>
    fetch(`${product.api}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(key && { 'idempotency-key': key }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    }),
  );
}

/**
 * Uploads one file to the case as a browser does (multipart/form-data: the file and its `type`), sent again with the
 * same Idempotency-Key like `persist`.
 * @throws Error naming the upload when it never got an answer but 503/429
 */
export async function persistUpload(
  product: Product,
  caseId: string,
  token: string,
  type: string,
  file: { fileName: string; content: Buffer },
  key: string,
  withinMs = 240_000,
): Promise<Answer> {
  const url = `/applications/${caseId}/documents`;
  return untilAnswered(`POST ${url} (${type})`, withinMs, () => {
    // A new form each time: fetch writes the boundary and the Content-Type from it.
    const form = new FormData();
    form.append('type', type);
    form.append('file', new Blob([file.content], { type: 'application/pdf' }), file.fileName);
    return fetch(`${product.api}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
  });
}

/** Sends `send()` again, after a short random pause, while it answers 503 or 429 or not at all. */
async function untilAnswered(what: string, withinMs: number, send: () => Promise<Response>): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const res = await send();
      const answer = { status: res.status, body: await res.json().catch(() => null) };
      if (answer.status !== 503 && answer.status !== 429) return answer;
    } catch {
      // No answer: the API is restarting, or the request timed out. Sent again with the same key.
    }
    if (Date.now() > deadline) throw new Error(`${what} got no answer but 503 within ${withinMs} ms`);
    resent.count++;
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
  }
}

/** The decisions a PSR case takes from opening to arrival, in order: the route and who sends it. */
export const PSR_PATH = [
  'sponsorship-decision',
  'pr-application',
  'csq-decision',
  'eligibility-decision',
  'admissibility-decision',
  'visa-decision',
  'travel',
  'arrival',
] as const;

/** The notices a PSR case sends on that path, `kind>party`, each exactly once. */
export const PSR_NOTICES = ['file-transfer>office-abroad', 'csq-request>midi', 'pre-nat>sponsor', 'nat>midi', 'nat>sponsor'];

/**
 * Each decision of the PSR path for case number `n`, as `[who sends it, its body]`: the sponsor's complete package
 * (`prApplication`, naming the documents uploaded for this case), CSQ number `CSQ-<n>`, a medical exam ten days ago,
 * arrival booked 12 working days ahead and recorded today.
 */
export function psrPathBodies(
  n: number,
  prApplication: PrApplicationBody,
  today = quebecDate(Date.now()),
): Record<(typeof PSR_PATH)[number], [Role, unknown]> {
  const arrivalDate = addWorkingDays(today, 12);
  return {
    'sponsorship-decision': ['midi', { decision: 'approved' }],
    'pr-application': ['sponsor', prApplication],
    'csq-decision': ['midi', { decision: 'issued', csqNumber: `CSQ-${n}` }],
    'eligibility-decision': ['migration-officer', { decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }],
    'admissibility-decision': ['migration-officer', { decision: 'admissible', medicalExamDate: addDays(today, -10) }],
    'visa-decision': ['migration-officer', { decision: 'issued' }],
    travel: [
      'migration-officer',
      {
        arrivalDate,
        portOfEntry: 'YUL',
        flights: [{ carrier: 'AC', number: '881', from: 'NBO', to: 'YUL', departure: `${addDays(arrivalDate, -1)}T20:00:00Z`, arrival: `${arrivalDate}T15:00:00Z` }],
      },
    ],
    arrival: ['roc-o', { arrivedOn: today, portOfEntry: 'YUL' }],
  };
}

/**
 * Opens PSR case number `n` of run `run` and takes it to arrival, every step through `persist`: after the sponsorship,
 * the sponsor uploads the four documents of rule 3 (each with its own key), and the PR application names them.
 * @returns its case id
 * @throws Error when a step is refused (anything but 200/201): a decision or an upload lost, doubled or misjudged
 */
export async function psrToArrival(product: Product, run: string, n: number): Promise<string> {
  const group = `group-${run}-${n}`;
  const token = (role: Role) => (role === 'sponsor' ? product.token('sponsor', `sponsor-${run}-${n}`, group) : product.token(role));
  const key = (step: string) => `${run}-${n}-${step}`;
  const opened = await persist(product, 'POST', '/applications', token('midi'), psrOpening(group), key('open'));
  if (opened.status !== 201) throw new Error(`opening ${n}: ${opened.status} ${JSON.stringify(opened.body)}`);
  const caseId: string = opened.body.caseId;
  const documents: PrApplicationBody['documents'] = [];
  const bodies = psrPathBodies(n, { documents });
  for (const step of PSR_PATH) {
    // The uploads are part of the path, not decisions: the sponsor uploads the package just before the application
    // names it (the array the application's body holds).
    if (step === 'pr-application') {
      documents.push(...(await uploadRequiredDocuments(product, caseId, token('sponsor'), (type) => key(`upload-${type}`), `${run} case ${n}`)));
    }
    const [role, body] = bodies[step];
    const answer = await persist(product, 'POST', `/applications/${caseId}/${step}`, token(role), body, key(step));
    if (answer.status !== 200) throw new Error(`${step} on case ${n}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return caseId;
}

/**
 * The sponsor uploads the four documents of rule 3 to the case, each with the Idempotency-Key `keyOf(type)`, through
 * `persistUpload`; `label` goes into each PDF's text, so that no two cases' files are alike.
 * @returns the package naming them by documentId
 * @throws Error when an upload is refused (anything but 201)
 */
export async function uploadRequiredDocuments(
  product: Product,
  caseId: string,
  sponsorToken: string,
  keyOf: (type: DocumentType) => string,
  label: string,
): Promise<Array<{ type: DocumentType; documentId: string }>> {
  const documents = [];
  for (const type of REQUIRED_DOCUMENTS) {
    const file = { fileName: `${type.toLowerCase()}.pdf`, content: samplePdf(`${type} form, ${label}`) };
    const answer = await persistUpload(product, caseId, sponsorToken, type, file, keyOf(type));
    if (answer.status !== 201) throw new Error(`upload ${type} on ${label}: ${answer.status} ${JSON.stringify(answer.body)}`);
    documents.push({ type, documentId: answer.body.documentId as string });
  }
  return documents;
}

export interface CaseCount {
  caseId: string;
  outcome: string | null;
  /** Each decision's name, as the case kept them. */
  decisions: string[];
  /** `kind>party:status` of each notice in the outbox. */
  notices: string[];
  /** Copies of each notice in the inbox, by Message-ID. */
  copies: number[];
}

/** What a case became: its outcome and decisions, its notices in the outbox and their copies in the inbox. */
export async function countCase(product: Product, caseId: string, inboxMail: Array<{ messageId?: string }>): Promise<CaseCount> {
  const ops = product.token('roc-o');
  const view = await persist(product, 'GET', `/applications/${caseId}`, ops);
  const notices = await persist(product, 'GET', `/applications/${caseId}/notices`, ops);
  const byId = new Map<string, number>();
  for (const m of inboxMail) if (m.messageId?.startsWith(`${caseId}.`)) byId.set(m.messageId, (byId.get(m.messageId) ?? 0) + 1);
  return {
    caseId,
    outcome: view.body.outcome,
    decisions: view.body.decisions.map((d: { name: string }) => d.name),
    notices: notices.body.map((x: { kind: string; party: string; status: string }) => `${x.kind}>${x.party}:${x.status}`),
    copies: [...byId.values()],
  };
}

/** Every email the product's local inbox holds. */
export function inboxMail(product: Product): Promise<ReceivedMail[]> {
  return allMail(product.inbox);
}
