/**
 * Recorded cases keep replaying: every history in test/histories/ (written by
 * `npm run record-histories`) is replayed against today's workflow code. A change to a workflow
 * that has running cases must go behind patched(), or this fails with a nondeterminism error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { dataConverterFor } from '../infra/codec';
import { TEST_PAYLOAD_KEYS } from './support/stack';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

const HISTORIES_DIR = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this test file's process.
  }
});

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s replays against the current workflow code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
  // Throws DeterminismViolationError when the code no longer produces the recorded commands.
  await Worker.runReplayHistory(
    {
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
      dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS),
      replayName: path.basename(file, '.json'),
    },
    history,
    path.basename(file, '.json'),
  );
});
