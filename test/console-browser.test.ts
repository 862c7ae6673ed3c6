/**
 * Spec §7 and issue 15 item 5: the staff console in Debian's Chromium (playwright-core, headless). Every page in
 * French and in English through the toggle, axe-core's WCAG 2.1 AA rules with 0 violations on each, the skip link
 * by keyboard; screenshots in test-artifacts/console/.
 */
import type { Role } from '../domain/case-types';
import { t, type ConsoleLanguage, type LabelKey } from '../console/i18n';
import { closeApps } from './support/apps';
import { axeViolations, checkPage, signIn, startConsoleHarness, waitForText, type ConsoleHarness, type Person } from './support/browser';
import { startStack, type Stack } from './support/stack';

// A browser, Temporal, PostgreSQL and jest share two cores: pages take seconds, not milliseconds, when they are busy.
jest.setTimeout(300_000);

let stack: Stack;
let harness: ConsoleHarness;
beforeAll(async () => {
  stack = await startStack();
  harness = await startConsoleHarness(stack);
}, 180_000);
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

/** Clicks the language toggle in the banner, as a person does, and waits for the page in the other language. */
async function toggleTo(person: Person, lang: ConsoleLanguage): Promise<void> {
  const { page } = person;
  await Promise.all([page.waitForURL(`**lang=${lang}`), page.locator(`header a[hreflang="${lang}"]`).click()]);
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
}

/** The page's main heading shows `key`'s label in `lang`. */
async function headingIs(person: Person, lang: ConsoleLanguage, key: LabelKey): Promise<void> {
  await waitForText(person.page.locator('main h1'), t(lang, key));
}

/**
 * Checks the page shown in French and in English, reaching the second through the toggle: each is accessible and
 * shows `expectWords` in its language. Starts in the page's current language.
 */
async function checkBothLanguages(person: Person, step: string, expectWords: (lang: ConsoleLanguage) => Promise<void>): Promise<string[]> {
  const first = ((await person.page.locator('html').getAttribute('lang')) ?? 'fr') as ConsoleLanguage;
  await expectWords(first);
  const problems = await checkPage(person, step, first);
  await toggleTo(person, other(first));
  await expectWords(other(first));
  problems.push(...(await checkPage(person, step, other(first))));
  return problems;
}

test('the harness sees what axe sees: a page with known faults is not passed', async () => {
  // A check that never fails proves nothing: a page with no language, an image without text and faint text.
  const person = await harness.newPerson();
  await person.page.setContent('<!doctype html><title>x</title><img src="data:,"><p style="color:#c8c8c8">faint</p>');
  const rules = (await axeViolations(person.page)).map((v) => v.rule).sort();
  expect(rules).toEqual(['color-contrast', 'html-has-lang', 'image-alt']);
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
    // The toggle's choice stays for the session: the next page is in English, then the toggle brings French back.
    await person.page.goto('/console/sign-in');
    await headingIs(person, 'en', 'signIn.title');
    await toggleTo(person, 'fr');
    await headingIs(person, 'fr', 'signIn.title');
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
      await waitForText(person.page.locator('header .who p'), t(lang, 'app.signedInAs', { name: who.name, role: t(lang, `role.${who.role}` as LabelKey) }));
    });
    const { page } = person;
    await Promise.all([page.waitForURL('**/console/sign-in'), page.locator('header .who button[type="submit"]').click()]);
    await waitForText(page.locator('main h1'), new RegExp(`^(${t('fr', 'signIn.title')}|${t('en', 'signIn.title')})$`));
    await page.goto('/console');
    await page.waitForURL('**/console/sign-in');
    expect(problems).toEqual([]);
  });
});
