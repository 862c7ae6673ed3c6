/**
 * The staff console in a real browser: Debian's Chromium driven by playwright-core (nothing downloaded), the product
 * listening on a free port beside a test stack with the development secret (so the development sign-in is on),
 * axe-core run in each page at WCAG 2.1 AA, and a full-page screenshot of each page kept in test-artifacts/console/.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Role } from '../../domain/case-types';
import { DEV_JWT_SECRET } from '../../infra/config';
import { appBeside } from './apps';
import type { Stack } from './stack';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the screenshots go (git-ignored), emptied at each run so that it shows the last run only. */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts', 'console');

/** The WCAG 2.1 AA rules: levels A and AA of WCAG 2.0 and of 2.1. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** How long a person waits for a page or a control: the 2-core CI machine runs Temporal, PostgreSQL and jest beside. */
const PATIENCE_MS = 30_000;

/**
 * Chromium's flags for the tests: headless, no sandbox (root in CI). Without the background-networking flags Chromium
 * phones home at start; this machine's closed network refuses those connections and Chromium's start-up stalls on them.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The console and the browser one test file drives; `close()` stops both. */
export interface ConsoleHarness {
  browser: Browser;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** A person at their own browser window: cookies, session and language of their own. */
  newPerson(): Promise<Person>;
  /** Closes every person's window opened so far (after each test: a two-core machine keeps few renderers). */
  closePeople(): Promise<void>;
  /** Closes every window, the browser and the app; safe to call twice, and after a failed start. */
  close(): Promise<void>;
}

/** One person's browser window, and what went wrong in it that a page's HTML does not show. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations and script errors seen in this window since the last check. */
  problems: string[];
}

/**
 * Starts the console beside `stack` (the development secret: the development sign-in is on) on a free port of
 * 127.0.0.1, and Chromium with a fresh temporary profile. Whatever fails half-way is closed before the error is thrown.
 */
export async function startConsoleHarness(stack: Stack): Promise<ConsoleHarness> {
  rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Each step is tried even if one before it failed: a browser left running keeps jest from exiting.
    const failures: unknown[] = [];
    for (const step of [
      ...contexts.map((c) => () => c.close()),
      () => browser?.close(),
      () => app?.close(),
    ]) {
      try {
        await step();
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  };
  try {
    app = await appBeside(stack, { jwtSecret: DEV_JWT_SECRET });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    // launch() gives each run a new, empty temporary profile (a user-data-dir of its own), removed at close.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
    const baseUrl = `http://127.0.0.1:${port}`;
    const opened = browser;
    return {
      browser: opened,
      app,
      baseUrl,
      close,
      async closePeople() {
        for (const context of contexts.splice(0)) await context.close();
      },
      async newPerson() {
        const context = await opened.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
        contexts.push(context);
        context.setDefaultTimeout(PATIENCE_MS);
        context.setDefaultNavigationTimeout(PATIENCE_MS * 2);
        const page = await context.newPage();
        const problems: string[] = [];
        // The console's CSP is left on (no bypassCSP): a style or script it blocks is a page broken for people.
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
        page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
        return { context, page, problems };
      },
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/** A violation of axe's, in a line a reader can act on: the rule, its impact, the elements and what to fix. */
export interface Violation {
  rule: string;
  impact: string;
  targets: string[];
  help: string;
}

const axeSource = readFileSync(require.resolve('axe-core'), 'utf8');

/**
 * axe-core's WCAG 2.1 AA violations in the page as it is now. axe is evaluated through the DevTools protocol rather
 * than added as a <script> (page.addScriptTag): the console's CSP rightly refuses inline scripts, and the test keeps
 * that CSP on.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // The functions below run in the page, where globalThis is the window (the project compiles without the DOM's types).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (tags) => (globalThis as any).axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (results.violations as any[]).map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    targets: v.nodes.map((n: any) => [n.target].flat(2).join(' ')),
    help: v.help,
  }));
}

/** Names screenshots in the order the steps were taken, so that the folder reads as the run went. */
let shots = 0;

/**
 * What every page must pass, checked once it is shown: its `<html lang>` is `lang`, axe finds no WCAG 2.1 AA
 * violation, nothing but tables sticks out of a 320 px screen, each Tab stop shows its focus, nothing was blocked by
 * the CSP nor failed in a script. A full-page screenshot is kept first (named by
 * step and language), so a failure can be looked at. Returns the problems found, each on a line (none: `[]`), for
 * `expect(...).toEqual([])` to list them all.
 */
export async function checkPage(person: Person, step: string, lang: 'fr' | 'en'): Promise<string[]> {
  const { page } = person;
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  shots += 1;
  await keepScreenshot(page, join(ARTIFACTS_DIR, `${String(shots).padStart(2, '0')}-${step}.${lang}.png`));
  const found = (await axeViolations(page)).map((v) => `axe ${v.rule} (${v.impact}) at ${v.targets.join(', ')}: ${v.help}`);
  found.push(...(await reflowProblems(page)));
  found.push(...(await focusProblems(page)));
  found.push(...person.problems.splice(0));
  return found.map((line) => `${step}.${lang}: ${line}`);
}

/**
 * A full-page screenshot; Chromium now and then refuses one ("Unable to capture screenshot") when the machine is
 * busy, so it is tried again, then the visible part is kept. It is an artifact to look at, not what is tested.
 */
async function keepScreenshot(page: Page, path: string): Promise<void> {
  try {
    await page.screenshot({ path, fullPage: true });
  } catch {
    try {
      await page.screenshot({ path, fullPage: true });
    } catch {
      await page.screenshot({ path });
    }
  }
}

/** The narrowest screen WCAG 2.1's reflow asks for (1.4.10: 320 CSS pixels, no scrolling in two directions). */
const REFLOW_WIDTH = 320;

/**
 * WCAG 1.4.10 (reflow), which axe does not check: at 320 CSS pixels wide, what sticks out of the screen, tables
 * aside (a data table may scroll: the criterion exempts content laid out in two dimensions). The page is laid out
 * again at that width and then given back its size. One line per element that sticks out first (not its children).
 */
export async function reflowProblems(page: Page): Promise<string[]> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: REFLOW_WIDTH, height: 640 });
  try {
    return await page.evaluate((width) => {
      // Runs in the page (no DOM types in this project).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const doc = (globalThis as any).document;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const sticksOut = (el: any) => el.getBoundingClientRect().right > width + 1 && !el.closest('table');
      const found: string[] = [];
      for (const el of doc.querySelectorAll('body *')) {
        if (!sticksOut(el) || (el.parentElement && el.parentElement !== doc.body && sticksOut(el.parentElement))) continue;
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
        found.push(`reflow: ${name} reaches ${Math.round(el.getBoundingClientRect().right)} px on a ${width} px screen (WCAG 1.4.10)`);
      }
      return found.slice(0, 10);
    }, REFLOW_WIDTH);
  } finally {
    await page.setViewportSize(size);
  }
}

/** More stops than any console page has: a Tab loop that does not come back round is reported, not endless. */
const MAX_TAB_STOPS = 400;

/**
 * WCAG 2.4.7 (focus visible) and 2.1.2 (no keyboard trap), which axe does not check: Tab from the top of the page
 * through every stop until focus comes back round; each focused element must draw an outline (or a shadow). One
 * line per stop without one. Nothing is left focused.
 */
export async function focusProblems(page: Page): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  const found: string[] = [];
  let stops = 0;
  let outside = 0;
  let previous: string | undefined;
  const seen = new Set<string>();
  for (; stops < MAX_TAB_STOPS; stops++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const doc = (globalThis as any).document;
      const el = doc.activeElement;
      if (!el || el === doc.body) return null;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const path = (node: any): string => (node && node !== doc.body ? `${path(node.parentElement)}>${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}:${[...node.parentElement.children].indexOf(node)}` : 'body');
      const style = (globalThis as any).getComputedStyle(el);
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name="${el.getAttribute('name')}"]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      return { key: path(el), name, visible: outlined || style.boxShadow !== 'none' };
    });
    // Past the page's last stop focus leaves the page for a moment, then comes round to its first stop. The walk
    // may begin mid-page (Chromium starts from where focus last was): it ends when it is back where it began.
    if (!focused) {
      // A page with nothing to focus: focus never lands in it.
      if (++outside > 3) break;
      continue;
    }
    outside = 0;
    // A date or time input keeps focus across its parts (day, month, year): the same element again is not round.
    if (focused.key === previous) continue;
    if (seen.has(focused.key)) break;
    previous = focused.key;
    seen.add(focused.key);
    if (!focused.visible) found.push(`focus: ${focused.name} shows no focus indicator (WCAG 2.4.7)`);
  }
  if (stops >= MAX_TAB_STOPS) found.push(`focus: Tab did not come back round in ${MAX_TAB_STOPS} stops (a keyboard trap? WCAG 2.1.2)`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  return found.slice(0, 10);
}

/** A person at the development sign-in: picks a role, types a name (and a sponsor's group) and signs in. */
export async function signIn(person: Person, who: { role: Role; name: string; group?: string }, lang: 'fr' | 'en' = 'fr'): Promise<void> {
  const { page } = person;
  await page.goto(`/console/sign-in?lang=${lang}`);
  await page.locator('#role').selectOption(who.role);
  await page.locator('#name').fill(who.name);
  if (who.group) await page.locator('#group').fill(who.group);
  await Promise.all([page.waitForURL('**/console'), page.locator('form[action="/console/sign-in/dev"] button[type="submit"]').click()]);
}

/**
 * Waits until `locator` is shown with exactly `text` (surrounding spaces aside) or text matching a pattern, as a
 * person waits to read it: Playwright's own waiting, no timer of ours. On time out, says what it showed instead.
 * `attached` for what is in the page but not drawn as such (a closed select's options).
 */
export async function waitForText(
  locator: Locator,
  text: string | RegExp,
  { state = 'visible', timeoutMs = PATIENCE_MS }: { state?: 'visible' | 'attached'; timeoutMs?: number } = {},
): Promise<void> {
  const pattern = typeof text === 'string' ? new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : text;
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ state, timeout: timeoutMs });
  } catch (err) {
    const seen = await locator.allTextContents().catch(() => []);
    throw new Error(`expected ${String(locator)} to show ${String(text)}; it showed ${JSON.stringify(seen)} (${(err as Error).message.split('\n')[0]})`);
  }
}

/**
 * Reloads the page until `locator` is shown, as a person refreshes a work queue: the queues are read from the
 * database's copy of the cases, which follows each case a moment after it changes. Each wait is for the element
 * itself (Playwright's waiting), never a sleep; gives up after `timeoutMs`.
 */
export async function reloadUntilShown(locator: Locator, timeoutMs = 60_000): Promise<void> {
  const page = locator.page();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 2_000 });
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw new Error(`${String(locator)} was not shown after reloading for ${timeoutMs} ms: ${(err as Error).message.split('\n')[0]}`);
    }
    await page.reload();
  }
}
