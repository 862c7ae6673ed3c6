/**
 * Issue 16, part 4: ops repair a case from the Temporal UI, in Debian's Chromium (a fresh profile, no UI setting
 * changed), against Temporal's standalone UI server configured as `npm start` configures it. Signed in at the codec
 * endpoint, ops open a case with a failed effect, read its current details (stage, next deadline, what it waits
 * for, the failed effect), and send it the `retryEffect` Signal from the UI's "Send a Signal" dialog: first an
 * input the case rejects (kept as rejected, nothing else changed), then, the cause mended, the failed effect's id,
 * which runs it again. Screenshots in test-artifacts/temporal-ui-signal/.
 */
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStack, type Stack } from './support/stack';
import { closeApps } from './support/apps';
import { tokens } from './support/journey';
import { screenshotKeeper, startUiBeside, type TestTemporalUi } from './support/temporal-ui';
import { withFailedEffect, type FailedEffectCase } from './support/failed-effect';
import { eventually } from './support/wait';

// A browser, Temporal, PostgreSQL and jest share two cores: pages take seconds when they are busy.
jest.setTimeout(300_000);

const ARTIFACTS_DIR = join(__dirname, '..', 'test-artifacts', 'temporal-ui-signal');
const PATIENCE_MS = 30_000;

let stack: Stack;
let apiUrl: string;
let ui: TestTemporalUi;
let browser: Browser;
let context: BrowserContext | undefined;
let failing: FailedEffectCase | undefined;

beforeAll(async () => {
  stack = await startStack();
  ({ apiUrl, ui, browser } = await startUiBeside(stack));
  failing = await withFailedEffect(stack);
}, 180_000);
afterAll(async () => {
  // Each step is tried even if one before it failed: a browser or a UI server left running keeps jest from exiting.
  for (const step of [() => failing?.mend(), () => context?.close(), () => browser?.close(), () => ui?.stop(), () => closeApps(), () => stack?.stop()]) {
    await Promise.resolve()
      .then(step)
      .catch((err) => console.error(err));
  }
}, 120_000);

/** A full-page screenshot, named by step in the order taken: an artifact to look at, not what is tested. */
const keep = screenshotKeeper(ARTIFACTS_DIR);

/**
 * The page's text once `ok` says it shows what is awaited: the UI renders the summary and the current details
 * (Markdown) in frames of their own, so every frame's text is read, until the patience runs out.
 */
async function shown(page: Page, ok: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const texts = await Promise.all(page.frames().map((f) => f.locator('body').innerText().catch(() => '')));
    const text = texts.join('\n').replace(/\u2019/g, "'");
    if (ok(text)) return text;
    if (Date.now() > deadline) throw new Error(`not shown in time; the page says:\n${text}`);
    await page.waitForTimeout(500);
  }
}

/** The UI's "Send a Signal" dialog, from the case's "More Actions" menu: the signal picked by name, its input typed as JSON. */
async function sendSignal(page: Page, name: string, input: string, step: string): Promise<void> {
  try {
    await page.getByRole('button', { name: 'More Actions' }).click();
    // The menu is written twice (wide and narrow layouts): the one on screen.
    await page.getByTestId('signal-button').filter({ visible: true }).first().click();
    const modal = page.getByTestId('signal-confirmation-modal').filter({ visible: true });
    // The select's input is disabled: its box opens the list.
    await modal.locator(':has(> #signal-select)').first().click();
    await page.getByRole('option', { name: new RegExp(`^${name}`) }).filter({ visible: true }).first().click();
    const editor = modal.locator('.cm-content').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await editor.fill(input);
    await keep(page, `${step}-dialog`);
    await modal.getByRole('button', { name: 'Submit' }).click();
    // Sent: the dialog closes (its success toast may be gone before a busy machine looks for it).
    await modal.waitFor({ state: 'hidden' });
    await keep(page, `${step}-sent`);
  } catch (err) {
    await keep(page, `${step}-failed`);
    throw err;
  }
}

test('ops read the case in the UI and retry its failed effect with the retryEffect Signal; a rejected one changes nothing', async () => {
  const { j, failedId, mend } = failing!;
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(PATIENCE_MS);
  context.setDefaultNavigationTimeout(PATIENCE_MS * 2);
  const page = await context.newPage();
  await page.goto(`${apiUrl}/codec/login`);
  await page.locator('textarea[name="token"]').fill(tokens.ops);
  await page.locator('button[type="submit"]').click();
  await page.getByText('Signed in.').waitFor();

  // The failed-effect query finds it; its summary and current details say where it stands, without a name.
  await page.goto(`${ui.url}/namespaces/default/workflows`);
  await page.getByTestId('data-encoder-status-configured').waitFor();
  await page.getByTestId('toggle-manual-query').click();
  await page.getByTestId('manual-search-input').fill(`FailedEffects > 0 AND TaskQueue = '${stack.taskQueue}'`);
  await page.getByTestId('manual-search-button').click();
  const link = page.getByRole('link', { name: `case-${j.caseId}`, exact: true });
  await link.waitFor();
  await link.click();
  await page.waitForURL(`**/workflows/case-${j.caseId}/**`);
  await page.getByText('User Metadata', { exact: true }).first().click();
  const details = await shown(page, (text) => text.includes(`${failedId} (notice file-transfer to office-abroad)`));
  await keep(page, 'case-details');
  expect(details).toContain('PSR case, visa office Nairobi');
  expect(details).toContain('Send a Signal retryEffect with input {"effectId": "e3"}');
  expect(details).toContain('Stage: overseas-processing · PSR · visa office Nairobi');
  expect(details).toMatch(/Next deadline: midi-follow-up \(csq\), \d{4}-\d\d-\d\dT/);
  expect(details).toContain("Waiting for: MIDI's decision on csq");
  expect(details).toContain('Late: failed-effect');

  // An effect that did not fail: the case keeps the Signal as rejected, and nothing else changes.
  const before = (await j.read()).body;
  const done = before.effects.find((e: { status: string }) => e.status === 'done').effectId;
  await sendSignal(page, 'retryEffect', JSON.stringify({ effectId: done }), 'rejected');
  const rejected = await eventually(() => j.read(), (r) => r.body.rejectedSignals?.length === 1);
  expect(rejected.body.rejectedSignals[0]).toMatchObject({
    signal: 'retryEffect',
    effectId: done,
    reason: `The effect ${done} is done; only an effect that failed is retried.`,
  });
  const { rejectedSignals: _kept, ...after } = rejected.body;
  expect(after).toEqual(before);

  // Mended, then the failed effect's id: it runs again and is done.
  await mend();
  await sendSignal(page, 'retryEffect', JSON.stringify({ effectId: failedId }), 'retried');
  const retried = await eventually(
    () => j.read(),
    (r) => r.body.effects.some((e: { effectId: string; status: string }) => e.effectId === failedId && e.status === 'done'),
  );
  expect(retried.body.effects.find((e: { effectId: string }) => e.effectId === failedId)).toMatchObject({ status: 'done', retries: 1 });
  await page.reload();
  await page.getByText('User Metadata', { exact: true }).first().click();
  const repaired = await shown(page, (text) => text.includes('Stage:') && text.includes('Last rejected Signal'));
  await keep(page, 'case-repaired');
  expect(repaired).not.toContain('Failed effects');
});
