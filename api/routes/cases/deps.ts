/** What the case routes are built from, and the few things every one of them shares. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Policy } from '../../../domain/policy';
import * as S from '../../../domain/schemas';
import type { DocumentDeps } from './documents';

export interface CaseRoutesDeps {
  client: Client;
  pool: Pool;
  taskQueue: string;
  policy: Policy;
  /** The API's HS256 secret: page tokens are signed with a key derived from it (a random one per process without). */
  jwtSecret?: string;
  /** How long a request waits for the workflow before answering 503. */
  workflowTimeoutMs?: number;
  /** Where documents are kept, and the largest accepted (spec §6). */
  documents: DocumentDeps;
}

/** The dependencies as the handlers use them. */
export interface CaseContext {
  client: Client;
  pool: Pool;
  taskQueue: string;
  policy: Policy;
  /** Bounds a call to Temporal so that a missing worker or server gives 503, not a hung request. */
  withinTimeout<T>(fn: () => Promise<T>): Promise<T>;
}

export function caseContext(deps: CaseRoutesDeps): CaseContext {
  const { client, pool, taskQueue, policy } = deps;
  const workflowTimeoutMs = deps.workflowTimeoutMs ?? 20_000;
  return {
    client,
    pool,
    taskQueue,
    policy,
    withinTimeout: (fn) => client.connection.withDeadline(Date.now() + workflowTimeoutMs, fn),
  };
}

/** The Fastify instance the routes are declared on: request types come from the TypeBox schemas. */
export type CaseApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A request as a handler reads it: its parameters, body and query string as the route's schemas type them. */
export type CaseRequest<T extends { Params?: unknown; Body?: unknown; Querystring?: unknown }> = FastifyRequest & {
  params: T['Params'];
  body: T['Body'];
  query: T['Querystring'];
};

export const security = [{ bearerAuth: [] }];

/** What a POST on a case may answer besides its success. */
export const CASE_POST_ERRORS = S.errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503);
