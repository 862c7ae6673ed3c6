/** The product's log lines: an error already summarized (infra/safe-error) is written as it is, not summarized again. */
import pino from 'pino';
import { loggerOptions } from '../infra/logger';
import { safeError } from '../infra/safe-error';
import { DocumentNotFoundError } from '../infra/document-store';
import { memoryLog } from './support/memory-log';

test('an error summarized by safeError keeps its class and words in the log (it read "a non-error value was thrown")', () => {
  const out = memoryLog();
  const log = pino({ ...loggerOptions, level: 'trace' }, out.stream);
  log.error({ err: safeError(new DocumentNotFoundError('0a8f…')) }, 'unexpected failure');
  log.error({ err: new DocumentNotFoundError('0a8f…') }, 'unexpected failure');
  const [summarized, thrown] = out.entries().map((e) => e.err as { name: string; message: string });
  expect(summarized).toMatchObject({ name: 'DocumentNotFoundError', message: 'no document is stored under 0a8f…' });
  expect(thrown).toMatchObject({ name: summarized.name, message: summarized.message });
});
