/** Waiting for a service to come up, for the start-up scripts. */

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
