/**
 * The replay test guards for real: a recorded case replayed against a deliberately changed case workflow (a timer
 * before its first state change, ./support/replay-guard/changed-workflows.ts) fails with the SDK's nondeterminism error,
 * naming the command that differs; the same change behind patched() replays. Each recorded history of the current
 * generation is tried, so a path whose replay would not notice the change fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type LogEntry, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { dataConverterFor } from '../infra/codec';
import { TEST_PAYLOAD_KEYS } from './support/stack';
import { GENERATION } from './support/generation';

const HISTORIES_DIR = path.join(__dirname, 'histories');
/** The newest generation's histories: every path the current code records (the name ends in its generation). */
const current = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith(`--${GENERATION}.json`)).sort();
const caseHistories = current.filter((f) => !f.startsWith('oyw-application'));

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
let changed: WorkflowBundleWithSourceMap;
let patchedChange: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  try {
    // The changed workflow's failed tasks are what these tests expect: core's warning for each (forwarded here
    // rather than printed by core) is dropped; any other warning is printed.
    const expected = (entry: LogEntry) => entry.message.startsWith('Failing workflow task');
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => {
        if (!expected(entry)) console.error(`${entry.level} ${entry.message}`, entry.meta ?? '');
      }),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Installed already in this test file's process.
  }
  const bundle = (file: string) => bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'support', 'replay-guard', file), logger: quiet });
  [changed, patchedChange] = await Promise.all([bundle('changed-workflows.ts'), bundle('patched-change-workflows.ts')]);
}, 60_000);

const replay = (workflowBundle: { code: string } | { codePath: string }, file: string) =>
  Worker.runReplayHistory(
    { workflowBundle, dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS), replayName: `guard-${file}` },
    historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    path.basename(file, '.json'),
  );

test('the current generation records every case path, each tried below', () => {
  expect(caseHistories.map((f) => f.replace(`--${GENERATION}.json`, ''))).toEqual([
    'gar-to-arrival',
    'psr-continued-as-new-first-run',
    'psr-continued-as-new-next-run',
    'psr-dependant-oyw',
    'psr-effect-retried-by-signal',
    'psr-lapse',
    'psr-paper-package-scanned',
    'psr-to-arrival',
    'psr-withdrawal',
  ]);
});

describe.each(caseHistories)('%s', (file) => {
  test('replays against the real workflow code (the same bundle the tests run)', async () => {
    await expect(replay({ codePath: process.env.TEST_WORKFLOW_BUNDLE! }, file)).resolves.toBeUndefined();
  });

  test('fails to replay against a changed case workflow, with a nondeterminism error naming the timer', async () => {
    const failure = await replay(changed, file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(DeterminismViolationError);
    expect((failure as Error).message).toMatch(/^Replay failed with a nondeterminism error\./);
    // What differs: the changed code starts a timer where the history recorded something else.
    expect((failure as Error).message).toMatch(
      /\[TMPRL1100\] Nondeterminism error: Timer machine does not handle this event: HistoryEvent\(id: \d+, (WorkflowExecutionUpdateAccepted|ActivityTaskScheduled|UpsertWorkflowSearchAttributes)\)/,
    );
  });

  test('replays against the same change behind patched()', async () => {
    await expect(replay(patchedChange, file)).resolves.toBeUndefined();
  });
});
