/**
 * Issue 16, part 5: the Temporal UI as ops use it, in Debian's Chromium (playwright-core, headless, a fresh profile:
 * no UI setting ever changed). Temporal's standalone UI server configured as `npm start` configures it
 * (scripts/temporal-ui.ts: the API's codec endpoint, cross-origin credentials on) against the tests' Temporal and an
 * API on a real port. A person signs in at the codec endpoint, opens the UI, runs the overdue query, opens the case
 * and reads its input decoded; a person who did not sign in sees no personal data. Screenshots in
 * test-artifacts/temporal-ui/.
 */
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { call, startStack, type Stack } from './support/stack';
import { closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';
import { tokens } from './support/journey';
import { screenshotKeeper, startUiBeside, type TestTemporalUi } from './support/temporal-ui';
import { retryUntil } from '../scripts/services';

// A browser, Temporal, PostgreSQL and jest share two cores: pages take seconds when they are busy.
jest.setTimeout(300_000);

const ARTIFACTS_DIR = join(__dirname, '..', 'test-artifacts', 'temporal-ui');
const PATIENCE_MS = 30_000;

let stack: Stack;
let apiUrl: string;
let ui: TestTemporalUi;
let browser: Browser;
const contexts: BrowserContext[] = [];
let caseId: string;
/** When the case was seen overdue: the query asks for deadlines before it. */
let now: string;

beforeAll(async () => {
  // MIDI's follow-up due 3 s after the opening: the case is soon overdue.
  stack = await startStack({ policy: { midiFollowUp: '3s' } });
  ({ apiUrl, ui, browser } = await startUiBeside(stack));

  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() });
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  /** Asks Temporal's visibility until `query()` (asked afresh each time) lists the case. */
  const listed = (query: () => string) =>
    retryUntil(
      `case-${caseId} listed by ${query()}`,
      async () => {
        const { executions } = await stack.client.workflowService.listWorkflowExecutions({ namespace: 'default', query: query() });
        if (!executions.length) throw new Error('not yet');
      },
      Date.now() + 60_000,
    );
  // Its deadline published, then no worker to act on it (as when the workers are down): the deadline passes.
  await listed(() => `WorkflowId = 'case-${caseId}' AND NextDeadline IS NOT NULL`);
  await stack.pauseWorker();
  await listed(() => {
    now = new Date().toISOString();
    return `WorkflowId = 'case-${caseId}' AND NextDeadline < '${now}'`;
  });
}, 180_000);
afterAll(async () => {
  // Each step is tried even if one before it failed: a browser or a UI server left running keeps jest from exiting.
  for (const step of [...contexts.map((c) => () => c.close()), () => browser?.close(), () => ui?.stop(), () => closeApps(), () => stack?.stop()]) {
    await Promise.resolve()
      .then(step)
      .catch((err) => console.error(err));
  }
}, 120_000);

/** A person at their own browser window: a fresh profile, nothing set in the UI. Codec answers are counted. */
async function newPerson(): Promise<{ page: Page; codec: number[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(PATIENCE_MS);
  context.setDefaultNavigationTimeout(PATIENCE_MS * 2);
  const page = await context.newPage();
  const codec: number[] = [];
  page.on('response', (res) => {
    if (res.url().startsWith(`${apiUrl}/codec/decode`)) codec.push(res.status());
  });
  return { page, codec };
}

/** A full-page screenshot, named by step in the order taken: an artifact to look at, not what is tested. */
const keep = screenshotKeeper(ARTIFACTS_DIR);

test('signed in at the codec endpoint, ops run the overdue query in the UI, open the case and read its input decoded', async () => {
  const { page, codec } = await newPerson();
  await page.goto(`${apiUrl}/codec/login`);
  await page.locator('textarea[name="token"]').fill(tokens.ops);
  await page.locator('button[type="submit"]').click();
  await page.getByText('Signed in.').waitFor();
  await keep(page, 'codec-sign-in');

  await page.goto(`${ui.url}/namespaces/default/workflows`);
  // The codec endpoint comes from the UI server's configuration, not from this browser.
  await page.getByTestId('data-encoder-status-configured').waitFor();
  await page.getByTestId('toggle-manual-query').click();
  await page.getByTestId('manual-search-input').fill(`ExecutionStatus = 'Running' AND NextDeadline < '${now}' AND TaskQueue = '${stack.taskQueue}'`);
  await page.getByTestId('manual-search-button').click();
  const link = page.getByRole('link', { name: `case-${caseId}`, exact: true });
  await link.waitFor();
  await keep(page, 'overdue-query');

  await link.click();
  await page.waitForURL(`**/workflows/case-${caseId}/**`);
  await page.getByText('"visaOffice": "Nairobi"').first().waitFor();
  await page.getByText('"familyName": "Abdelrahman"').first().waitFor();
  await keep(page, 'case-input-decoded');
  expect(codec.length).toBeGreaterThan(0);
  expect(codec.every((status) => status === 200)).toBe(true);
});

test('without the sign-in the same page shows no personal data: the codec endpoint answers 401', async () => {
  const { page, codec } = await newPerson();
  const refused = page.waitForResponse((res) => res.url().startsWith(`${apiUrl}/codec/decode`) && res.status() === 401);
  await page.goto(`${ui.url}/namespaces/default/workflows/case-${caseId}`);
  await refused;
  await page.getByText('Input', { exact: true }).filter({ visible: true }).first().waitFor();
  await keep(page, 'case-without-sign-in');
  expect(await page.content()).not.toContain('Nairobi');
  expect(await page.content()).not.toContain('Abdelrahman');
  expect(codec).toContain(401);
});
