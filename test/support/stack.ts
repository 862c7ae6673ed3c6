/**
 * The product as a test drives it: a real worker on its own task queue against the shared
 * Temporal dev server and test database, and the API built with the same dependencies.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createSigner } from 'fast-jwt';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { createWorker } from '../../worker/worker';
import { createPool } from '../../infra/db';
import { resolvePolicy, type PolicyText } from '../../domain/policy';
import type { Role } from '../../domain/case-types';
import type { NoticeRecipients } from '../../domain/recipients';
import { createMailer } from '../../infra/mailer';
import type { NoticeRequest } from '../../activities';
import { dataConverterFor, EncryptionCodec, keyRingFrom, type KeyRing } from '../../infra/codec';

export const TEST_JWT_SECRET = 'test-secret-0123456789-0123456789';
/** The key ring the tests encrypt with: the current key first, an older one still accepted. */
export const TEST_PAYLOAD_KEYS: KeyRing = keyRingFrom(
  `test-2:${Buffer.alloc(32, 2).toString('base64')},test-1:${Buffer.alloc(32, 1).toString('base64')}`,
);

export interface Stack {
  app: FastifyInstance;
  client: Client;
  pool: Pool;
  taskQueue: string;
  /** Stops the worker, as a crash or a deployment would: the cases wait, their timers keep running on the server. */
  pauseWorker(): Promise<void>;
  /** Starts a new worker on the same task queue. */
  resumeWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  policy?: PolicyText;
  logger?: object;
  /** MIDI's, ROC-O's and the offices abroad's addresses and languages; a function is asked at each send. */
  noticeRecipients?: NoticeRecipients | (() => NoticeRecipients);
  /** Runs after the mail server accepted a notice and before the outbox records it. */
  afterNoticeAccepted?: (notice: NoticeRequest) => Promise<void>;
  /** The mail server; the shared local inbox when absent. */
  smtpUrl?: string;
}

/** The sender of the tests' notices; their Message-IDs end in `@resettlement.test`. */
export const TEST_NOTICE_FROM = 'roc-o@resettlement.test';

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // The worker's state changes are noise in a test run; warnings and errors still show.
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by an earlier stack in this test file.
  }
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: dataConverterFor(TEST_PAYLOAD_KEYS) });
  const nativeConnection = await NativeConnection.connect({ address });
  const pool = createPool(process.env.TEST_DATABASE_URL!);
  const taskQueue = `test-${randomUUID()}`;
  // The local inbox the global setup runs (maildev): tests read what it received through its REST API.
  const mailer = createMailer({ smtpUrl: options.smtpUrl ?? process.env.TEST_SMTP_URL!, from: TEST_NOTICE_FROM });
  const newWorker = (): Promise<Worker> =>
    createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      pool,
      payloadKeys: TEST_PAYLOAD_KEYS,
      noticeRecipients: options.noticeRecipients,
      mailer,
      noticeFrom: TEST_NOTICE_FROM,
      afterNoticeAccepted: options.afterNoticeAccepted,
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    });
  let worker: Worker | undefined = await newWorker();
  let running: Promise<void> = worker.run();
  const pauseWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    worker = undefined;
  };
  const resumeWorker = async () => {
    if (worker) return;
    worker = await newWorker();
    running = worker.run();
  };
  const stopWorker = async () => {
    await pauseWorker();
    mailer.close();
    await nativeConnection.close();
    await connection.close();
    await pool.end();
  };
  let app: FastifyInstance;
  try {
    app = await buildApp({
      client,
      pool,
      taskQueue,
      policy: resolvePolicy(options.policy),
      jwtSecret: TEST_JWT_SECRET,
      codec: new EncryptionCodec(TEST_PAYLOAD_KEYS),
      corsOrigins: ['http://127.0.0.1:8233'],
      logger: options.logger,
    });
  } catch (err) {
    // A stack that failed to start must not leave its worker polling: jest would never exit.
    await stopWorker();
    throw err;
  }
  return {
    app,
    client,
    pool,
    taskQueue,
    pauseWorker,
    resumeWorker,
    async stop() {
      await app.close();
      await stopWorker();
    },
  };
}

const sign = createSigner({ key: TEST_JWT_SECRET, algorithm: 'HS256', expiresIn: 3_600_000 });

export function tokenFor(role: Role, sub = `${role}-user`, sponsorGroupId?: string): string {
  return sign({ sub, roles: [role], ...(sponsorGroupId && { sponsorGroupId }) });
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An HTTP call as a staff member's client makes it. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await app.inject({
    method,
    url,
    headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...options.headers },
    ...(options.body !== undefined && { payload: options.body as object }),
  });
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, body: res.body ? (json ? JSON.parse(res.body) : res.body) : undefined };
}
