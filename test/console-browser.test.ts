/**
 * Spec §7 and issue 15 item 5: the staff console in Debian's Chromium (playwright-core, headless), as people use it.
 * Every page in French and in English through the toggle; on each, axe-core's WCAG 2.1 AA rules with 0 violations,
 * reflow at 320 px, a visible focus at every Tab stop, nothing refused by the CSP (test/support/browser.ts
 * checkPage); the skip link by keyboard; a PSR case from the undertaking to the arrival through the pages alone,
 * MIDI, the sponsor, the officer abroad, ROC-O and ops each in their own window. Screenshots in test-artifacts/console/.
 */
import type { Locator } from 'playwright-core';
import { REQUIRED_DOCUMENTS, type Role } from '../domain/case-types';
import type { DecisionName } from '../domain/decisions';
import { addDays } from '../domain/calendar';
import { label, t, type ConsoleLanguage, type LabelKey } from '../console/i18n';
import { closeApps } from './support/apps';
import { axeViolations, checkPage, focusProblems, reflowProblems, reloadUntilShown, signIn, startConsoleHarness, waitForText, type ConsoleHarness, type Person } from './support/browser';
import { samplePdf } from './support/documents';
import { allowedArrival, MEDICAL_EXAM, today } from './support/journey';
import { startStack, type Stack } from './support/stack';

// A browser, Temporal, PostgreSQL and jest share two cores: pages take seconds, not milliseconds, when they are busy.
jest.setTimeout(300_000);

let stack: Stack;
let harness: ConsoleHarness;
beforeAll(async () => {
  stack = await startStack();
  harness = await startConsoleHarness(stack);
}, 180_000);
afterEach(async () => {
  await harness?.closePeople();
});
afterAll(async () => {
  // The browser and the app first (the app's port), then the stack, whatever failed before.
  try {
    await harness?.close();
  } finally {
    await closeApps();
    await stack?.stop();
  }
}, 120_000);

const other = (lang: ConsoleLanguage): ConsoleLanguage => (lang === 'fr' ? 'en' : 'fr');

/**
 * Clicks the language toggle in the banner, as a person does, and waits for the page in the other language (which
 * may be another address: a refused form's page sends the toggle back to its case page).
 */
async function toggleTo(person: Person, lang: ConsoleLanguage): Promise<void> {
  const { page } = person;
  await page.locator(`header a[hreflang="${lang}"]`).click();
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  await page.waitForLoadState();
}

/** The page's main heading shows `key`'s label in `lang`. */
async function headingIs(person: Person, lang: ConsoleLanguage, key: LabelKey): Promise<void> {
  await waitForText(person.page.locator('main h1'), t(lang, key));
}

/**
 * Checks the page shown in French and in English, reaching the other language through the toggle and coming back:
 * each is accessible and shows `expectWords` in its language. Returns the problems found in both.
 */
async function checkBothLanguages(person: Person, step: string, expectWords: (lang: ConsoleLanguage) => Promise<void>): Promise<string[]> {
  const first = ((await person.page.locator('html').getAttribute('lang')) ?? 'fr') as ConsoleLanguage;
  await expectWords(first);
  const problems = await checkPage(person, step, first);
  await toggleTo(person, other(first));
  await expectWords(other(first));
  problems.push(...(await checkPage(person, step, other(first))));
  await toggleTo(person, first);
  await expectWords(first);
  return problems;
}

test('the harness sees what axe sees, a page that does not reflow and a hidden focus: pages with known faults are not passed', async () => {
  // A check that never fails proves nothing: a page with no language, an image without text and faint text.
  const person = await harness.newPerson();
  await person.page.setContent('<!doctype html><title>x</title><img src="data:,"><p style="color:#c8c8c8">faint</p>');
  const rules = (await axeViolations(person.page)).map((v) => v.rule).sort();
  expect(rules).toEqual(['color-contrast', 'html-has-lang', 'image-alt']);
  // And one that does not reflow: a box 600 px wide sticks out of a 320 px screen; a wide table may.
  await person.page.setContent('<!doctype html><html lang="en"><title>x</title><div id="wide" style="width:600px">x</div><table><tr><td style="width:900px">x</td></tr></table>');
  expect(await reflowProblems(person.page)).toEqual(['reflow: div#wide reaches 608 px on a 320 px screen (WCAG 1.4.10)']);
  // And a control that hides its focus.
  await person.page.setContent('<!doctype html><html lang="en"><title>x</title><a href="#a">a</a><button id="bare" style="outline:none">Send</button><a href="#b">b</a>');
  expect(await focusProblems(person.page)).toEqual(['focus: button#bare "Send" shows no focus indicator (WCAG 2.4.7)']);
});

describe('pages a person sees before signing in', () => {
  test('the sign-in page: French by default, English on the toggle, back to French; accessible in both', async () => {
    const person = await harness.newPerson();
    await person.page.goto('/console');
    // Not signed in: sent to the sign-in page, in French.
    await person.page.waitForURL('**/console/sign-in');
    const problems = await checkBothLanguages(person, 'sign-in', async (lang) => {
      await headingIs(person, lang, 'signIn.title');
      await waitForText(person.page.locator('#dev-sign-in'), t(lang, 'signIn.dev.title'));
      await waitForText(person.page.locator('label[for="role"]'), t(lang, 'signIn.dev.role'));
      await waitForText(person.page.locator('label[for="name"]'), t(lang, 'signIn.dev.name'));
      await waitForText(person.page.locator('label[for="group"]'), t(lang, 'signIn.dev.group'));
      await waitForText(person.page.locator('header a[hreflang]'), t(lang, 'app.language'));
      // The role list in the page's language.
      await waitForText(person.page.locator('#role option[value="midi"]'), t(lang, 'role.midi'), { state: 'attached' });
    });
    // The toggle's choice stays for the session: the next page is in that language.
    await toggleTo(person, 'en');
    await person.page.goto('/console/sign-in');
    await headingIs(person, 'en', 'signIn.title');
    expect(problems).toEqual([]);
  });

  test.each(['fr', 'en'] as const)('a sign-in form sent with a field missing comes back with the field marked (%s)', async (lang) => {
    const person = await harness.newPerson();
    const { page } = person;
    // The language chosen before: the page answering the form's POST has no address of its own to toggle on.
    await page.goto(`/console/sign-in?lang=${lang}`);
    await page.locator('#role').selectOption('sponsor');
    await page.locator('#name').fill('Bob Gagnon');
    await Promise.all([page.waitForURL('**/console/sign-in/dev'), page.locator('main button[type="submit"]').click()]);
    await page.locator('#group[aria-invalid="true"]').waitFor();
    await headingIs(person, lang, 'signIn.title');
    expect(await checkPage(person, 'sign-in-refused', lang)).toEqual([]);
  });

  test.each(['fr', 'en'] as const)('a form that did not come from the console is an error page, in the language chosen (%s)', async (lang) => {
    const person = await harness.newPerson();
    const { page } = person;
    await page.goto(`/console/sign-in?lang=${lang}`);
    await page.locator('#role').selectOption('midi');
    await page.locator('#name').fill('Alice Tremblay');
    // A forged or stale form: its CSRF token is not the session's.
    await page.locator('main input[name="_csrf"]').evaluate((input, forged) => input.setAttribute('value', forged), 'forged-token');
    await Promise.all([page.waitForURL('**/console/sign-in/dev'), page.locator('main button[type="submit"]').click()]);
    await headingIs(person, lang, 'error.title');
    await waitForText(page.locator('main [role="alert"]'), t(lang, 'error.formExpired'));
    expect(await checkPage(person, 'error-forged-form', lang)).toEqual([]);
  });

  test('a form that expired (the session gone) is an error page in French, the default', async () => {
    const person = await harness.newPerson();
    const { page } = person;
    await page.goto('/console/sign-in?lang=en');
    await page.locator('#role').selectOption('midi');
    await page.locator('#name').fill('Alice Tremblay');
    // The page left open past the session: the cookie with the form's secret and the language chosen is gone.
    await person.context.clearCookies();
    await Promise.all([page.waitForURL('**/console/sign-in/dev'), page.locator('main button[type="submit"]').click()]);
    await headingIs(person, 'fr', 'error.title');
    await waitForText(page.locator('main [role="alert"]'), t('fr', 'error.formExpired'));
    expect(await checkPage(person, 'error-form-expired', 'fr')).toEqual([]);
  });

  test('a case that does not exist is a not-found page, in both languages', async () => {
    const person = await harness.newPerson();
    await signIn(person, { role: 'roc-o', name: 'Chantal Roy' });
    const response = await person.page.goto('/console/cases/no-such-case');
    expect(response?.status()).toBe(404);
    const problems = await checkBothLanguages(person, 'error-case-not-found', async (lang) => {
      await headingIs(person, lang, 'error.notFoundTitle' as LabelKey);
      await waitForText(person.page.locator('main [role="alert"]'), t(lang, 'error.notFound' as LabelKey));
    });
    expect(problems).toEqual([]);
  });

  test('keyboard: the first Tab reaches the skip link, shown when focused; Enter moves focus to main', async () => {
    const person = await harness.newPerson();
    const { page } = person;
    await page.goto('/console/sign-in?lang=fr');
    await skipLinkReachesMain(person, 'fr');
    await signIn(person, { role: 'roc-o', name: 'Chantal Roy' }, 'en');
    await skipLinkReachesMain(person, 'en');
  });
});

/** A person at the keyboard on a freshly loaded page: Tab, the skip link is focused and visible; Enter: main has focus. */
async function skipLinkReachesMain(person: Person, lang: ConsoleLanguage): Promise<void> {
  const { page } = person;
  await page.keyboard.press('Tab');
  const focused = page.locator('a.skip:focus');
  await waitForText(focused, t(lang, 'app.skip'));
  // Shown on focus (off-screen otherwise): a sighted keyboard user must see where they are.
  const box = await focused.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.width > 0 && box.height > 0).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForURL('**#main');
  await page.locator('main#main:focus').waitFor({ state: 'attached' });
}

describe('pages a person sees once signed in', () => {
  const people: { role: Role; name: string; group?: string }[] = [
    { role: 'midi', name: 'Alice Tremblay' },
    { role: 'roc-o', name: 'Chantal Roy' },
    { role: 'migration-officer', name: 'David Okafor' },
    { role: 'sponsor', name: 'Élise Bouchard', group: 'group-montreal-1' },
    { role: 'ops', name: 'Farid Haddad' },
  ];

  test.each(people)('$role: home in both languages, who is signed in shown; sign-out back to the sign-in page', async (who) => {
    const person = await harness.newPerson();
    await signIn(person, who);
    const problems = await checkBothLanguages(person, `home-${who.role}`, async (lang) => {
      await headingIs(person, lang, 'app.home');
      await waitForText(person.page.locator('header .who p'), t(lang, 'app.signedInAs', { name: who.name, role: t(lang, `roleShort.${who.role}` as LabelKey) }));
    });
    const { page } = person;
    await Promise.all([page.waitForURL('**/console/sign-in'), page.locator('header .who button[type="submit"]').click()]);
    await waitForText(page.locator('main h1'), new RegExp(`^(${t('fr', 'signIn.title')}|${t('en', 'signIn.title')})$`));
    await page.goto('/console');
    await page.waitForURL('**/console/sign-in');
    expect(problems).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------------
 * The PSR path (issue 15 item 5), each person in their browser window, through the pages only.
 * --------------------------------------------------------------------------------------------- */

/** A word of the console's, `undefined` being a missing label (a failure, not an empty string). */
function word(lang: ConsoleLanguage, key: string): string {
  const found = label(lang, key);
  if (found === undefined) throw new Error(`no label ${key}`);
  return found;
}

/** The case page's form for a decision, found by its heading, as a person finds it. */
function decisionForm(person: Person, lang: ConsoleLanguage, name: DecisionName): Locator {
  return person.page.getByRole('region', { name: t(lang, `decision.${name}` as LabelKey), exact: true });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A control by its label's words, the "(required)"/"(optional)" mark after them: "Nom" is not "Nom de famille". */
function field(scope: Locator, lang: ConsoleLanguage, key: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(word(lang, key))} \\(`));
}

/** A fieldset by its legend's first words. */
function group(scope: Locator, text: string): Locator {
  return scope.getByRole('group', { name: new RegExp(`^${escapeRegExp(text)}`) });
}

/** Sends a decision's form and waits for the case page saying it is done. */
async function sendDecision(person: Person, lang: ConsoleLanguage, caseId: string, name: DecisionName): Promise<void> {
  const { page } = person;
  await Promise.all([
    page.waitForURL(`**/console/cases/${caseId}?done=*`),
    decisionForm(person, lang, name).getByRole('button', { name: t(lang, 'form.send'), exact: true }).click(),
  ]);
  await waitForText(page.getByRole('status'), t(lang, 'form.done', { what: t(lang, `decision.${name}` as LabelKey) }));
}

/** The case's stage as its page shows it. */
async function stageIs(person: Person, lang: ConsoleLanguage, stage: string): Promise<void> {
  await waitForText(person.page.locator('#case-stage'), word(lang, `stage.${stage}`));
}

/** From the home page, the case in the named queue (once the cases' copy has it), opened by its link. */
async function openFromQueue(person: Person, lang: ConsoleLanguage, queue: LabelKey, caseId: string): Promise<void> {
  const { page } = person;
  await page.goto('/console');
  const link = page.getByRole('region', { name: new RegExp(`^${escapeRegExp(t(lang, queue))}`) }).getByRole('link', { name: caseId, exact: true });
  await reloadUntilShown(link);
  await Promise.all([page.waitForURL(`**/console/cases/${caseId}`), link.click()]);
  await waitForText(page.locator('main h1'), t(lang, 'case.title', { caseId }));
}

describe('the PSR path in the browser', () => {
  test('MIDI opens the case and approves the sponsorship; the sponsor uploads and files the package; MIDI issues the CSQ; an officer is refused a visa in the rule\'s words, then issues it and books travel; ROC-O records the arrival; ops reads it', async () => {
    const problems: string[] = [];

    // MIDI, in French, opens the case on the undertaking received: a first try without the principal applicant's
    // date of birth is refused in the API's words, the field marked; then the case opens.
    const midi = await harness.newPerson();
    await signIn(midi, { role: 'midi', name: 'Alice Tremblay' }, 'fr');
    await Promise.all([midi.page.waitForURL('**/console/open'), midi.page.getByRole('link', { name: t('fr', 'open.title'), exact: true }).click()]);
    problems.push(...(await checkBothLanguages(midi, 'path-midi-open', async (lang) => headingIs(midi, lang, 'open.title'))));
    const openForm = midi.page.getByRole('region', { name: t('fr', 'open.form'), exact: true });
    await openForm.getByLabel(word('fr', 'value.PSR'), { exact: true }).check();
    const applicant = group(openForm, word('fr', 'field.principalApplicant'));
    await field(applicant, 'fr', 'field.familyName').fill('Abdelrahman');
    await field(applicant, 'fr', 'field.givenNames').fill('Samira');
    const child = group(openForm, t('fr', 'form.row', { what: word('fr', 'field.familyMembers.one'), n: '1' }));
    await field(child, 'fr', 'field.familyName').fill('Abdelrahman');
    await field(child, 'fr', 'field.givenNames').fill('Omar');
    await field(child, 'fr', 'field.dateOfBirth').fill('2012-07-01');
    await child.getByLabel(word('fr', 'value.child'), { exact: true }).check();
    await child.getByLabel(word('fr', 'field.accompanying'), { exact: true }).check();
    const sponsorGroup = group(openForm, word('fr', 'field.sponsor'));
    await field(sponsorGroup, 'fr', 'field.groupId').fill('group-montreal-1');
    await field(sponsorGroup, 'fr', 'field.name').fill('Groupe de parrainage Saint-Michel');
    await field(sponsorGroup, 'fr', 'field.email').fill('parrainage@example.org');
    await field(openForm, 'fr', 'field.visaOffice').fill('Nairobi');
    const submitOpen = () => midi.page.getByRole('region', { name: t('fr', 'open.form'), exact: true }).getByRole('button', { name: t('fr', 'open.submit'), exact: true });
    await Promise.all([midi.page.waitForURL('**/console/open#open-refusal'), submitOpen().click()]);
    await waitForText(openForm.getByRole('alert'), new RegExp(`^${escapeRegExp(t('fr', 'form.refused'))} .*dateOfBirth`));
    const birth = field(group(openForm, word('fr', 'field.principalApplicant')), 'fr', 'field.dateOfBirth');
    expect(await birth.getAttribute('aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await field(openForm, 'fr', 'field.visaOffice').inputValue()).toBe('Nairobi');
    problems.push(...(await checkPage(midi, 'path-midi-open-refused', 'fr')));
    await birth.fill('1987-03-14');
    await Promise.all([midi.page.waitForURL('**/console/cases/*?done=open.done#done'), submitOpen().click()]);
    await waitForText(midi.page.getByRole('status'), t('fr', 'form.done', { what: t('fr', 'open.done') }));
    const caseId = decodeURIComponent(/\/console\/cases\/([^/?]+)\?/.exec(midi.page.url())![1]);
    await stageIs(midi, 'fr', 'sponsorship-review');

    // The sponsorship in MIDI's queue, approved from the case page.
    await openFromQueue(midi, 'fr', 'queue.midi.sponsorships', caseId);
    await midi.page.goto('/console');
    problems.push(...(await checkBothLanguages(midi, 'path-midi-queue', async (lang) => headingIs(midi, lang, 'app.home'))));
    await openFromQueue(midi, 'fr', 'queue.midi.sponsorships', caseId);
    problems.push(...(await checkBothLanguages(midi, 'path-midi-case', async (lang) => stageIs(midi, lang, 'sponsorship-review'))));
    await decisionForm(midi, 'fr', 'sponsorshipDecision').getByLabel(word('fr', 'value.approved'), { exact: true }).check();
    await sendDecision(midi, 'fr', caseId, 'sponsorshipDecision');
    await stageIs(midi, 'fr', 'awaiting-pr-application');
    problems.push(...(await checkPage(midi, 'path-midi-approved', 'fr')));

    // The sponsor, in English: what it must send in its queue; each document uploaded through the file input,
    // then the PR application naming them.
    const sponsor = await harness.newPerson();
    await signIn(sponsor, { role: 'sponsor', name: 'Élise Bouchard', group: 'group-montreal-1' }, 'en');
    await openFromQueue(sponsor, 'en', 'queue.sponsor.needs', caseId);
    problems.push(...(await checkBothLanguages(sponsor, 'path-sponsor-case', async (lang) => stageIs(sponsor, lang, 'awaiting-pr-application'))));
    const uploadForm = sponsor.page.getByRole('region', { name: t('en', 'documents.upload'), exact: true });
    // A text file named as a PDF is refused in the API's words, beside the upload form.
    await uploadForm.getByLabel(t('en', 'field.type')).selectOption('IMM0008');
    await uploadForm.getByLabel(t('en', 'documents.file')).setInputFiles({ name: 'IMM0008.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a PDF at all\n') });
    await Promise.all([
      sponsor.page.waitForURL(`**/console/cases/${caseId}/documents#upload-refusal`),
      uploadForm.getByRole('button', { name: t('en', 'documents.uploadButton'), exact: true }).click(),
    ]);
    await waitForText(uploadForm.getByRole('alert'), new RegExp(`^${escapeRegExp(t('en', 'form.refused'))} \\S`));
    problems.push(...(await checkPage(sponsor, 'path-sponsor-upload-refused', 'en')));
    for (const type of REQUIRED_DOCUMENTS) {
      await uploadForm.getByLabel(t('en', 'field.type')).selectOption(type);
      await uploadForm.getByLabel(t('en', 'documents.file')).setInputFiles({ name: `${type}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(`${type} of the Abdelrahman family`) });
      await Promise.all([
        sponsor.page.waitForURL(`**/console/cases/${caseId}?done=documents.uploaded#done`),
        uploadForm.getByRole('button', { name: t('en', 'documents.uploadButton'), exact: true }).click(),
      ]);
      await sponsor.page.getByRole('region', { name: t('en', 'documents.title'), exact: true }).getByRole('link', { name: `${type}.pdf`, exact: true }).waitFor();
    }
    problems.push(...(await checkPage(sponsor, 'path-sponsor-uploaded', 'en')));
    const application = decisionForm(sponsor, 'en', 'prApplication');
    for (const type of REQUIRED_DOCUMENTS) {
      await application.getByRole('group', { name: word('en', `value.${type}`), exact: true }).getByLabel(t('en', 'form.uploaded')).selectOption({ label: `${type}.pdf` });
    }
    await sendDecision(sponsor, 'en', caseId, 'prApplication');
    // Every document uploaded: the file goes straight to the office abroad, and MIDI is asked for the CSQ.
    await stageIs(sponsor, 'en', 'overseas-processing');
    problems.push(...(await checkPage(sponsor, 'path-sponsor-filed', 'en')));

    // MIDI issues the CSQ.
    await openFromQueue(midi, 'fr', 'queue.midi.csq', caseId);
    const csq = decisionForm(midi, 'fr', 'csqDecision');
    await csq.getByLabel(word('fr', 'value.issued'), { exact: true }).check();
    await csq.getByLabel(t('fr', 'field.csqNumber' as LabelKey)).fill('CSQ-2026-4471');
    await sendDecision(midi, 'fr', caseId, 'csqDecision');
    problems.push(...(await checkPage(midi, 'path-midi-csq-issued', 'fr')));

    // The officer abroad, in French: eligibility, then a visa asked too early is refused in the rule's words.
    const officer = await harness.newPerson();
    await signIn(officer, { role: 'migration-officer', name: 'David Okafor' }, 'fr');
    await openFromQueue(officer, 'fr', 'queue.officer.decisions', caseId);
    problems.push(...(await checkBothLanguages(officer, 'path-officer-case', async (lang) => stageIs(officer, lang, 'overseas-processing'))));
    // The package as the sponsor uploaded it: a document downloads under its name.
    const [download] = await Promise.all([
      officer.page.waitForEvent('download'),
      officer.page.getByRole('region', { name: t('fr', 'documents.title'), exact: true }).getByRole('link', { name: 'IMM0008.pdf', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('IMM0008.pdf');
    const eligibility = decisionForm(officer, 'fr', 'eligibilityDecision');
    await eligibility.getByLabel(word('fr', 'value.eligible'), { exact: true }).check();
    await eligibility.getByLabel(t('fr', 'field.refugeeClass' as LabelKey)).selectOption('convention-refugee-abroad');
    await sendDecision(officer, 'fr', caseId, 'eligibilityDecision');
    const ruleWords = 'The visa cannot be issued: the applicant has not been found admissible.';
    for (const lang of ['fr', 'en'] as const) {
      await decisionForm(officer, lang, 'visaDecision').getByLabel(word(lang, 'value.issued'), { exact: true }).check();
      await Promise.all([
        officer.page.waitForURL(`**/console/cases/${caseId}/decisions/visaDecision#decision-visaDecision-refusal`),
        decisionForm(officer, lang, 'visaDecision').getByRole('button', { name: t(lang, 'form.send'), exact: true }).click(),
      ]);
      await waitForText(decisionForm(officer, lang, 'visaDecision').getByRole('alert'), `${t(lang, 'form.refused')} ${ruleWords}`);
      await stageIs(officer, lang, 'overseas-processing');
      problems.push(...(await checkPage(officer, 'path-officer-visa-refused', lang)));
      // The toggle on the refused form's page leads back to the case page, in the other language, to try again there.
      await toggleTo(officer, other(lang));
      await officer.page.waitForURL(`**/console/cases/${caseId}`);
    }
    const admissibility = decisionForm(officer, 'fr', 'admissibilityDecision');
    await admissibility.getByLabel(word('fr', 'value.admissible'), { exact: true }).check();
    await admissibility.getByLabel(t('fr', 'field.medicalExamDate' as LabelKey)).fill(MEDICAL_EXAM());
    await sendDecision(officer, 'fr', caseId, 'admissibilityDecision');
    await decisionForm(officer, 'fr', 'visaDecision').getByLabel(word('fr', 'value.issued'), { exact: true }).check();
    await sendDecision(officer, 'fr', caseId, 'visaDecision');
    await stageIs(officer, 'fr', 'visa-issued');

    // The booking, from the officer's queue: arriving at Montréal–Trudeau from Nairobi once the NAT lead time allows.
    const arrivalDate = allowedArrival();
    await openFromQueue(officer, 'fr', 'queue.officer.bookings', caseId);
    problems.push(...(await checkBothLanguages(officer, 'path-officer-booking', async (lang) => stageIs(officer, lang, 'visa-issued'))));
    const travel = decisionForm(officer, 'fr', 'travel');
    await travel.getByLabel(t('fr', 'field.arrivalDate' as LabelKey)).fill(arrivalDate);
    await travel.getByLabel(t('fr', 'field.portOfEntry' as LabelKey)).fill('YUL');
    const flight = travel.getByRole('group', { name: t('fr', 'form.row', { what: word('fr', 'field.flights.one'), n: '1' }), exact: true });
    await flight.getByLabel(word('fr', 'field.carrier')).fill('KQ');
    await flight.getByLabel(word('fr', 'field.number')).fill('1880');
    await flight.getByLabel(word('fr', 'field.from')).fill('NBO');
    await flight.getByLabel(word('fr', 'field.to')).fill('YUL');
    const departure = flight.getByRole('group', { name: new RegExp(`^${word('fr', 'field.departure')}`) });
    // Leaves Nairobi (UTC+3) at 23:00 the evening before; lands at 10:00 on Quebec's clock.
    await departure.getByLabel(t('fr', 'form.localTime')).fill(`${addDays(arrivalDate, -1)}T23:00`);
    await departure.getByLabel(t('fr', 'form.offset')).selectOption('+03:00');
    await flight.getByRole('group', { name: new RegExp(`^${word('fr', 'field.arrival')}`) }).getByLabel(t('fr', 'form.localTime')).fill(`${arrivalDate}T10:00`);
    await sendDecision(officer, 'fr', caseId, 'travel');
    await stageIs(officer, 'fr', 'travel-booked');
    problems.push(...(await checkPage(officer, 'path-officer-travel-booked', 'fr')));

    // ROC-O, in English, opens the case by its number and records the arrival (today: an arrival is recorded once
    // its day has come, whatever the booking said).
    const rocO = await harness.newPerson();
    await signIn(rocO, { role: 'roc-o', name: 'Chantal Roy' }, 'en');
    await rocO.page.getByLabel(t('en', 'queue.findLabel')).fill(caseId);
    await Promise.all([rocO.page.waitForURL(`**/console/cases/${caseId}`), rocO.page.getByRole('button', { name: t('en', 'queue.findButton'), exact: true }).click()]);
    await stageIs(rocO, 'en', 'travel-booked');
    const arrival = decisionForm(rocO, 'en', 'arrival');
    await arrival.getByLabel(t('en', 'field.arrivedOn' as LabelKey)).fill(today());
    await arrival.getByLabel(t('en', 'field.portOfEntry' as LabelKey)).fill('YUL');
    await sendDecision(rocO, 'en', caseId, 'arrival');
    await stageIs(rocO, 'en', 'arrived');
    // The case's story in the domain's words: the eight decisions, from the undertaking's approval to the arrival.
    const timeline = rocO.page.getByRole('region', { name: t('en', 'case.timeline'), exact: true });
    for (const step of ['sponsorship-decision', 'pr-application', 'csq-decision', 'eligibility-decision', 'admissibility-decision', 'visa-decision', 'travel', 'arrival']) {
      await timeline.getByText(new RegExp(`– ${word('en', `timeline.${step}`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `)).first().waitFor();
    }
    await rocO.page.getByRole('region', { name: t('en', 'notices.title'), exact: true }).getByRole('table').waitFor();
    problems.push(...(await checkBothLanguages(rocO, 'path-roc-o-arrived', async (lang) => stageIs(rocO, lang, 'arrived'))));

    // Ops reads the case with its audit, in both languages.
    const ops = await harness.newPerson();
    await signIn(ops, { role: 'ops', name: 'Farid Haddad' }, 'fr');
    await ops.page.getByLabel(t('fr', 'queue.findLabel')).fill(caseId);
    await Promise.all([ops.page.waitForURL(`**/console/cases/${caseId}`), ops.page.getByRole('button', { name: t('fr', 'queue.findButton'), exact: true }).click()]);
    problems.push(
      ...(await checkBothLanguages(ops, 'path-ops-case', async (lang) => {
        await stageIs(ops, lang, 'arrived');
        await ops.page.getByRole('region', { name: t(lang, 'audit.title' as LabelKey), exact: true }).getByRole('table').waitFor();
      })),
    );
    expect(problems).toEqual([]);
  });
});
