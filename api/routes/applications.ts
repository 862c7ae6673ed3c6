/** The case routes of spec §4: open, read, list, notices, and one route per row of the decisions table. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Pool } from 'pg';
import { caseView, openCase, type CaseInput, type CaseView } from '../../domain/case';
import { caseWorkflowId, oywWorkflowId } from '../../domain/case-types';
import { openOywUpdate, oywDecisionUpdate } from '../../domain/oyw';
import { caseQuery, DECISION_NAMES, DECISIONS, decisionUpdates, type DecisionName } from '../../domain/decisions';
import type { Policy } from '../../domain/policy';
import * as S from '../../domain/schemas';
import { caseSearchAttributes } from '../../domain/search-attributes';
import { createActivityFunctions } from '../../activities';
import { retryEffectUpdate } from '../../domain/effects';
import { closedRefusal, type Refusal } from '../../workflows/rules/context';
import { retryEffectRefusal } from '../../workflows/rules/changes';
import { requireRoles, type Actor } from '../auth';
import {
  caseFor,
  listCases,
  listNotices,
  storeAnswer,
  storedAnswer,
  type CaseListCursor,
  type CaseRecordRow,
  type StoredAnswer,
} from '../case-store';
import {
  badRequest,
  conflict,
  forbidden,
  grpcCode,
  HttpError,
  isUnavailable,
  notFound,
  ruleRefusal,
  unavailable,
} from '../errors';
import { plausible } from '../edge';
import { openingImplausible } from '../../domain/plausibility';
import type { caseWorkflow } from '../../workflows/case-workflow';

export interface ApplicationsDeps {
  client: Client;
  pool: Pool;
  taskQueue: string;
  policy: Policy;
  /** The API's HS256 secret: page tokens are signed with a key derived from it (a random one per process without). */
  jwtSecret?: string;
  /** How long a request waits for the workflow before answering 503. */
  workflowTimeoutMs?: number;
}

const GRPC_DEADLINE_EXCEEDED = 4;
/** Spec §4: a 503 given after Temporal may have admitted the Update says so. */
const MAY_STILL_APPLY =
  'The case did not confirm the request in time (Temporal or the worker is slow or unavailable); it may still be applied: read the case before sending it again.';
const OPENER_OF_STREAM = { PSR: 'midi', GAR: 'roc-o' } as const;
const security = [{ bearerAuth: [] }];
/** What a POST on a case may answer besides its success. */
const CASE_POST_ERRORS = S.errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503);

export async function applicationsRoutes(fastify: FastifyInstance, deps: ApplicationsDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { client, pool, policy } = deps;
  const workflowTimeoutMs = deps.workflowTimeoutMs ?? 20_000;
  const recordCase = createActivityFunctions({ pool }).recordCase;

  /** Bounds a call to Temporal so that a missing worker or server gives 503, not a hung request. */
  const withinTimeout = <T>(fn: () => Promise<T>) =>
    client.connection.withDeadline(Date.now() + workflowTimeoutMs, fn);

  /** With an Idempotency-Key, the first answer to (scope, action, key) is the only one ever given. */
  async function answerOnce(
    request: FastifyRequest,
    scope: string,
    action: string,
    produce: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer> {
    const key = idempotencyKey(request);
    if (!key) return produce();
    const requestHash = hashOf({ params: request.params, body: request.body });
    const stored = await storedAnswer(pool, scope, action, key);
    if (stored) return sameRequest(stored, requestHash);
    let answer: StoredAnswer;
    try {
      answer = await produce();
    } catch (err) {
      const refused = err instanceof HttpError ? err : ruleRefusal(err);
      if (!refused || refused.statusCode >= 500) throw err;
      answer = { statusCode: refused.statusCode, body: { error: refused.code, message: refused.message } };
    }
    return sameRequest(await storeAnswer(pool, scope, action, key, { ...answer, requestHash }), requestHash);
  }

  /** Spec §4: the same key with a different request is 422, never the first request's answer. */
  function sameRequest(stored: StoredAnswer, requestHash: string): StoredAnswer {
    if (stored.requestHash && stored.requestHash !== requestHash) {
      throw new HttpError(
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was first sent with a different request; send a new key with a new request.',
      );
    }
    return stored;
  }

  app.post(
    '/applications',
    { onRequest: requireRoles(['midi', 'roc-o']),
      preHandler: plausible(openingImplausible),
      schema: {
        summary: 'Open a case: PSR by MIDI on a sponsorship undertaking, GAR by ROC-O on a referral',
        tags: ['cases'],
        security,
        body: S.OpenCaseBody,
        response: { 201: S.CaseResponse, ...S.errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      const opener = OPENER_OF_STREAM[body.stream];
      if (!actor.roles.includes(opener)) {
        throw forbidden(`A ${body.stream} case is opened by ${opener === 'midi' ? 'MIDI (midi)' : 'ROC-O (roc-o)'}.`);
      }
      if (body.stream === 'PSR' && !body.sponsor) throw badRequest('A PSR case needs its sponsor (body.sponsor).');
      const key = idempotencyKey(request);
      const answer = await answerOnce(request, `open:${actor.sub}`, 'open', async () => {
        // The same key always names the same case, so a retried opening cannot start a second one.
        const caseId = key ? createHash('sha256').update(`${actor.sub}\n${key}`).digest('hex').slice(0, 16) : randomBytes(8).toString('hex');
        const input: CaseInput = { ...body, caseId, policy };
        const opened = openCase(input, Date.now());
        const view = caseView(opened, policy);
        // The case is on record before it starts, and forgotten if it cannot start: it opens whole or not at all.
        await recordCase({ caseId, revision: opened.revision, sponsorGroupId: body.sponsor?.groupId ?? null, nextDeadlineAt: view.nextDeadline?.dueAt ?? null, view });
        try {
          await withinTimeout(() =>
            client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
              workflowId: caseWorkflowId(caseId),
              taskQueue: deps.taskQueue,
              args: [input],
              typedSearchAttributes: caseSearchAttributes(opened, policy).filter((p) => p.value !== null) as never,
              // What ops read first in the Temporal UI; no personal data.
              staticSummary: `${body.stream} case, visa office ${body.visaOffice}`,
            }),
          );
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
            await pool.query('DELETE FROM cases WHERE case_id = $1 AND revision = $2', [caseId, opened.revision]).catch(() => undefined);
            throw err;
          }
        }
        return { statusCode: 201, body: caseView(opened, policy) };
      });
      return sendAnswer(reply, answer);
    },
  );

  app.get(
    '/applications/:caseId',
    { onRequest: requireRoles(['midi', 'roc-o', 'migration-officer', 'sponsor', 'ops']),
      schema: {
        summary: 'The case',
        tags: ['cases'],
        security,
        params: S.CaseIdParams,
        response: { 200: S.CaseResponse, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const record = await caseFor(pool, request.params.caseId, request.actor);
      return currentView(record, request);
    },
  );

  /**
   * The case as it is now: the workflow's own view while it is open (the database's copy follows each
   * change as an effect, a moment later: rule 19), the copy once it is closed or when the workflow
   * does not answer in time.
   */
  async function currentView(record: CaseRecordRow, request: FastifyRequest): Promise<CaseView> {
    if (record.outcome) return record.view;
    try {
      return await withinTimeout(() => client.workflow.getHandle(caseWorkflowId(record.caseId)).query(caseQuery));
    } catch (err) {
      request.log.warn({ caseId: record.caseId, err: (err as Error).message }, 'case query failed; serving the read model');
      return record.view;
    }
  }

  // Page tokens are signed with a key of this API's own (see pageTokenKey), so a forged one is refused.
  const pageTokens = pageTokenCodec(pageTokenKey(deps));

  app.get(
    '/applications',
    { onRequest: requireRoles(['midi', 'roc-o', 'ops']),
      schema: {
        summary: "Case summaries (no personal data), one per case, closed ones included, newest first, from the database's copy of the cases",
        tags: ['cases'],
        security,
        querystring: S.ListQuery,
        response: { 200: S.CasePage, ...S.errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { stage, stream, destination, pageToken, pageSize } = request.query;
      const after = pageToken === undefined ? undefined : pageTokens.read(pageToken);
      const page = await listCases(pool, { stage, stream, destination }, { size: pageSize ?? 50, after });
      return { items: page.items, nextPageToken: page.next ? pageTokens.write(page.next) : null };
    },
  );

  app.get(
    '/applications/:caseId/notices',
    { onRequest: requireRoles(['midi', 'roc-o', 'ops', 'sponsor']),
      schema: {
        summary: 'The notices sent on a case (outbox)',
        tags: ['cases'],
        security,
        params: S.CaseIdParams,
        response: { 200: S.NoticeList, ...S.errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const actor = request.actor;
      const record = await caseFor(pool, request.params.caseId, actor);
      return listNotices(pool, record.caseId);
    },
  );

  for (const name of DECISION_NAMES) {
    const row = DECISIONS[name];
    app.post(
      `/applications/:caseId/${row.path}`,
      { onRequest: requireRoles(row.roles),
        preHandler: plausible(row),
        schema: {
          summary: row.summary,
          description: `Roles: ${row.roles.join(', ')}. Answers 200 with the case once the workflow accepted the decision, 409 with the rule when it refuses it.`,
          tags: ['decisions'],
          security,
          params: S.CaseIdParams,
          body: row.body,
          response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        const record = await caseFor(pool, (request.params as { caseId: string }).caseId, actor);
        const answer = await answerOnce(request, record.caseId, name, async () => ({
          statusCode: 200,
          body: await sendDecision(name, record, actor, request.body, idempotencyKey(request)),
        }));
        return sendAnswer(reply, answer);
      },
    );
  }

  /**
   * Sends an Update to a case: 409 when the case refuses it (by default, any action on a closed case:
   * rule 14), 400 when it shows the input wrong, 503 when nobody answers in time.
   */
  async function updateCase<T>(
    record: CaseRecordRow,
    actor: Actor,
    send: (handle: WorkflowHandle) => Promise<T>,
    refusedWhenDone: (record: CaseRecordRow) => Refusal = closedRefusal,
  ): Promise<T> {
    const closed = refusedWhenDone(record);
    if (closed) throw conflict(closed);
    try {
      return await withinTimeout(() => send(client.workflow.getHandle(caseWorkflowId(record.caseId))));
    } catch (err) {
      if (ruleRefusal(err)) throw err;
      if (isUnavailable(err)) throw mayStillApply(err) ? unavailable(MAY_STILL_APPLY) : err;
      if ((err as Error).name === 'WorkflowNotFoundError') {
        // The workflow finished between our read and the update: the case is closed.
        const closedNow = await caseFor(pool, record.caseId, actor);
        throw conflict(refusedWhenDone(closedNow) ?? 'The case is closing; no action is allowed on a closed case.');
      }
      throw err;
    }
  }

  function sendDecision(name: DecisionName, record: CaseRecordRow, actor: Actor, body: unknown, key?: string) {
    return updateCase(record, actor, (handle) =>
      handle.executeUpdate(decisionUpdates[name] as never, {
        args: [{ body, by: actor.role }] as never,
        // Temporal itself then applies a retried update once.
        updateId: key ? `${name}:${key}` : undefined,
      }) as Promise<CaseView>,
    );
  }

  app.post(
    '/applications/:caseId/effects/:effectId/retry',
    { onRequest: requireRoles(['ops', 'roc-o']),
      schema: {
        summary: 'Run again an effect that failed for good (rule 19), once its cause is mended',
        description: 'Roles: ops, roc-o. Answers 200 with the case, the effect pending again; 409 when it is not failed.',
        tags: ['effects'],
        security,
        params: S.EffectParams,
        response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const record = await caseFor(pool, request.params.caseId, actor);
      const { effectId } = request.params;
      const has = (view: CaseView) => (view.effects ?? []).some((e) => e.effectId === effectId);
      if (!has(record.view) && !has(await currentView(record, request))) throw notFound(`The case has no effect ${effectId}.`);
      const key = idempotencyKey(request);
      const answer = await answerOnce(request, record.caseId, `retryEffect:${effectId}`, async () => ({
        statusCode: 200,
        body: await updateCase(
          record,
          actor,
          (handle) =>
            handle.executeUpdate(retryEffectUpdate, {
              args: [{ effectId, by: actor.role }],
              updateId: key ? `retryEffect:${effectId}:${key}` : undefined,
            }),
          // A closed case whose run has ended has no failed effect left; one still running may.
          (done) => (done.outcome ? retryEffectRefusal(done.view, effectId) : null),
        ),
      }));
      return sendAnswer(reply, answer);
    },
  );

  app.post(
    '/applications/:caseId/oyw-applications',
    { onRequest: requireRoles(['roc-o']),
      schema: {
        summary: 'Open a one-year window (OYW) application for a family member left behind',
        tags: ['oyw'],
        security,
        params: S.CaseIdParams,
        body: S.OywApplicationBody,
        response: { 201: S.OywOpened, ...CASE_POST_ERRORS },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const record = await caseFor(pool, request.params.caseId, actor);
      const key = idempotencyKey(request);
      const answer = await answerOnce(request, record.caseId, 'openOywApplication', async () => {
        const opened = await updateCase(record, actor, (handle) =>
          handle.executeUpdate(openOywUpdate, {
            args: [{ body: request.body, by: actor.role }],
            updateId: key ? `openOywApplication:${key}` : undefined,
          }),
        );
        const application = opened.case.oyw.find((o) => o.oywId === opened.oywId)!;
        return {
          statusCode: 201,
          body: { ...application, caseId: record.caseId, workflowId: oywWorkflowId(record.caseId, opened.case.oyw.length) },
        };
      });
      return sendAnswer(reply, answer);
    },
  );

  app.post(
    '/applications/:caseId/oyw-applications/:oywId/decision',
    { onRequest: requireRoles(['midi', 'roc-o']),
      schema: {
        summary: "MIDI's selection, then ROC-O's decision under R141, on an OYW application",
        tags: ['oyw'],
        security,
        params: S.OywParams,
        body: S.OywDecisionBody,
        response: { 200: S.CaseResponse, ...CASE_POST_ERRORS },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const record = await caseFor(pool, request.params.caseId, actor);
      const { oywId } = request.params;
      const has = (view: CaseView) => view.oyw.some((o) => o.oywId === oywId);
      if (!has(record.view) && !has(await currentView(record, request))) throw notFound(`The case has no OYW application ${oywId}.`);
      const key = idempotencyKey(request);
      const answer = await answerOnce(request, record.caseId, `oywDecision:${oywId}`, async () => ({
        statusCode: 200,
        body: await updateCase(record, actor, (handle) =>
          handle.executeUpdate(oywDecisionUpdate, {
            args: [{ oywId, body: request.body, by: actor.role }],
            updateId: key ? `oywDecision:${oywId}:${key}` : undefined,
          }),
        ),
      }));
      return sendAnswer(reply, answer);
    },
  );
}

/**
 * Sends an answer as produced or as stored for an Idempotency-Key: its status and body are untyped
 * there (a row of the store), but always one the route's response schemas describe.
 */
function sendAnswer(reply: FastifyReply, answer: StoredAnswer) {
  // A refusal given again from the store is audited with its words, like the first time.
  if (answer.statusCode >= 400) reply.request.audit.reason = (answer.body as { message?: string }).message;
  return reply.code(answer.statusCode).send(answer.body);
}

/** An unavailable Temporal after the Update may have been admitted: a deadline, not a refused connection. */
function mayStillApply(err: unknown): boolean {
  return err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || grpcCode(err) === GRPC_DEADLINE_EXCEEDED;
}

/** A request's identity for its Idempotency-Key: its parameters and body, whatever the order of their fields. */
function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !key || key.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  return key;
}

const BAD_PAGE_TOKEN = 'pageToken is not one this API gave.';

/**
 * The key page tokens are signed with: derived from the staff-token secret the app is given (the same on every
 * instance of the API, so a token from one is good on another and after a restart), or, without one, a key of
 * this process alone.
 */
function pageTokenKey(deps: ApplicationsDeps): Buffer {
  const secret = deps.jwtSecret;
  if (typeof secret !== 'string' || !secret) return randomBytes(32);
  return createHmac('sha256', secret).update('resettlement: GET /applications page tokens').digest();
}

/**
 * An opaque page token: where the next page starts (the last case shown, keyset paging) and an HMAC of it, so
 * that a token this API did not give, garbled or made up, is 400 rather than a page from some other place.
 */
function pageTokenCodec(key: Buffer) {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    write(cursor: CaseListCursor): string {
      const payload = Buffer.from(JSON.stringify([cursor.openedAt, cursor.caseId])).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    read(token: string): CaseListCursor {
      const [payload, signature, ...rest] = token.split('.');
      const given = Buffer.from(signature ?? '', 'base64url');
      const expected = payload ? mac(payload) : undefined;
      if (rest.length || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      let cursor: unknown;
      try {
        cursor = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      const [openedAt, caseId] = Array.isArray(cursor) ? cursor : [];
      if (cursor === undefined || typeof openedAt !== 'string' || typeof caseId !== 'string' || !OPENED_AT.test(openedAt)) {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      return { openedAt, caseId };
    },
  };
}

/** opened_at as listCases writes it into a token. */
const OPENED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
