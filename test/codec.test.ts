/**
 * Spec §5 (issue 9): the codec endpoint the Temporal UI calls. A payload it cannot decrypt (a key this API does
 * not hold, tampered or truncated ciphertext) comes back exactly as sent, the others decoded: never a 500 for the
 * whole page. The failure is logged with the key id and the reason, never the payload. Malformed base64, or a
 * payload that is not an object, is a 400 in the error shape.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Payload } from '@temporalio/common';
import { call, startStack, TEST_PAYLOAD_KEYS, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { tokens } from './support/journey';
import { EncryptionCodec, keyRingFrom } from '../infra/codec';

const logLines: string[] = [];
let stack: Stack;
let app: FastifyInstance;
beforeAll(async () => {
  stack = await startStack();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await appBeside(stack, { logger: { level: 'warn', stream } });
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

type JsonPayload = { metadata: Record<string, string>; data: string };

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const plain = (text: string): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(text) });

/** What the Temporal UI sends, encrypted under the keys the tests' API holds. */
async function encrypted(text: string): Promise<JsonPayload> {
  const [p] = await new EncryptionCodec(TEST_PAYLOAD_KEYS).encode([plain(text)]);
  return toJson(p);
}

test('one good, one under an unknown key, one tampered, one truncated: 200, the good one decoded, the others as sent', async () => {
  const good = await encrypted('{"familyName":"Abdelrahman"}');
  // A key this API never held (retired, or another environment's).
  const retired = new EncryptionCodec(keyRingFrom(`retired-9:${Buffer.alloc(32, 9).toString('base64')}`));
  const unknownKey = toJson((await retired.encode([plain('{"givenNames":"Yasmine"}')]))[0]);
  const tamperedBytes = Buffer.from((await encrypted('{"dateOfBirth":"2019-09-09"}')).data, 'base64');
  tamperedBytes[20] ^= 0x01;
  const tampered = { ...(await encrypted('x')), data: tamperedBytes.toString('base64') };
  const truncated = { ...(await encrypted('y')), data: Buffer.alloc(10, 7).toString('base64') };
  const notEncrypted = toJson(plain('"as it is"'));
  const sent = [good, unknownKey, tampered, truncated, notEncrypted];

  const answer = await call(app, 'POST', '/codec/decode', { token: tokens.ops, body: { payloads: sent } });
  expect(answer.status).toBe(200);
  expect(answer.body.payloads).toHaveLength(5);
  expect(Buffer.from(answer.body.payloads[0].data, 'base64').toString()).toBe('{"familyName":"Abdelrahman"}');
  expect(Buffer.from(answer.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect(answer.body.payloads.slice(1)).toEqual([unknownKey, tampered, truncated, notEncrypted]);

  // Logged with the key id and the reason, never the payload.
  const warnings = logLines.filter((l) => l.includes('payload not decoded')).map((l) => JSON.parse(l));
  expect(warnings).toEqual([
    expect.objectContaining({ level: 40, payload: 1, keyId: 'retired-9', reason: 'the key is not among the configured keys' }),
    expect.objectContaining({ payload: 2, keyId: 'test-2', reason: expect.stringMatching(/does not authenticate/) }),
    expect.objectContaining({ payload: 3, keyId: 'test-2', reason: 'the ciphertext is too short' }),
  ]);
  const logs = logLines.join('');
  for (const p of sent.slice(1, 4)) expect(logs).not.toContain(p.data);
  for (const secret of ['Abdelrahman', 'Yasmine', '2019-09-09']) expect(logs).not.toContain(secret);
});

test('encode then decode gives the payloads back', async () => {
  const sent = [toJson(plain('{"a":1}')), toJson(plain('"b"'))];
  const encoded = await call(app, 'POST', '/codec/encode', { token: tokens.rocO, body: { payloads: sent } });
  expect(encoded.status).toBe(200);
  expect(Buffer.from(encoded.body.payloads[0].metadata['encryption-key-id'], 'base64').toString()).toBe('test-2');
  const decoded = await call(app, 'POST', '/codec/decode', { token: tokens.rocO, body: encoded.body });
  expect(decoded).toEqual({ status: 200, body: { payloads: sent } });
});

test('malformed base64, or a payload that is not an object, is a 400 in the error shape, never a 500', async () => {
  const good = await encrypted('"fine"');
  const cases: Array<[unknown, RegExp]> = [
    [{ payloads: [good, { ...good, data: 'not base64!' }] }, /^body\.payloads\.1\.data is not base64\.$/],
    [{ payloads: [{ ...good, data: 'abcde' }] }, /^body\.payloads\.0\.data is not base64\.$/],
    [{ payloads: [{ metadata: { encoding: '%%%' }, data: '' }] }, /^body\.payloads\.0\.metadata\.encoding is not base64\.$/],
    [{ payloads: ['a string'] }, /payloads\.0/],
    [{ payloads: [null] }, /payloads\.0/],
    [{ payloads: [[good]] }, /payloads\.0/],
    [{ payloads: 'everything' }, /payloads/],
  ];
  for (const [body, message] of cases) {
    const answer = await call(app, 'POST', '/codec/decode', { token: tokens.ops, body });
    expect({ body, answer }).toEqual({ body, answer: { status: 400, body: { error: 'bad-request', message: expect.stringMatching(message) } } });
  }
  // URL-safe base64 without padding, which protobuf's JSON form also allows, is read.
  const urlSafe = { ...good, data: Buffer.from(good.data, 'base64').toString('base64url') };
  const answer = await call(app, 'POST', '/codec/decode', { token: tokens.ops, body: { payloads: [urlSafe] } });
  expect(answer.status).toBe(200);
  expect(Buffer.from(answer.body.payloads[0].data, 'base64').toString()).toBe('"fine"');
});
