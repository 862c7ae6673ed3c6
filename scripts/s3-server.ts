/**
 * The tests' S3-compatible server: our small Go main in test/support/s3-server/ (gofakes3, in memory), built with the
 * machine's Go into the project's git-ignored .tools folder when missing or when its sources changed, and started on
 * a free port by the tests that need a real object store.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listeningAddress, stopGracefully } from './services';

export const S3_SERVER_SOURCE = path.resolve(__dirname, '..', 'test', 'support', 's3-server');
export const TOOLS_BIN = path.resolve(__dirname, '..', '.tools', 'bin');
export const S3_SERVER = path.join(TOOLS_BIN, 's3-server');
/** Beside the binary: the hash of the sources it was built from. */
const STAMP = `${S3_SERVER}.sources-sha256`;

/** The hash of the Go sources (main.go, go.mod, go.sum): a binary built from other sources is built again. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(file).update(readFileSync(path.join(S3_SERVER_SOURCE, file)));
  return hash.digest('hex');
}

/**
 * Builds .tools/bin/s3-server unless it is there already, built from the current sources; a copy kept in the
 * machine's cache (~/.cache/resettlement) serves other clones of the project.
 * @returns the binary's path
 * @throws Error saying what to install when Go is missing, or that `go build` failed (its output printed above)
 */
export async function ensureS3Server(log: (line: string) => void = console.log): Promise<string> {
  const sources = sourcesHash();
  if (existsSync(S3_SERVER) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sources) {
    keepMachineCopy(sources);
    return S3_SERVER;
  }
  const machineCopy = machineCopyOf(sources);
  mkdirSync(TOOLS_BIN, { recursive: true });
  if (existsSync(machineCopy)) {
    installAtomically(machineCopy, sources);
    log(`S3 test server copied from ${machineCopy}.`);
    return S3_SERVER;
  }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      [
        'The S3 test server (.tools/bin/s3-server) is missing and Go is not installed to build it.',
        `Install Go 1.24 or later (https://go.dev/dl/) and run this command again; it builds ${S3_SERVER_SOURCE}.`,
      ].join('\n'),
    );
  }
  log(`Building the S3 test server with ${go.stdout.trim()} into ${TOOLS_BIN}.`);
  const started = Date.now();
  // Built under a name of its own, then renamed: a test starting the binary meanwhile never sees half of it.
  const building = `${S3_SERVER}.${process.pid}.building`;
  try {
    await new Promise<void>((resolve, reject) => {
      const build = spawn('go', ['build', '-trimpath', '-o', building, '.'], {
        cwd: S3_SERVER_SOURCE,
        env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      build.on('error', reject);
      build.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`go build of the S3 test server (${S3_SERVER_SOURCE}) exited with ${code}`)),
      );
    });
    installAtomically(building, sources);
  } finally {
    rmSync(building, { force: true });
  }
  log(`Built ${S3_SERVER} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  keepMachineCopy(sources);
  return S3_SERVER;
}

function installAtomically(from: string, sources: string): void {
  const next = `${S3_SERVER}.${process.pid}.next`;
  copyFileSync(from, next);
  renameSync(next, S3_SERVER);
  writeFileSync(STAMP, `${sources}\n`);
}

function machineCopyOf(sources: string): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'resettlement', `s3-server-${sources.slice(0, 16)}`);
}

function keepMachineCopy(sources: string): void {
  const machineCopy = machineCopyOf(sources);
  if (existsSync(machineCopy)) return;
  try {
    mkdirSync(path.dirname(machineCopy), { recursive: true });
    copyFileSync(S3_SERVER, `${machineCopy}.${process.pid}`);
    renameSync(`${machineCopy}.${process.pid}`, machineCopy);
  } catch {
    // Only a shortcut for other clones; the project's own copy is what runs.
  }
}

/** A running S3 test server. */
export interface S3Server {
  /** Its address, e.g. `http://127.0.0.1:41234`: what AWS_ENDPOINT_URL_S3 names. */
  endpoint: string;
  /** Stops it (SIGTERM, SIGKILL after 5 s) and resolves once it has exited; everything it held is gone. */
  stop(): Promise<void>;
}

/**
 * Starts the built server on a free port of 127.0.0.1 and resolves once it listens (its first line on standard
 * output names the address). It also stops when this process exits.
 * @throws Error with its standard error when it exits or says nothing within `timeoutMs`
 */
export async function startS3Server(binary = S3_SERVER, timeoutMs = 10_000): Promise<S3Server> {
  // Its standard input is ours: should this process die without stopping it, the server stops too.
  const child = spawn(binary, ['-host', '127.0.0.1', '-port', '0', '-stop-with-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const endpoint = await listeningAddress(child, 'the S3 test server', timeoutMs);
    child.stdout!.resume();
    return { endpoint, stop: () => stopGracefully(child as ChildProcess, 5000) };
  } catch (err) {
    await stopGracefully(child, 1000);
    throw err;
  }
}
