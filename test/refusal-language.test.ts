/**
 * Spec §4 with §7: a rule's refusal, given by a real case's workflow, is answered in English by default and in French
 * when the request's Accept-Language prefers it; the audit keeps the English; an Idempotency-Key answered once gives
 * its refusal again in the language asked for the second time.
 */
import { randomUUID } from 'node:crypto';
import { preferredLanguage } from '../api/language';
import { startStack, type Stack } from './support/stack';
import { openPsr, tokens, type Journey } from './support/journey';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const EN = 'No sponsorship decision is awaited: the sponsorship is already approved.';
const FR = "Aucune décision sur le parrainage n'est attendue : le parrainage est déjà approuvé.";

/** A second sponsorship decision on `j` (refused by rule 1), with these headers. */
async function decideAgain(j: Journey, headers: Record<string, string> = {}) {
  const res = await stack.app.inject({
    method: 'POST',
    url: `/applications/${j.caseId}/sponsorship-decision`,
    headers: { authorization: `Bearer ${tokens.midi}`, ...headers },
    payload: { decision: 'refused' },
  });
  return { status: res.statusCode, body: res.json(), language: res.headers['content-language'], vary: String(res.headers.vary ?? '') };
}

let approved: Journey;
beforeAll(async () => {
  approved = await openPsr(stack);
  const answer = await approved.sponsorship({ decision: 'approved' });
  if (answer.status !== 200) throw new Error(`approve: ${answer.status}`);
});

test('a 409 from the workflow: French for Accept-Language fr, with the language it is in', async () => {
  const answer = await decideAgain(approved, { 'accept-language': 'fr' });
  expect(answer).toMatchObject({ status: 409, body: { error: 'conflict', message: FR }, language: 'fr' });
  expect(answer.vary.toLowerCase()).toContain('accept-language');
});

test("a browser's French list (fr-CA,fr;q=0.9,en;q=0.5) gets French", async () => {
  expect(await decideAgain(approved, { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' })).toMatchObject({ status: 409, body: { message: FR }, language: 'fr' });
});

test('en, no header, a malformed header, or only other languages get English, never an error', async () => {
  const asked: Record<string, string>[] = [{ 'accept-language': 'en' }, {}, { 'accept-language': 'fr;q=deux, ,,;;' }, { 'accept-language': 'de-DE,es;q=0.8' }];
  for (const headers of asked) {
    expect(await decideAgain(approved, headers)).toMatchObject({ status: 409, body: { error: 'conflict', message: EN }, language: 'en' });
  }
});

test('the audit keeps the English, whatever language the person read', async () => {
  const j = await openPsr(stack);
  await j.sponsorship({ decision: 'approved' });
  expect((await decideAgain(j, { 'accept-language': 'fr' })).body.message).toBe(FR);
  const audit = await stack.app.inject({ method: 'GET', url: `/applications/${j.caseId}/audit`, headers: { authorization: `Bearer ${tokens.rocO}` } });
  const refused = (audit.json() as { outcome: string; reason: string }[]).filter((a) => a.outcome === 'refused');
  expect(refused.map((a) => a.reason)).toEqual([EN]);
});

test('an Idempotency-Key answered with a refusal gives it again in the language asked for now', async () => {
  const key = randomUUID();
  expect(await decideAgain(approved, { 'accept-language': 'fr', 'idempotency-key': key })).toMatchObject({ status: 409, body: { message: FR } });
  const again = await decideAgain(approved, { 'accept-language': 'en', 'idempotency-key': key });
  expect(again).toMatchObject({ status: 409, body: { error: 'conflict', message: EN }, language: 'en' });
  expect(Object.keys(again.body).sort()).toEqual(['error', 'message']);
  expect(await decideAgain(approved, { 'accept-language': 'fr', 'idempotency-key': key })).toMatchObject({ status: 409, body: { message: FR } });
});

test('a 400 the case gives (a package naming a document it does not have) is in French too', async () => {
  const documentId = randomUUID();
  const res = await stack.app.inject({
    method: 'POST',
    url: `/applications/${approved.caseId}/pr-application`,
    headers: { authorization: `Bearer ${tokens.sponsor}`, 'accept-language': 'fr' },
    payload: { documents: [{ type: 'IMM0008', documentId }] },
  });
  expect(res.statusCode).toBe(400);
  expect(res.json()).toEqual({ error: 'bad-request', message: 'body.documents.0.documentId ne désigne aucun document téléversé dans ce dossier.' });
});

test('Accept-Language read as RFC 9110 writes it', () => {
  expect(preferredLanguage(undefined)).toBe('en');
  expect(preferredLanguage('')).toBe('en');
  expect(preferredLanguage('fr')).toBe('fr');
  expect(preferredLanguage('FR-ca')).toBe('fr');
  expect(preferredLanguage('fr-CA,fr;q=0.9,en;q=0.5')).toBe('fr');
  expect(preferredLanguage('en-US,en;q=0.9,fr;q=0.8')).toBe('en');
  expect(preferredLanguage('en;q=0.5, fr;q=0.6')).toBe('fr');
  expect(preferredLanguage('fr, en')).toBe('fr');
  expect(preferredLanguage('en, fr')).toBe('en');
  expect(preferredLanguage('fr;q=0')).toBe('en');
  expect(preferredLanguage('*')).toBe('en');
  expect(preferredLanguage('de, *;q=0.5, en;q=0.1')).toBe('fr');
  expect(preferredLanguage('de-DE, es')).toBe('en');
  expect(preferredLanguage(['de', 'fr;q=0.7'])).toBe('fr');
  expect(preferredLanguage('fr;q=1.5')).toBe('en');
  expect(preferredLanguage('fr;q=0.1234')).toBe('en');
  expect(preferredLanguage('fr;level=1')).toBe('en');
  expect(preferredLanguage('français')).toBe('en');
  expect(preferredLanguage(`fr,${'x'.repeat(2000)}`)).toBe('en');
});
