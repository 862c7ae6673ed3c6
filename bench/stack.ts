/**
 * What the bench measures, side by side on one Temporal dev server: the product as `npm start` runs it (its API,
 * worker, inbox and dev server, each a process of its own, on free ports and a database of its own) and bare
 * Temporal (a worker process of its own beside it, and a client in the bench's process). Both workers load
 * bench/memory-probe.mjs, so their memory is read the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startProduct, type Product } from '../test/reliability/support/product';
import { dataConverterFor, keyRingFrom } from '../infra/codec';

export interface BenchStack {
  product: Product;
  /** A client of the product's Temporal, without the product's codec: bare Temporal's own client. */
  bare: Client;
  /** A client with the product's codec (its payload keys), to reach a case without the API. */
  caseClient: Client;
  /** The product's data converter: its codec with its payload keys. */
  caseDataConverter: ReturnType<typeof dataConverterFor>;
  bareTaskQueue: string;
  bareWorkerPid: number | undefined;
  /** The cache size both workers run with (the SDK's default: the product sets none). */
  maxCachedWorkflows: number;
  /** The product's Temporal namespace and task queue. */
  namespace: string;
  taskQueue: string;
  /** RSS and V8 heap of the product's worker and the bare worker, in bytes, after a full garbage collection. */
  memory(): Promise<{ product: Memory; bare: Memory }>;
  /** With a profile folder: the CPU profiles of the API, the product's worker and the bare worker so far, written there. */
  profile(): Promise<void>;
  stop(): Promise<void>;
}

export interface Memory {
  rss: number;
  heapUsed: number;
}

/** Starts both. @throws Error with the log when either does not come up */
export async function startBenchStack(databaseUrl: string, profileDir?: string): Promise<BenchStack> {
  const memoryDir = mkdtempSync(path.join(os.tmpdir(), 'resettlement-bench-memory-'));
  const probe = `--import=${path.join(__dirname, 'memory-probe.mjs')}`;
  const nodeOptions = [process.env.NODE_OPTIONS, probe].filter(Boolean).join(' ');
  const product = await startProduct({
    databaseUrl,
    env: { NODE_OPTIONS: nodeOptions, BENCH_MEMORY_DIR: memoryDir, ...(profileDir && { BENCH_PROFILE_DIR: profileDir }) },
    logLimit: 200_000,
  }).catch((err) => {
    rmSync(memoryDir, { recursive: true, force: true });
    throw err;
  });
  const address = product.workerEnv.TEMPORAL_ADDRESS!;
  const bareTaskQueue = 'bare-temporal';
  const bareWorker = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bare', 'worker.ts')], {
    env: {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      BENCH_MEMORY_DIR: memoryDir,
      ...(profileDir && { BENCH_PROFILE_DIR: profileDir }),
      SERVICE_NAME: 'bare-worker',
      TEMPORAL_ADDRESS: address,
      BARE_TASK_QUEUE: bareTaskQueue,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { maxCachedWorkflows } = await firstLine<{ maxCachedWorkflows: number }>(bareWorker).catch(async (err) => {
    await product.stop();
    rmSync(memoryDir, { recursive: true, force: true });
    throw err;
  });
  const connection = await Connection.connect({ address });
  const bare = new Client({ connection, namespace: 'default' });
  const caseDataConverter = dataConverterFor(keyRingFrom(product.workerEnv.PAYLOAD_ENCRYPTION_KEYS));
  const caseClient = new Client({ connection, namespace: product.workerEnv.TEMPORAL_NAMESPACE ?? 'default', dataConverter: caseDataConverter });

  const read = async (pid: number): Promise<Memory> => {
    const file = path.join(memoryDir, `${pid}.json`);
    rmSync(file, { force: true });
    process.kill(pid, 'SIGUSR2');
    for (let waited = 0; !existsSync(file); waited += 50) {
      if (waited > 30_000) throw new Error(`process ${pid} did not report its memory`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Written in one call; read again if caught half-written.
    for (;;) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Memory;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  let stopped: Promise<void> | undefined;
  const memory = async () => {
    const workerPid = product.pidOf('worker/main.ts');
    if (!workerPid) throw new Error("the product's worker is not running");
    return { product: await read(workerPid), bare: await read(bareWorker.pid!) };
  };

  return {
    product,
    bare,
    caseClient,
    caseDataConverter,
    bareTaskQueue,
    bareWorkerPid: bareWorker.pid,
    maxCachedWorkflows,
    namespace: product.workerEnv.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: product.workerEnv.TEMPORAL_TASK_QUEUE!,
    memory,
    async profile() {
      const apiPid = product.pidOf('api/main.ts');
      if (apiPid) await read(apiPid);
      await memory();
    },
    stop: () =>
      (stopped ??= (async () => {
        await connection.close().catch(() => undefined);
        bareWorker.kill('SIGTERM');
        await product.stop();
        rmSync(memoryDir, { recursive: true, force: true });
      })()),
  };
}

/** The first line a child prints on stdout, as JSON. @throws Error when it exits first */
function firstLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(JSON.parse(text.slice(0, end)) as T);
    });
    child.once('exit', (code) => reject(new Error(`the bare worker exited (${code}) before polling`)));
  });
}
