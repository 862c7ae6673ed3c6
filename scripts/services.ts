/** The start-up scripts' services: waiting for one to answer, stopping one with a grace period. */
import type { ChildProcess } from 'node:child_process';

/**
 * Calls `attempt` every half second until it succeeds, the deadline (epoch ms) passes or `stopped()` says to give up.
 * @returns what `attempt` returned the first time it succeeded
 * @throws Error "<what> did not answer within <s> s: <the last failure>"
 */
export async function retryUntil<T>(what: string, attempt: () => Promise<T>, deadline: number, stopped = () => false): Promise<T> {
  const seconds = Math.round((deadline - Date.now()) / 1000);
  let last: unknown;
  while (Date.now() < deadline && !stopped()) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`${what} did not answer within ${seconds} s: ${(last as Error)?.message}`);
}

/** Whether a child process is still running. */
export function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited (at once if it had). */
export async function stopGracefully(child: ChildProcess, graceMs: number): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The address a child process prints once it listens (`listening on http://host:port`, on standard output).
 * @param what the child, as an error names it (e.g. `the S3 test server`)
 * @throws Error with what the child wrote on standard error when it exits first or says nothing within `timeoutMs`
 */
export function listeningAddress(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(stdout);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${stderr}`));
    });
  });
}
