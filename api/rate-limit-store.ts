/**
 * @fastify/rate-limit's memory store hands every request its live counter object, so requests
 * arriving together all read the last count and a burst within the limit is refused whole.
 * This store answers with a copy taken at each increment, so the first `max` requests pass.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';

type Result = { current: number; ttl: number };
type Incr = FastifyRateLimitStore['incr'];

// The plugin's own store, without types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LocalStore: new (continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number) => {
  incr: Incr;
  read?: Incr;
} = require('@fastify/rate-limit/store/LocalStore');

export class SnapshotRateLimitStore implements FastifyRateLimitStore {
  private readonly store;

  constructor(options: FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
    this.store = new LocalStore(options.continueExceeding, options.exponentialBackoff);
  }

  incr(key: string, callback: (error: Error | null, result?: Result) => void, timeWindow: number, max: number): void {
    this.store.incr(key, (error, result) => callback(error, result && { current: result.current, ttl: result.ttl }), timeWindow, max);
  }

  child(): FastifyRateLimitStore {
    return this;
  }
}
