/** The product's API as its users call it: a bearer token, JSON, an Idempotency-Key on every decision. */
import { randomUUID } from 'node:crypto';
import type { Product } from '../test/reliability/support/product';

/**
 * Sends one request and returns the body of an answer with status `expect`.
 * @throws Error naming the request, the status and the answer's message otherwise
 */
export async function call<T = any>(product: Product, method: string, url: string, token: string, body?: unknown, expect = 200): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${product.api}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
