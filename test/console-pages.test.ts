/**
 * Spec §7: the console's pages as people use them, through the API's own Fastify (inject and a cookie jar): the work
 * queues, the case page, the decision forms built from the decisions table, refusals in the rule's words, a form sent
 * twice applied once, a sponsor's own cases and uploads, French and English. What is asserted is what a person
 * sees on the page, and the case as the API then shows it.
 */
import type { FastifyInstance } from 'fastify';
import { DEV_JWT_SECRET } from '../infra/config';
import { DECISION_NAMES, DECISIONS } from '../domain/decisions';
import { DOCUMENT_TYPES, REQUIRED_DOCUMENTS } from '../domain/case-types';
import * as S from '../domain/schemas';
import { enumValues, fieldNames, readForm, withOffset, type JsonSchema } from '../console/forms';
import { isLabelKey, t } from '../console/i18n';
import { appBeside, closeApps } from './support/apps';
import { call, startStack, type Stack } from './support/stack';
import { allowedArrival, expectOk, flightsTo, journey, MEDICAL_EXAM, openPsr, psrAtOverseasProcessing, readyForVisa, today, tokens } from './support/journey';
import { garOpening, psrOpening } from './support/fixtures';
import { addDays } from '../domain/calendar';
import { documentStoreFrom } from '../infra/document-store';
import { documentKeyRingFrom } from '../infra/document-encryption';
import { samplePdf } from './support/documents';
import { eventuallyPasses } from './support/wait';
import { browser } from './support/console-browser';
import { PSR_PATH } from './reliability/support/drive';

let stack: Stack;
let devApp: FastifyInstance;
beforeAll(async () => {
  stack = await startStack();
  // Console pages carry no bearer token: the API counts them per client address (20 a second by default), and one
  // test address sends them all.
  devApp = await appBeside(stack, { jwtSecret: DEV_JWT_SECRET, rateLimitPerAddressPerSecond: 10_000 });
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

/* ------------------------------------------------------------------------------------------------
 * A browser, as far as the console needs one: a cookie jar, forms sent as a browser sends them.
 * --------------------------------------------------------------------------------------------- */

type Browser = ReturnType<typeof browser>;

/** The open-case form of a PSR case, as MIDI fills it in (no family members). */
const PSR_OPENING_FORM = {
  stream: 'PSR',
  'principalApplicant.familyName': 'Abdelrahman',
  'principalApplicant.givenNames': 'Samira',
  'principalApplicant.dateOfBirth': '1987-03-14',
  'sponsor.groupId': 'group-montreal-1',
  'sponsor.name': 'Groupe de parrainage Saint-Michel',
  'sponsor.contact.email': 'parrainage@example.org',
  visaOffice: 'Nairobi',
};

async function signIn(b: Browser, role: string, name: string, group = '') {
  const form = await b.get('/console/sign-in');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
  const res = await b.post('/console/sign-in/dev', { _csrf: csrf, role, name, group });
  expect([res.statusCode, res.headers.location]).toEqual([303, '/console']);
}

/** The text of a page as a person reads it: tags dropped, entities decoded, spaces folded. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The section of the page under a heading (up to the next heading of the same level or above). */
function sectionUnder(html: string, heading: string): string {
  const headings = [...html.matchAll(/<h([23])[^>]*>([\s\S]*?)<\/h\1>/g)];
  const at = headings.findIndex((h) => text(h[2]).trim().startsWith(heading));
  if (at < 0) throw new Error(`no heading "${heading}" on the page`);
  const level = Number(headings[at][1]);
  const next = headings.slice(at + 1).find((h) => Number(h[1]) <= level);
  return html.slice(headings[at].index!, next?.index ?? html.length);
}

/** A form on the page, found by its id: where it posts, and what it sends as it stands (hidden fields, selections). */
function formOf(html: string, id: string): { action: string; values: Record<string, string>; html: string } {
  const start = html.indexOf(`id="${id}-title"`);
  if (start < 0) throw new Error(`no form ${id} on the page`);
  const formStart = html.indexOf('<form', start);
  const formHtml = html.slice(formStart, html.indexOf('</form>', formStart));
  const action = /action="([^"]+)"/.exec(formHtml)![1];
  const values: Record<string, string> = {};
  for (const m of formHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) values[m[1]] = m[2];
  // What a person finds filled in: text, dates, times, ticked boxes and radios.
  for (const m of formHtml.matchAll(/<input type="(?:text|email|date|datetime-local)" id="[^"]*" name="([^"]+)" value="([^"]+)"/g)) values[m[1]] = m[2];
  for (const m of formHtml.matchAll(/<input type="checkbox" id="[^"]*" name="([^"]+)" checked/g)) values[m[1]] = 'on';
  for (const m of formHtml.matchAll(/<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]+)" checked/g)) values[m[1]] = m[2];
  for (const m of formHtml.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]);
    if (selected?.[1]) values[m[1]] = selected[1];
  }
  return { action, values, html: formHtml };
}

/** The last refused attempt's reason in the case's audit: the words the API gave. */
async function lastRefusal(caseId: string): Promise<string> {
  const audit = await call(stack.app, 'GET', `/applications/${caseId}/audit`, { token: tokens.ops });
  const refused = (audit.body as { outcome: string; reason: string | null }[]).filter((a) => a.outcome === 'refused');
  return refused.at(-1)!.reason!;
}

/* ------------------------------------------------------------------------------------------------
 * The forms and their words.
 * --------------------------------------------------------------------------------------------- */

test('every decision of the table, its fields and its choices have a label in French and in English', () => {
  const missing: string[] = [];
  const schemas = [...DECISION_NAMES.map((n) => DECISIONS[n].body), S.OywApplicationBody, S.OywDecisionBody, S.OpenCaseBody] as JsonSchema[];
  for (const name of DECISION_NAMES) if (!isLabelKey(`decision.${name}`)) missing.push(`decision.${name}`);
  for (const schema of schemas) {
    for (const f of fieldNames(schema)) if (!isLabelKey(`field.${f}`)) missing.push(`field.${f}`);
    for (const v of enumValues(schema)) if (!isLabelKey(`value.${v}`)) missing.push(`value.${v}`);
  }
  for (const type of DOCUMENT_TYPES) if (!isLabelKey(`value.${type}`)) missing.push(`value.${type}`);
  expect(missing).toEqual([]);
});

test('a form is read back into the body the API takes: empty fields left out, rows kept, times with their offset', () => {
  expect(readForm(S.SponsorshipDecisionBody as JsonSchema, { decision: 'approved', reason: '  ' })).toEqual({ decision: 'approved' });
  const travel = readForm(S.TravelBody as JsonSchema, {
    arrivalDate: '2027-03-10',
    portOfEntry: 'YUL',
    'flights.0.carrier': 'AC',
    'flights.0.number': '881',
    'flights.0.from': 'NBO',
    'flights.0.to': 'YUL',
    'flights.0.departure': '2027-03-09T20:00',
    'flights.0.departure.offset': '+03:00',
    'flights.0.arrival': '2027-03-10T10:00',
    'flights.0.arrival.offset': '',
    'flights.1.carrier': '',
  });
  expect(travel).toEqual({
    arrivalDate: '2027-03-10',
    portOfEntry: 'YUL',
    flights: [{ carrier: 'AC', number: '881', from: 'NBO', to: 'YUL', departure: '2027-03-09T20:00:00+03:00', arrival: '2027-03-10T10:00:00-05:00' }],
  });
  // Quebec's clock in summer is UTC−4.
  expect(withOffset('2027-07-10T10:00', '')).toBe('2027-07-10T10:00:00-04:00');
  expect(readForm(S.DependantBody as JsonSchema, { 'dependant.familyName': 'Haddad' })).toEqual({ dependant: { familyName: 'Haddad', accompanying: false } });
  // A family member's row left blank is not a member (its unticked box says nothing); a blank sponsor is none.
  expect(
    readForm(S.OpenCaseBody as JsonSchema, {
      stream: 'GAR',
      visaOffice: 'Nairobi',
      'familyMembers.0.givenNames': 'Eric',
      'familyMembers.1.givenNames': '',
      'sponsor.contact.language': '',
    }),
    // A required part left blank is sent empty: the API names the first field it misses.
  ).toEqual({ stream: 'GAR', principalApplicant: {}, familyMembers: [{ givenNames: 'Eric', accompanying: false }], visaOffice: 'Nairobi' });
  expect(readForm(S.PrApplicationBody as JsonSchema, { 'documents.IMM0008.documentId': 'abc', 'documents.other.fileName': 'letter.pdf' })).toEqual({
    documents: [
      { type: 'IMM0008', documentId: 'abc' },
      { type: 'other', fileName: 'letter.pdf' },
    ],
  });
});

/* ------------------------------------------------------------------------------------------------
 * People at work.
 * --------------------------------------------------------------------------------------------- */

test('MIDI sees the sponsorship to assess in its queue, approves it from the case page, and the case moves on', async () => {
  const j = await openPsr(stack);
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  // The queues read the database's copy of the cases, written as the case opens.
  const home = await b.get('/console');
  expect(home.statusCode).toBe(200);
  expect(sectionUnder(home.body, 'Parrainages à évaluer')).toContain(j.caseId);

  const casePage = await b.get(`/console/cases/${j.caseId}`);
  expect(casePage.statusCode).toBe(200);
  expect(text(casePage.body)).toContain('Évaluation du parrainage');
  // The decisions MIDI may take now: the sponsorship, not the CSQ (not yet requested), none of another role's.
  expect(casePage.body).toContain('id="decision-sponsorshipDecision-title"');
  expect(casePage.body).not.toContain('id="decision-csqDecision-title"');
  expect(casePage.body).not.toContain('id="decision-visaDecision-title"');
  const form = formOf(casePage.body, 'decision-sponsorshipDecision');
  expect(form.html).toMatch(/<legend>Décision/);
  const answer = await b.post(form.action, { ...form.values, decision: 'approved', reason: 'Groupe solide' });
  const after = await b.follow(answer);
  expect(text(after.body)).toContain('Fait : Décision sur le parrainage.');
  expect(text(after.body)).toContain('En attente de la demande de résidence permanente');
  expect(text(after.body)).toContain('Parrainage : approuvé');
  expect(text(after.body)).toContain('Groupe solide');
  expect((await j.read()).body.stage).toBe('awaiting-pr-application');
  // Decided: no longer offered, and nothing else awaits MIDI at this stage.
  expect(after.body).not.toContain('id="decision-sponsorshipDecision-title"');
  expect(text(after.body)).toContain('Aucune décision ne vous attend à cette étape du dossier.');
  // Off MIDI's queue once the database's copy has the decision (it follows it, rule 19).
  await eventuallyPasses(async () => expect(sectionUnder((await b.get('/console')).body, 'Parrainages à évaluer')).not.toContain(j.caseId));
});

test('the same form sent twice (a double click) applies once', async () => {
  const j = await openPsr(stack);
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-sponsorshipDecision');
  const sent = { ...form.values, decision: 'approved', reason: 'Double clic' };
  const [first, second] = [await b.post(form.action, sent), await b.post(form.action, sent)];
  expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
  const decisions = (await j.read()).body.decisions.filter((d: { name: string }) => d.name === 'sponsorship-decision');
  expect(decisions).toHaveLength(1);
  // Sent at once, the same: still one.
  const other = await openPsr(stack);
  const again = formOf((await b.get(`/console/cases/${other.caseId}`)).body, 'decision-sponsorshipDecision');
  const twice = await Promise.all([1, 2].map(() => b.post(again.action, { ...again.values, decision: 'approved' })));
  expect(twice.map((r) => r.statusCode).sort()).toEqual(expect.arrayContaining([303]));
  expect((await other.read()).body.decisions.filter((d: { name: string }) => d.name === 'sponsorship-decision')).toHaveLength(1);
});

test("a refused action shows the rule's words beside its form, with the values sent kept", async () => {
  const j = await psrAtOverseasProcessing(stack);
  const b = browser(devApp);
  await signIn(b, 'migration-officer', 'Agent Nairobi');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-visaDecision');
  const refused = await b.post(form.action, { ...form.values, decision: 'issued', reason: 'Dossier complet' });
  expect(refused.statusCode).toBe(409);
  // The audit keeps the rule's English; the French page shows the rule's French.
  expect(await lastRefusal(j.caseId)).toMatch(/^The visa cannot be issued: the applicant has not been found eligible/);
  const shown = formOf(refused.body, 'decision-visaDecision');
  // Beside the form: in its section, announced, and the form described by it.
  const section = sectionUnder(refused.body, 'Décision sur le visa');
  expect(text(section)).toContain(
    "Refusé : Le visa ne peut pas être délivré : le demandeur n'a pas été jugé admissible ; le demandeur n'a pas été déclaré exempt d'interdiction de territoire ; " +
      "le Québec n'a pas délivré de certificat de sélection du Québec (CSQ demandé).",
  );
  expect(section).toMatch(/id="decision-visaDecision-refusal" role="alert"/);
  expect(shown.html).toContain('aria-describedby="decision-visaDecision-refusal"');
  expect(shown.html).toMatch(/value="issued" checked/);
  expect(shown.html).toContain('Dossier complet');
  // A new key for the form shown again: correcting it is a new request.
  expect(shown.values._key).not.toBe(form.values._key);
  // The language toggle on the refused form's page comes back to the case, in English.
  const toggled = await b.get(`${form.action.split('#')[0]}?lang=en`);
  expect([toggled.statusCode, toggled.headers.location]).toEqual([303, `/console/cases/${j.caseId}`]);
  expect((await b.follow(toggled)).body).toContain('<html lang="en">');
  expect((await j.read()).body.visa.status).toBe('none');
});

test('a form left open while another person decides is refused in the rule\'s words, shown alone: the decision is no longer offered', async () => {
  const j = await openPsr(stack);
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-sponsorshipDecision');
  // Another MIDI officer decides while this page is open.
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const refused = await b.post(form.action, { ...form.values, decision: 'refused', reason: 'Revu trop tard' });
  expect(refused.statusCode).toBe(409);
  expect(await lastRefusal(j.caseId)).toBe('No sponsorship decision is awaited: the sponsorship is already approved.');
  const section = sectionUnder(refused.body, 'Décision sur le parrainage');
  expect(text(section)).toContain("Refusé : Aucune décision sur le parrainage n'est attendue : le parrainage est déjà approuvé.");
  expect(section).toMatch(/id="decision-sponsorshipDecision-refusal" role="alert"/);
  expect(section).not.toContain('<form');
  expect((await j.read()).body.sponsorship.status).toBe('approved');
});

test("a field the API names in a 400 is marked and tied to the API's words", async () => {
  const j = await psrAtOverseasProcessing(stack);
  const b = browser(devApp);
  await signIn(b, 'migration-officer', 'Agent Nairobi');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-admissibilityDecision');
  const refused = await b.post(form.action, { ...form.values, decision: 'admissible', medicalExamDate: '2026-02-30' });
  expect(refused.statusCode).toBe(400);
  const shown = formOf(refused.body, 'decision-admissibilityDecision');
  expect(shown.html).toMatch(/name="medicalExamDate" value="2026-02-30" aria-invalid="true" aria-describedby="decision-admissibilityDecision-refusal"/);
  expect(text(sectionUnder(refused.body, "Décision sur l'interdiction de territoire"))).toContain('medicalExamDate');
});

test('a sponsor sees only its own cases, uploads its documents and submits its package through the console', async () => {
  const own = await openPsr(stack);
  expectOk('sponsorship', await own.sponsorship({ decision: 'approved' }));
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening('group-quebec-2') });
  const theirs = journey(stack, opened.body.caseId);
  expectOk('their sponsorship', await call(stack.app, 'POST', `/applications/${theirs.caseId}/sponsorship-decision`, { token: tokens.midi, body: { decision: 'approved' } }));

  const b = browser(devApp);
  await signIn(b, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  // The approval reaches the database's copy a moment after it is decided (rule 19).
  await eventuallyPasses(async () => {
    const home = await b.get('/console');
    expect(sectionUnder(home.body, 'Ce que nous attendons de vous')).toContain(own.caseId);
    expect(home.body).not.toContain(theirs.caseId);
  });
  const foreign = await b.get(`/console/cases/${theirs.caseId}`);
  expect(foreign.statusCode).toBe(404);
  expect(text(foreign.body)).toContain("Ce dossier n'existe pas, ou vous n'y avez pas accès.");
  expect(foreign.body).not.toContain('Abdelrahman');

  // The four documents of rule 3, each uploaded from the case page with that rendering's own key.
  for (const type of REQUIRED_DOCUMENTS) {
    const page = await b.get(`/console/cases/${own.caseId}`);
    const upload = formOf(page.body, 'upload');
    expect(upload.html).toContain('enctype="multipart/form-data"');
    const res = await b.postMultipart(upload.action, { _csrf: upload.values._csrf, _key: upload.values._key, type }, {
      name: 'file',
      fileName: `${type.toLowerCase()}.pdf`,
      content: samplePdf(`${type} form`),
      contentType: 'application/pdf',
    });
    const after = await b.follow(res);
    expect(text(after.body)).toContain('Fait : document versé.');
  }
  const withDocs = await b.get(`/console/cases/${own.caseId}`);
  const list = sectionUnder(withDocs.body, 'Documents');
  for (const type of REQUIRED_DOCUMENTS) expect(list).toContain(`${type.toLowerCase()}.pdf`);

  // A file of the wrong kind: the API's words beside the upload form, nothing stored.
  const upload = formOf(withDocs.body, 'upload');
  const bad = await b.postMultipart(upload.action, { _csrf: upload.values._csrf, _key: upload.values._key, type: 'other' }, {
    name: 'file',
    fileName: 'notes.pdf',
    content: Buffer.from('just text, not a PDF'),
    contentType: 'application/pdf',
  });
  expect(bad.statusCode).toBe(415);
  expect(sectionUnder(bad.body, 'Verser un document')).toMatch(/role="alert"/);

  // A download is the file as uploaded, through the API.
  const link = /href="(\/console\/cases\/[^"]+\/documents\/[^"]+)"/.exec(list)![1];
  const file = await b.get(link);
  expect(file.statusCode).toBe(200);
  expect(file.headers['content-type']).toBe('application/pdf');
  expect(String(file.headers['content-disposition'])).toMatch(/^attachment/);
  expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  // MIDI may not read documents: the API's refusal, as a page.
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  const forbidden = await midi.get(link);
  expect(forbidden.statusCode).toBe(403);
  expect(forbidden.headers['content-type']).toMatch(/^text\/html/);
  expect(forbidden.body).not.toContain('%PDF-');

  // The package picks the uploads, one per type, as the form offers them.
  const pkg = formOf(withDocs.body, 'decision-prApplication');
  // Its button says what it does: a package is submitted, not a decision recorded.
  expect(pkg.html).toContain('>Soumettre la demande</button>');
  for (const type of REQUIRED_DOCUMENTS) expect(pkg.values[`documents.${type}.documentId`]).toMatch(/^[0-9a-f-]{36}$/);
  const submitted = await b.follow(await b.post(pkg.action, pkg.values));
  expect(text(submitted.body)).toContain('Fait : Demande de résidence permanente.');
  const after = (await own.read()).body;
  expect(after.stage).toBe('overseas-processing');
  expect(after.missingDocuments).toEqual([]);
});

test("an officer abroad is refused a visa in the rule's words, then issues it once the CSQ is in", async () => {
  const j = await psrAtOverseasProcessing(stack);
  expectOk('eligibility', await j.eligibility({ decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }));
  expectOk('admissibility', await j.admissibility({ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() }));
  const b = browser(devApp);
  await signIn(b, 'migration-officer', 'Agent Nairobi');
  await eventuallyPasses(async () => expect(sectionUnder((await b.get('/console')).body, "Décisions d'admissibilité")).toContain(j.caseId));
  const page = await b.get(`/console/cases/${j.caseId}`);
  expect(page.body).not.toContain('id="decision-sponsorshipDecision-title"');
  const form = formOf(page.body, 'decision-visaDecision');
  const refused = await b.post(form.action, { ...form.values, decision: 'issued' });
  expect(refused.statusCode).toBe(409);
  // The audit keeps the rule's English (the timeline below shows it so); the French page shows the rule's French.
  const words = await lastRefusal(j.caseId);
  expect(words).toBe('The visa cannot be issued: Quebec has not issued a CSQ (CSQ requested).');
  expect(text(sectionUnder(refused.body, 'Décision sur le visa'))).toContain(
    "Le visa ne peut pas être délivré : le Québec n'a pas délivré de certificat de sélection du Québec (CSQ demandé).",
  );
  expect((await j.read()).body.visa.status).toBe('none');
  // ROC-O's timeline tells the refused attempt, from the audit, in the rule's words.
  const roc = browser(devApp);
  await signIn(roc, 'roc-o', 'Agent ROC-O');
  expect(text(sectionUnder((await roc.get(`/console/cases/${j.caseId}`)).body, 'Historique'))).toContain(
    `Tentative refusée : Décision sur le visa (Agent d'immigration à l'étranger) – Motif : ${words}`,
  );

  expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0002' }));
  const retry = formOf(refused.body, 'decision-visaDecision');
  const issued = await b.follow(await b.post(retry.action, { ...retry.values, decision: 'issued' }));
  expect(text(issued.body)).toContain('Visa délivré');
  expect((await j.read()).body.visa.status).toBe('issued');
  await eventuallyPasses(async () => expect(sectionUnder((await b.get('/console')).body, 'Voyages à réserver')).toContain(j.caseId));
});

test('ROC-O and ops read the audit and notices; ops sees the attention report; MIDI sees no audit', async () => {
  const j = await psrAtOverseasProcessing(stack);
  const roc = browser(devApp);
  await signIn(roc, 'roc-o', 'Agent ROC-O');
  // The file transfer's notice follows the filing (rule 19): the page shows it once it is recorded.
  await eventuallyPasses(async () => {
    const page = await roc.get(`/console/cases/${j.caseId}`);
    expect(text(sectionUnder(page.body, "Journal d'audit"))).toContain('POST /applications/:caseId/pr-application');
    expect(text(sectionUnder(page.body, 'Avis envoyés'))).toMatch(/Transfert du dossier/);
    expect(text(sectionUnder(page.body, 'Historique'))).toContain('Document versé : imm0008.pdf (IMM 0008 – Demande générique) (Groupe de parrainage)');
  });
  const ops = browser(devApp);
  await signIn(ops, 'ops', 'Opérations');
  const home = await ops.get('/console');
  expect(home.statusCode).toBe(200);
  expect(text(home.body)).toContain('Rapport des dossiers à surveiller');
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  expect((await midi.get(`/console/cases/${j.caseId}`)).body).not.toContain("Journal d'audit");
});

test('the language toggle gives English on each page, and keeps it', async () => {
  const j = await openPsr(stack);
  for (const [role, group] of [['midi', ''], ['roc-o', ''], ['migration-officer', ''], ['sponsor', 'group-montreal-1'], ['ops', '']]) {
    const b = browser(devApp);
    await signIn(b, role, 'Tester', group);
    const home = await b.get('/console?lang=en');
    expect(home.body).toContain('<html lang="en">');
    expect(text(home.body)).toContain(t('en', 'app.home'));
    expect(text(home.body)).not.toContain(t('fr', 'app.home'));
    const casePage = await b.get(`/console/cases/${j.caseId}`);
    expect(casePage.body).toContain('<html lang="en">');
    expect(text(casePage.body)).toContain('Where the case stands');
    expect(text(casePage.body)).toContain('Sponsorship review');
    expect(text(casePage.body)).not.toContain('Évaluation du parrainage');
  }
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  const english = await midi.get(`/console/cases/${j.caseId}?lang=en`);
  expect(text(sectionUnder(english.body, 'Sponsorship decision'))).toMatch(/Decision \(required\) approved refused/);
  const french = await midi.get(`/console/cases/${j.caseId}?lang=fr`);
  expect(text(sectionUnder(french.body, 'Décision sur le parrainage'))).toMatch(/Décision \(obligatoire\) approuvé refusé/);
});

test('an officer books travel from the form (flights on their own clocks), ROC-O records the arrival, and the one-year window runs', async () => {
  // A daughter travels with her mother; the spouse stays behind.
  const opening = garOpening();
  opening.familyMembers.push({ familyName: 'Nkurunziza', givenNames: 'Grace', dateOfBirth: '2015-03-09', relationship: 'child', accompanying: true });
  const j = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: opening })).body.caseId);
  await readyForVisa(j, 'GAR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const officer = browser(devApp);
  await signIn(officer, 'migration-officer', 'Agent Dar es Salaam');
  const travel = formOf((await officer.get(`/console/cases/${j.caseId}`)).body, 'decision-travel');
  const booked = await officer.follow(
    await officer.post(travel.action, {
      ...travel.values,
      arrivalDate: today(),
      portOfEntry: 'YUL',
      urgent: 'on',
      'flights.0.carrier': 'AC',
      'flights.0.number': '881',
      'flights.0.from': 'DAR',
      'flights.0.to': 'YUL',
      // Left Dar es Salaam (UTC+3) at 23:00 the evening before, landed at 10:00 on Quebec's clock.
      'flights.0.departure': `${addDays(today(), -1)}T23:00`,
      'flights.0.departure.offset': '+03:00',
      'flights.0.arrival': `${today()}T10:00`,
      'flights.0.arrival.offset': '',
    }),
  );
  expect(text(booked.body)).toContain('Fait : Réservation du voyage.');
  const trip = (await j.read()).body.travel;
  expect(trip.flights).toEqual([
    expect.objectContaining({ from: 'DAR', departure: `${addDays(today(), -1)}T23:00:00+03:00`, arrival: expect.stringMatching(new RegExp(`^${today()}T10:00:00-0[45]:00$`)) }),
  ]);
  expect(trip.urgent).toBe(true);
  // The form to change the booking starts from it; sent as it stands, it is the same booking: nothing changes (rule 18).
  const rebook = formOf((await officer.get(`/console/cases/${j.caseId}`)).body, 'decision-travel');
  expect(rebook.values).toMatchObject({
    arrivalDate: today(),
    portOfEntry: 'YUL',
    urgent: 'on',
    'flights.0.departure': `${addDays(today(), -1)}T23:00`,
    'flights.0.departure.offset': '+03:00',
  });
  await officer.follow(await officer.post(rebook.action, rebook.values));
  expect((await j.read()).body.travel.natNumber).toBe(trip.natNumber);
  expect((await j.notices()).body.map((n: { kind: string }) => n.kind)).not.toContain('nat-amended');

  const roc = browser(devApp);
  await signIn(roc, 'roc-o', 'Agent ROC-O');
  // ROC-O finds the case among the arrivals to record, by its person.
  await eventuallyPasses(async () => {
    const arrivals = sectionUnder((await roc.get('/console')).body, 'Arrivées à enregistrer (voyage réservé)');
    expect(arrivals).toContain(j.caseId);
    expect(arrivals).toMatch(new RegExp(`${j.caseId}</a></th><td>Aline Nkurunziza</td>`));
  });
  const arrivalPage = (await roc.get(`/console/cases/${j.caseId}`)).body;
  expect(arrivalPage).toContain('<dd id="principal-applicant">Aline Nkurunziza</dd>');
  const arrival = formOf(arrivalPage, 'decision-arrival');
  await roc.follow(await roc.post(arrival.action, { ...arrival.values, arrivedOn: today(), portOfEntry: 'YUL' }));
  expect((await j.read()).body.stage).toBe('arrived');

  // The spouse who stayed behind applies within the year: ROC-O opens it, MIDI selects, ROC-O decides under R141.
  const open = formOf((await roc.get(`/console/cases/${j.caseId}`)).body, 'oyw-open');
  expect(open.html).toContain('Eric Nkurunziza (m1, époux ou épouse, n&#39;accompagne pas)');
  // Only those the window is for: the daughter who travelled is not offered.
  expect(open.html).not.toContain('Grace');
  await roc.follow(await roc.post(open.action, { ...open.values, memberId: 'm1' }));
  expect((await j.read()).body.oyw).toEqual([expect.objectContaining({ oywId: 'oyw-1', status: 'open', selection: null })]);

  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  await eventuallyPasses(async () => expect(sectionUnder((await midi.get('/console')).body, 'Demandes « un an pour agir » à sélectionner')).toContain(j.caseId));
  const select = formOf((await midi.get(`/console/cases/${j.caseId}`)).body, 'oyw-oyw-1');
  await midi.follow(await midi.post(select.action, { ...select.values, decision: 'approved', reason: 'Sélectionné' }));
  const r141 = formOf((await roc.get(`/console/cases/${j.caseId}`)).body, 'oyw-oyw-1');
  const decided = await roc.follow(await roc.post(r141.action, { ...r141.values, decision: 'approved' }));
  expect(text(decided.body)).toContain('Décision « un an pour agir » (R141) : approuvé');
  expect((await j.read()).body.oyw).toEqual([expect.objectContaining({ oywId: 'oyw-1', status: 'closed', outcome: 'approved', selection: 'approved' })]);
});

test('an upload is checked for its CSRF token before anything is sent on, and one sent twice is stored once', async () => {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const b = browser(devApp);
  await signIn(b, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  const upload = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'upload');
  const file = { name: 'file', fileName: 'formulaire.pdf', content: samplePdf('IMM0008'), contentType: 'application/pdf' };
  const forged = await b.postMultipart(upload.action, { _csrf: 'forged', _key: upload.values._key, type: 'IMM0008' }, file);
  expect(forged.statusCode).toBe(403);
  const documents = () => call(stack.app, 'GET', `/applications/${j.caseId}/documents`, { token: tokens.sponsor });
  expect((await documents()).body).toEqual([]);
  const fields = { _csrf: upload.values._csrf, _key: upload.values._key, type: 'IMM0008' };
  const [first, second] = [await b.postMultipart(upload.action, fields, file), await b.postMultipart(upload.action, fields, file)];
  expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
  expect((await documents()).body).toEqual([expect.objectContaining({ type: 'IMM0008', fileName: 'formulaire.pdf' })]);
});

test("a file over the API's size limit is refused in the API's words beside the upload form", async () => {
  const small = await appBeside(stack, {
    jwtSecret: DEV_JWT_SECRET,
    rateLimitPerAddressPerSecond: 10_000,
    documents: { store: documentStoreFrom({ pool: stack.pool, keys: documentKeyRingFrom(undefined) }), maxBytes: 1024 },
  });
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const b = browser(small);
  await signIn(b, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  const upload = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'upload');
  const big = Buffer.concat([samplePdf('IMM0008'), Buffer.alloc(64 * 1024, 0x20)]);
  const refused = await b.postMultipart(upload.action, { _csrf: upload.values._csrf, _key: upload.values._key, type: 'IMM0008' }, {
    name: 'file',
    fileName: 'gros.pdf',
    content: big,
    contentType: 'application/pdf',
  });
  expect(refused.statusCode).toBe(413);
  const words = await lastRefusal(j.caseId);
  expect(text(sectionUnder(refused.body, 'Verser un document'))).toContain(words);
  expect(refused.body).toMatch(/<option value="IMM0008" selected>/);
  expect((await call(stack.app, 'GET', `/applications/${j.caseId}/documents`, { token: tokens.sponsor })).body).toEqual([]);
});

test('ops find a failed effect on the attention report, ROC-O in its queue, and ops retry it from the case page once mended', async () => {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  // The outbox refuses this case's file transfer: data a downstream system refuses, as a test can make it.
  const constraint = `refuse_${j.caseId}`;
  await stack.pool.query(`ALTER TABLE notices ADD CONSTRAINT ${constraint} CHECK (case_id <> '${j.caseId}' OR kind <> 'file-transfer') NOT VALID`);
  try {
    expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
    const ops = browser(devApp);
    await signIn(ops, 'ops', 'Opérations');
    await eventuallyPasses(async () => expect(sectionUnder((await ops.get('/console')).body, 'Rapport des dossiers à surveiller')).toContain(`href="/console/cases/${j.caseId}"`));
    const roc = browser(devApp);
    await signIn(roc, 'roc-o', 'Agent ROC-O');
    await eventuallyPasses(async () => expect(sectionUnder((await roc.get('/console')).body, 'Suites en échec')).toContain(j.caseId));

    const page = await ops.get(`/console/cases/${j.caseId}`);
    const effects = sectionUnder(page.body, 'Suites des décisions');
    expect(text(effects)).toMatch(/en échec .*check violation/);
    const retryForm = formOf(page.body, (/id="(effect-e\d+)-title"/.exec(effects) ?? [])[1]!);
    // Mended, then retried.
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT ${constraint}`);
    const retried = await ops.follow(await ops.post(retryForm.action, retryForm.values));
    expect(text(retried.body)).toContain('Fait : la suite est relancée.');
    await eventuallyPasses(async () => expect((await j.read()).body.effects.every((e: { status: string }) => e.status === 'done')).toBe(true));
    // Sent again (a double click on a form shown before): the same answer, nothing run twice.
    const again = await ops.post(retryForm.action, retryForm.values);
    expect(again.statusCode).toBe(303);
  } finally {
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT IF EXISTS ${constraint}`);
  }
});

test('a decision the API could not confirm (503) is shown with its words and the same key, so sending it again applies it once', async () => {
  const j = await openPsr(stack);
  const slow = await appBeside(stack, { jwtSecret: DEV_JWT_SECRET, rateLimitPerAddressPerSecond: 10_000, workflowTimeoutMs: 2000 });
  const b = browser(slow);
  await signIn(b, 'midi', 'Alice Tremblay');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-sponsorshipDecision');
  await stack.pauseWorker();
  let unconfirmed;
  try {
    unconfirmed = await b.post(form.action, { ...form.values, decision: 'approved', reason: 'Envoyé pendant la panne' });
  } finally {
    await stack.resumeWorker();
  }
  expect(unconfirmed.statusCode).toBe(503);
  expect(text(sectionUnder(unconfirmed.body, 'Décision sur le parrainage'))).toMatch(/it may still be applied: read the case before sending it again\./);
  const shown = formOf(unconfirmed.body, 'decision-sponsorshipDecision');
  expect(shown.values._key).toBe(form.values._key);
  expect(shown.html).toMatch(/value="approved" checked/);
  const sentAgain = await b.follow(await b.post(shown.action, { ...shown.values, decision: 'approved', reason: 'Envoyé pendant la panne' }));
  expect(text(sentAgain.body)).toContain('En attente de la demande de résidence permanente');
  const decisions = (await j.read()).body.decisions.filter((d: { name: string }) => d.name === 'sponsorship-decision');
  expect(decisions).toHaveLength(1);
});

test('MIDI opens a PSR case from the console; a stream it may not open is refused in the API\'s words beside the form', async () => {
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const home = await b.get('/console');
  expect(home.body).toContain('href="/console/open"');
  const page = await b.get('/console/open');
  expect(page.statusCode).toBe(200);
  const form = formOf(page.body, 'open');
  const gar = await b.post(form.action, {
    ...form.values,
    stream: 'GAR',
    'principalApplicant.familyName': 'Nkurunziza',
    'principalApplicant.givenNames': 'Aline',
    'principalApplicant.dateOfBirth': '1990-01-22',
    visaOffice: 'Dar es Salaam',
  });
  expect(gar.statusCode).toBe(403);
  expect(text(sectionUnder(gar.body, 'Le dossier'))).toContain('A GAR case is opened by ROC-O (roc-o).');
  expect(formOf(gar.body, 'open').html).toContain('value="Nkurunziza"');

  const again = formOf(gar.body, 'open');
  const psr = {
    ...again.values,
    stream: 'PSR',
    'principalApplicant.familyName': 'Abdelrahman',
    'principalApplicant.givenNames': 'Samira',
    'principalApplicant.dateOfBirth': '1987-03-14',
    'familyMembers.0.familyName': 'Abdelrahman',
    'familyMembers.0.givenNames': 'Omar',
    'familyMembers.0.dateOfBirth': '2012-07-01',
    'familyMembers.0.relationship': 'child',
    'familyMembers.0.accompanying': 'on',
    'sponsor.groupId': 'group-montreal-1',
    'sponsor.name': 'Groupe de parrainage Saint-Michel',
    'sponsor.contact.email': 'parrainage@example.org',
    'sponsor.contact.language': 'fr',
    visaOffice: 'Nairobi',
  };
  const opened = await b.post(again.action, psr);
  expect(opened.statusCode).toBe(303);
  const caseId = /^\/console\/cases\/([^?]+)\?/.exec(String(opened.headers.location))![1];
  const shown = await b.get(String(opened.headers.location));
  expect(text(shown.body)).toContain('Fait : dossier ouvert.');
  expect(text(shown.body)).toContain('Évaluation du parrainage');
  const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: tokens.midi });
  expect(read.body).toMatchObject({
    stream: 'PSR',
    stage: 'sponsorship-review',
    familyMembers: [expect.objectContaining({ givenNames: 'Omar', relationship: 'child', accompanying: true })],
    sponsor: { groupId: 'group-montreal-1', contact: { email: 'parrainage@example.org', language: 'fr' } },
  });
  // Sent twice (a double click): one case.
  const twice = await b.post(again.action, psr);
  expect(twice.headers.location).toBe(opened.headers.location);
});

/** A person sends one form of the case page as it stands with `values` filled in; the page they land on. */
async function decide(b: Browser, caseId: string, formId: string, values: Record<string, string>) {
  const form = formOf((await b.get(`/console/cases/${caseId}`)).body, formId);
  const answer = await b.post(form.action, { ...form.values, ...values });
  if (answer.statusCode !== 303) throw new Error(`${formId}: ${answer.statusCode} ${text(answer.body).slice(0, 2000)}`);
  return b.follow(answer);
}

test('a PSR case goes from the undertaking to arrival in the console alone, each role in turn', async () => {
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  const open = formOf((await midi.get('/console/open?lang=en')).body, 'open');
  const opened = await midi.post(open.action, { ...open.values, ...PSR_OPENING_FORM });
  const caseId = /^\/console\/cases\/([^?]+)\?/.exec(String(opened.headers.location))![1];
  await decide(midi, caseId, 'decision-sponsorshipDecision', { decision: 'approved' });

  const sponsor = browser(devApp);
  await signIn(sponsor, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  for (const type of REQUIRED_DOCUMENTS) {
    const upload = formOf((await sponsor.get(`/console/cases/${caseId}`)).body, 'upload');
    await sponsor.follow(await sponsor.postMultipart(upload.action, { _csrf: upload.values._csrf, _key: upload.values._key, type }, {
      name: 'file',
      fileName: `${type}.pdf`,
      content: samplePdf(type),
      contentType: 'application/pdf',
    }));
  }
  await decide(sponsor, caseId, 'decision-prApplication', {});

  await decide(midi, caseId, 'decision-csqDecision', { decision: 'issued', csqNumber: 'CSQ-2026-7001' });

  const officer = browser(devApp);
  await signIn(officer, 'migration-officer', 'Agent Nairobi');
  await decide(officer, caseId, 'decision-eligibilityDecision', { decision: 'eligible', refugeeClass: 'convention-refugee-abroad' });
  await decide(officer, caseId, 'decision-admissibilityDecision', { decision: 'admissible', medicalExamDate: MEDICAL_EXAM() });
  await decide(officer, caseId, 'decision-visaDecision', { decision: 'issued' });
  const arrivalDate = allowedArrival();
  await decide(officer, caseId, 'decision-travel', {
    arrivalDate,
    portOfEntry: 'YUL',
    'flights.0.carrier': 'KQ',
    'flights.0.number': '1880',
    'flights.0.from': 'NBO',
    'flights.0.to': 'YUL',
    'flights.0.departure': `${addDays(arrivalDate, -1)}T22:00`,
    'flights.0.departure.offset': '+03:00',
    'flights.0.arrival': `${arrivalDate}T09:30`,
  });

  const roc = browser(devApp);
  await signIn(roc, 'roc-o', 'Agent ROC-O');
  const arrived = await decide(roc, caseId, 'decision-arrival', { arrivedOn: today(), portOfEntry: 'YUL' });
  expect(text(arrived.body)).toContain('Arrivé le');
  const read = (await call(stack.app, 'GET', `/applications/${caseId}`, { token: tokens.rocO })).body;
  expect(read).toMatchObject({ stage: 'arrived', outcome: null, csq: { status: 'issued' }, visa: { status: 'issued' }, arrival: { arrivedOn: today() } });
  expect(read.decisions.map((d: { name: string }) => d.name)).toEqual([...PSR_PATH]);
});

/* ------------------------------------------------------------------------------------------------
 * What a fresh user found (each test fails without its fix).
 * --------------------------------------------------------------------------------------------- */

test("a rule's refusal is shown in the page's language, unmarked; the API's English-only words are marked as English on a French page (WCAG 3.1.2); the console's labels are not", async () => {
  const j = await openPsr(stack);
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  // Both pages open while the sponsorship awaits MIDI; another officer then decides it.
  const englishForm = formOf((await midi.get(`/console/cases/${j.caseId}?lang=en`)).body, 'decision-sponsorshipDecision');
  await midi.get(`/console/cases/${j.caseId}?lang=fr`);
  const form = formOf((await midi.get(`/console/cases/${j.caseId}`)).body, 'decision-sponsorshipDecision');
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const refused = await midi.post(form.action, { ...form.values, decision: 'refused' });
  expect(refused.statusCode).toBe(409);
  // Beside the form: the rule's words in French, as the page, nothing to mark.
  const section = sectionUnder(refused.body, 'Décision sur le parrainage');
  expect(section).toMatch(/<strong>Refusé :<\/strong> Aucune décision sur le parrainage n&#39;est attendue : le parrainage est déjà approuvé\./);
  expect(section).not.toMatch(/lang="(en|fr)"/);
  // In English, the rule's English, nothing to mark either.
  await midi.get(`/console/cases/${j.caseId}?lang=en`);
  const english = await midi.post(englishForm.action, { ...englishForm.values, decision: 'refused' });
  const englishSection = sectionUnder(english.body, 'Sponsorship decision');
  expect(englishSection).toMatch(/<strong>Refused:<\/strong> No sponsorship decision is awaited: the sponsorship is already approved\./);
  expect(englishSection).not.toMatch(/lang="(en|fr)"/);
  await midi.get(`/console/cases/${j.caseId}?lang=fr`);
  // An error page with the API's words (MIDI may not read documents).
  const denied = await midi.get(`/console/cases/${j.caseId}/documents/00000000-0000-4000-8000-000000000000`);
  expect(denied.statusCode).toBe(403);
  expect(denied.body).toMatch(/<p class="refusal" role="alert" lang="en">/);
  // ROC-O: the timeline's refused attempt and the audit table give the reason as the audit keeps it, in English.
  const roco = browser(devApp);
  await signIn(roco, 'roc-o', 'Jean Ottawa');
  const casePage = (await roco.get(`/console/cases/${j.caseId}`)).body;
  expect(sectionUnder(casePage, 'Historique')).toMatch(/Motif : <span lang="en">No sponsorship decision is awaited/);
  expect(sectionUnder(casePage, "Journal d'audit")).toMatch(/<td lang="en">No sponsorship decision is awaited/);
  expect(sectionUnder(casePage, "Journal d'audit")).toMatch(/<td lang="en">POST \/applications/);
});

test('a refused form says in words which field it is about, in the page\'s language, and the page opens on its refusal; so do refused uploads', async () => {
  const j = await psrAtOverseasProcessing(stack);
  const b = browser(devApp);
  await signIn(b, 'migration-officer', 'Agent Nairobi');
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-admissibilityDecision');
  // The form posts to an address ending with its refusal's id: the refused page opens there, focus on it.
  expect(form.action).toMatch(/#decision-admissibilityDecision-refusal$/);
  const refused = await b.post(form.action, { ...form.values, decision: 'admissible', medicalExamDate: '2026-02-30' });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toMatch(/<div class="refusal" id="decision-admissibilityDecision-refusal" role="alert" tabindex="-1">/);
  const section = text(sectionUnder(refused.body, "Décision sur l'interdiction de territoire"));
  expect(section).toContain(`Refusé : champ « ${t('fr', 'field.medicalExamDate')} » : body.medicalExamDate`);
  // A nested field: its group's label too.
  const roco = browser(devApp);
  await signIn(roco, 'roc-o', 'Jean Ottawa');
  const open = formOf((await roco.get('/console/open?lang=en')).body, 'open');
  const gar = await roco.post(open.action, { ...open.values, stream: 'GAR', 'principalApplicant.familyName': 'Nkurunziza', 'principalApplicant.givenNames': 'Aline', visaOffice: 'Nairobi' });
  expect(gar.statusCode).toBe(400);
  expect(text(sectionUnder(gar.body, 'The case'))).toContain('Refused: field “Principal applicant – Date of birth”:');
  // An accepted form lands on its own "Done" message, not on the refusal's fragment it was posted to.
  const accepted = await b.post(formOf(refused.body, 'decision-admissibilityDecision').action, { ...formOf(refused.body, 'decision-admissibilityDecision').values, decision: 'admissible', medicalExamDate: MEDICAL_EXAM() });
  expect(String(accepted.headers.location)).toMatch(/\?done=decision\.admissibilityDecision#done$/);
  expect((await b.follow(accepted)).body).toMatch(/<div class="done" id="done" role="status" tabindex="-1">/);

  // Uploads: a refusal names and marks the field it is about (no type; a file of the wrong kind, 415).
  const p = await openPsr(stack);
  expectOk('sponsorship', await p.sponsorship({ decision: 'approved' }));
  const sponsor = browser(devApp);
  await signIn(sponsor, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  const upload = formOf((await sponsor.get(`/console/cases/${p.caseId}`)).body, 'upload');
  expect(upload.action).toMatch(/#upload-refusal$/);
  const noType = await sponsor.postMultipart(upload.action, { _csrf: upload.values._csrf, _key: upload.values._key }, { name: 'file', fileName: 'a.pdf', content: samplePdf('IMM0008'), contentType: 'application/pdf' });
  expect(noType.statusCode).toBe(400);
  expect(noType.body).toMatch(/<div class="refusal" id="upload-refusal" role="alert" tabindex="-1">/);
  expect(noType.body).toMatch(/<select id="upload-type" name="type" required aria-invalid="true" aria-describedby="upload-refusal">/);
  expect(text(sectionUnder(noType.body, 'Verser un document'))).toContain(`Refusé : champ « ${t('fr', 'field.type')} » :`);
  const again = formOf(noType.body, 'upload');
  const wrongKind = await sponsor.postMultipart(again.action, { _csrf: again.values._csrf, _key: again.values._key, type: 'IMM0008' }, { name: 'file', fileName: 'notes.txt', content: Buffer.from('plain text'), contentType: 'text/plain' });
  expect(wrongKind.statusCode).toBe(415);
  expect(wrongKind.body).toMatch(/<input type="file" id="upload-file" name="file"[^>]* required aria-invalid="true"/);
  expect(text(sectionUnder(wrongKind.body, 'Verser un document'))).toContain(`Refusé : champ « ${t('fr', 'documents.file')} » :`);
});

test("error pages: an unknown address is a 404 page in the page's language; a decision the role may not take shows the API's words; a case number too long is refused beside the find box", async () => {
  const j = await openPsr(stack);
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const unknown = await b.get('/console/nowhere/at-all');
  expect(unknown.statusCode).toBe(404);
  expect(String(unknown.headers['content-type'])).toMatch(/^text\/html/);
  expect(unknown.body).toContain('<html lang="fr">');
  expect(text(unknown.body)).toContain("Cette page n'existe pas.");
  const english = await b.get('/console/nowhere?lang=en');
  expect([english.statusCode, text(english.body).includes('This page does not exist.')]).toEqual([404, true]);
  await b.get('/console?lang=fr');

  // A visa decision is the officer's: MIDI posting one (a stale page, a forged form) gets the API's 403 words.
  const form = formOf((await b.get(`/console/cases/${j.caseId}`)).body, 'decision-sponsorshipDecision');
  const forbidden = await b.post(`/console/cases/${j.caseId}/decisions/visaDecision`, { _csrf: form.values._csrf, _key: form.values._key, decision: 'issued' });
  expect(forbidden.statusCode).toBe(403);
  const section = sectionUnder(forbidden.body, 'Décision sur le visa');
  expect(section).toMatch(/<div class="refusal" id="decision-visaDecision-refusal" role="alert" tabindex="-1"><p><strong>Refusé :<\/strong> <span lang="en">\S/);

  // A case number over the API's limit typed in the find box: refused beside it, what was typed kept.
  for (const long of ['x'.repeat(65), 'y'.repeat(150)]) {
    const found = await b.get(`/console/cases?caseId=${long}`);
    expect(found.statusCode).toBe(400);
    expect(String(found.headers['content-type'])).toMatch(/^text\/html/);
    const find = sectionUnder(found.body, t('fr', 'queue.find'));
    expect(find).toMatch(/<div class="refusal" id="find-refusal" role="alert" tabindex="-1"><p><strong>Refusé :<\/strong> <span lang="en">params\.caseId/);
    expect(find).toContain(`value="${long}" aria-invalid="true" aria-describedby="find-refusal"`);
  }
});

test('wording: genders, the role in the banner, dates in sentences, notice languages, streams, the find and open actions, the no-show deadline; no follow-ups for a sponsor', async () => {
  const fresh = await openPsr(stack);
  const midi = browser(devApp);
  await signIn(midi, 'midi', 'Alice Tremblay');
  const home = await midi.get('/console');
  // The two actions of the home page say which is which.
  expect(text(home.body)).toContain('Trouver un dossier');
  expect(text(home.body)).toContain('Ouvrir un nouveau dossier');
  expect(text(home.body)).not.toMatch(/Ouvrir un dossier/);
  expect(text(home.body)).toContain('Connecté : Alice Tremblay (MIDI)');
  const homeEn = text((await midi.get('/console?lang=en')).body);
  expect(homeEn).toContain('Find a case');
  expect(homeEn).toContain('Open a new case');
  expect(homeEn).toContain('Signed in: Alice Tremblay (MIDI)');
  await midi.get('/console?lang=fr');
  const freshPage = text((await midi.get(`/console/cases/${fresh.caseId}`)).body);
  expect(freshPage).toContain('Numéro SMGC Aucun ');
  expect(freshPage).toContain('Programme PSR – parrainage privé');
  // In a queue's table, the stream as the i18n table has it, short.
  expect(sectionUnder((await midi.get('/console')).body, t('fr', 'queue.midi.sponsorships'))).toContain(`<td>PSR</td>`);

  // A GAR case booked: the stream as the headings, the travel and visa dates as French dates, the no-show alert.
  const j = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: garOpening() })).body.caseId);
  await readyForVisa(j, 'GAR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrival = allowedArrival();
  expectOk('travel', await j.travel({ arrivalDate: arrival, portOfEntry: 'YUL', flights: flightsTo(arrival) }));
  const read = (await j.read()).body;
  const roco = browser(devApp);
  await signIn(roco, 'roc-o', 'Jean Ottawa');
  const page = (await roco.get(`/console/cases/${j.caseId}`)).body;
  const summary = text(sectionUnder(page, 'Où en est le dossier'));
  expect(summary).toContain('Programme RPG – pris en charge par le gouvernement');
  const frDate = (d: string) => new Intl.DateTimeFormat('fr-CA', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${d}T00:00:00Z`));
  expect(summary).toContain(`Arrivée le ${frDate(arrival)} à YUL`);
  expect(summary).toContain(`expire le ${frDate(read.visa.expiresOn)}`);
  expect(summary).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(read.nextDeadline.kind).toBe('no-show');
  expect(summary).toContain('Prochaine échéance Alerte de non-présentation');
  expect(text(page)).toContain('Connecté : Jean Ottawa (ROC-O)');
  // Notice languages in words.
  const notices = sectionUnder(page, 'Avis envoyés');
  expect(notices).toMatch(/<td>(français|anglais)<\/td>/);
  expect(notices).not.toMatch(/<td>(fr|en)<\/td>/);
  // ROC-O sees the effects' ids; a sponsor does not.
  const effectId = read.effects[0].effectId as string;
  expect(sectionUnder(page, 'Suites des décisions')).toContain(`<th scope="row">${effectId}</th>`);
  const psr = await psrAtOverseasProcessing(stack);
  const sponsor = browser(devApp);
  await signIn(sponsor, 'sponsor', 'Bénévole Saint-Michel', 'group-montreal-1');
  await eventuallyPasses(async () => {
    const psrEffects = (await psr.read()).body.effects as { effectId: string }[];
    expect(psrEffects.length).toBeGreaterThan(0);
    const sponsorPage = (await sponsor.get(`/console/cases/${psr.caseId}`)).body;
    // The system's follow-ups and their errors are not a sponsor's business: no section, no effect id.
    expect(sponsorPage).toContain(t('fr', 'case.timeline'));
    expect(sponsorPage).not.toContain(t('fr', 'effects.title'));
    for (const e of psrEffects) expect(sponsorPage).not.toContain(`>${e.effectId}<`);
  });
});

test("the sponsor's email in the open-case form is one line, type=\"email\", its value kept after a refusal", async () => {
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const form = formOf((await b.get('/console/open')).body, 'open');
  expect(form.html).toMatch(/<input type="email" id="open-sponsor-contact-email" name="sponsor\.contact\.email" value=""/);
  expect(form.html).not.toMatch(/<textarea[^>]*name="sponsor\.contact\.email"/);
  const refused = await b.post(form.action, { ...form.values, stream: 'PSR', 'sponsor.contact.email': 'groupe@example.org' });
  expect(refused.statusCode).toBe(400);
  expect(formOf(refused.body, 'open').values['sponsor.contact.email']).toBe('groupe@example.org');
});

test('one more family member or flight without script (a rows count in the address), kept through a refusal; a row the form did not show is refused in words', async () => {
  const b = browser(devApp);
  await signIn(b, 'midi', 'Alice Tremblay');
  const page = await b.get('/console/open');
  const form = formOf(page.body, 'open');
  expect(form.values['familyMembers.rows']).toBe('6');
  expect(form.html).not.toContain('name="familyMembers.6.givenNames"');
  const link = /<a href="([^"]*familyMembers\.rows=7[^"]*)">([^<]*)<\/a>/.exec(form.html)!;
  expect(link[2]).toContain('Ajouter une ligne : Membre de la famille');
  const more = await b.get(link[1].replace(/&amp;/g, '&'));
  expect(more.statusCode).toBe(200);
  const seven = formOf(more.body, 'open');
  expect(seven.values['familyMembers.rows']).toBe('7');
  expect(seven.html).toContain('name="familyMembers.6.givenNames"');
  expect(seven.html).toContain('id="open-familyMembers-6"');
  const base = { ...seven.values, ...PSR_OPENING_FORM };
  const seventh = { 'familyMembers.6.familyName': 'Abdelrahman', 'familyMembers.6.givenNames': 'Omar', 'familyMembers.6.dateOfBirth': '2012-07-01', 'familyMembers.6.relationship': 'child' };
  // Refused for another reason: the seventh row is still there, filled in.
  const refused = await b.post(seven.action, { ...base, ...seventh, 'principalApplicant.dateOfBirth': '' });
  expect(refused.statusCode).toBe(400);
  expect(formOf(refused.body, 'open').values['familyMembers.6.givenNames']).toBe('Omar');
  // A row the form did not show (forged, or a stale form): refused in words, nothing opened.
  const forged = await b.post(seven.action, { ...base, ...seventh, 'familyMembers.9.givenNames': 'Fantôme' });
  expect(forged.statusCode).toBe(400);
  expect(text(sectionUnder(forged.body, 'Le dossier'))).toContain('Refusé : Le formulaire envoyé a une ligne « Membre de la famille » (10) qu’il n’affichait pas');
  const opened = await b.post(seven.action, { ...base, ...seventh });
  expect(opened.statusCode).toBe(303);
  const caseId = /^\/console\/cases\/([^?]+)\?/.exec(String(opened.headers.location))![1];
  const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: tokens.midi });
  expect(read.body.familyMembers).toEqual([expect.objectContaining({ givenNames: 'Omar', relationship: 'child' })]);

  // Flights: a fourth on the booking form, and a forged eleventh refused.
  // A daughter travels with her mother; the spouse stays behind.
  const opening = garOpening();
  opening.familyMembers.push({ familyName: 'Nkurunziza', givenNames: 'Grace', dateOfBirth: '2015-03-09', relationship: 'child', accompanying: true });
  const j = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: opening })).body.caseId);
  await readyForVisa(j, 'GAR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const officer = browser(devApp);
  await signIn(officer, 'migration-officer', 'Agent Nairobi');
  const travel = formOf((await officer.get(`/console/cases/${j.caseId}`)).body, 'decision-travel');
  expect(travel.values['flights.rows']).toBe('3');
  const flightLink = /<a href="([^"]*flights\.rows=4[^"]*)">/.exec(travel.html)!;
  const four = formOf((await officer.get(flightLink[1].replace(/&amp;/g, '&'))).body, 'decision-travel');
  expect(four.values['flights.rows']).toBe('4');
  expect(four.html).toContain('name="flights.3.carrier"');
  const forgedFlight = await officer.post(four.action, { ...four.values, arrivalDate: allowedArrival(), portOfEntry: 'YUL', 'flights.10.carrier': 'AC' });
  expect(forgedFlight.statusCode).toBe(400);
  expect(text(sectionUnder(forgedFlight.body, 'Réservation du voyage'))).toContain('Refusé : Le formulaire envoyé a une ligne « Vol » (11)');
  expect((await j.read()).body.travel).toBeNull();
});
