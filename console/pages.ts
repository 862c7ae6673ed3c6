/**
 * The console's pages once signed in (spec §7): each role's work queue, the case page with its timeline, notices,
 * audit and documents, and the decisions this person may take, as forms built from the API's decisions table.
 *
 * The console is a client of the API (./api.ts): a case is read and every action sent through the API's routes with
 * the person's token and the form's own Idempotency-Key; a refusal is shown beside its form in the API's words.
 * Only the work queues read the database's copy of the cases directly (as the API's list does).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Pool } from 'pg';
import { DOCUMENT_TYPES, type Role } from '../domain/case-types';
import { DECISION_NAMES, DECISIONS, type DecisionName } from '../domain/decisions';
import * as S from '../domain/schemas';
import { API_LANGUAGE, apiFor, readWhole, refusalLang, refusalWords, seg, type ApiAnswer, type ConsoleApi } from './api';
import { esc, fieldLabel, formValuesOf, inLanguage, pathInRefusal, readForm, strayRow, renderForm, type FormContext, type FormSpec, type FormValues, type JsonSchema } from './forms';
import { label, submitLabel, t, type ConsoleLanguage, type LabelKey } from './i18n';
import { page } from './plugin';
import { languageOf, requireSignIn, signedIn } from './session';

export interface PageDeps {
  pool: Pool;
}

/** Who may read what on a case (spec §4, §6): the console only asks for what the API would give. */
const NOTICE_READERS: readonly Role[] = ['midi', 'roc-o', 'ops', 'sponsor'];
const AUDIT_READERS: readonly Role[] = ['roc-o', 'ops'];
const DOCUMENT_READERS: readonly Role[] = ['sponsor', 'roc-o', 'migration-officer'];
const DOCUMENT_UPLOADERS: readonly Role[] = ['sponsor', 'roc-o'];
const OYW_OPENERS: readonly Role[] = ['roc-o'];
const OYW_DECIDERS: readonly Role[] = ['midi', 'roc-o'];
const EFFECT_RETRIERS: readonly Role[] = ['ops', 'roc-o'];
/** Who opens cases (spec §4: MIDI a PSR, ROC-O a GAR); the API says which stream each may open. */
const OPENERS: readonly Role[] = ['midi', 'roc-o'];

/** The longest case id the API takes (its CaseIdParams). */
const CASE_ID_MAX_LENGTH = (S.CaseIdParams as JsonSchema).properties?.caseId?.maxLength ?? 64;
/** An id over the limit is put to the API at this length: long enough to be refused, short enough to be routed. */
const CASE_ID_PROBE_LENGTH = CASE_ID_MAX_LENGTH + 1;

/** How many cases a queue shows at most (the oldest). */
const QUEUE_ROWS = 100;

/** A refusal to show beside one form of the case page, with the values the person sent. */
interface Refusal {
  formId: string;
  message: string;
  /** The message's language when it is not the page's (the API's English-only words). */
  messageLang?: string;
  /** The API's status for it. */
  status?: number;
  values: FormValues;
  /**
   * The key the form was sent with, when the API did not answer it for good (503, 429: not stored, perhaps
   * applied): sent again, the form is the same request, applied once whatever happened to the first.
   */
  key?: string;
}

type CaseParams = { caseId: string };

/** The console's pages once signed in, under the console's scope (/console): queues, cases, forms, documents. */
export async function pageRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  app.get('/', { preHandler: requireSignIn }, (request, reply) => homePage(app, deps.pool, request, reply));

  // A case named by its id (the home page's "find a case" form). An id the API would refuse by its length is refused
  // beside the form, in the API's words (asked of it), not sent to an address no route takes.
  app.get('/cases', { preHandler: requireSignIn }, async (request, reply) => {
    const caseId = String((request.query as { caseId?: unknown }).caseId ?? '').trim();
    if (caseId.length > CASE_ID_MAX_LENGTH) {
      const lang = languageOf(request);
      const answer = await apiOf(app, request).get(`/applications/${seg(caseId.slice(0, CASE_ID_PROBE_LENGTH))}`);
      const refused = answer.status === 400;
      return homePage(app, deps.pool, request, reply.code(400), {
        message: refused ? refusalWords(answer, t(lang, 'error.request')) : t(lang, 'queue.findTooLong', { max: String(CASE_ID_MAX_LENGTH) }),
        messageLang: refused ? otherThan(lang, refusalLang(answer)) : undefined,
        value: caseId,
      });
    }
    return reply.redirect(caseId ? `/console/cases/${seg(caseId)}` : '/console', 303);
  });

  // Opening a case (MIDI: a PSR on the undertaking received; ROC-O: a GAR on a referral): the API's own form.
  app.get('/open', { preHandler: requireSignIn }, (request, reply) => openPage(request, reply));
  app.post<{ Body: FormValues }>('/open', { preHandler: [requireSignIn, app.csrfProtection] }, async (request, reply) => {
    const stray = strayRowRefusal(request, S.OpenCaseBody as JsonSchema, 'open');
    if (stray) return openPage(request, reply.code(400), stray);
    const body = readForm(S.OpenCaseBody as JsonSchema, request.body);
    const answer = await apiOf(app, request).post('/applications', { json: body, idempotencyKey: keyOf(request.body) });
    if (answer.status === 201 && typeof answer.body?.caseId === 'string') {
      return reply.redirect(`${caseHref(answer.body.caseId)}?done=open.done#done`, 303);
    }
    if (answer.status === 401) return apiErrorPage(request, reply, answer);
    const lang = languageOf(request);
    return openPage(request, reply.code(answer.status), {
      formId: 'open',
      message: refusalWords(answer, t(lang, 'error.request')),
      messageLang: refusalLang(answer),
      values: withoutSecrets(request.body),
      ...((answer.status >= 500 || answer.status === 429) && { key: keyOf(request.body) }),
    });
  });

  app.get<{ Params: CaseParams }>('/cases/:caseId', { preHandler: requireSignIn }, (request, reply) =>
    casePage(app, request, reply, request.params.caseId),
  );

  // A refused form is shown at the address it was sent to: the language toggle there (`?lang=`) and a reload by
  // address come back to the case page.
  for (const path of ['/cases/:caseId/decisions/:name', '/cases/:caseId/oyw', '/cases/:caseId/oyw/:oywId/decision', '/cases/:caseId/effects/:effectId/retry', '/cases/:caseId/documents']) {
    app.get<{ Params: CaseParams }>(path, { preHandler: requireSignIn }, (request, reply) => {
      languageOf(request);
      return reply.redirect(caseHref(request.params.caseId), 303);
    });
  }

  app.post<{ Params: CaseParams & { name: string }; Body: FormValues }>(
    '/cases/:caseId/decisions/:name',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const name = DECISION_NAMES.find((n) => n === request.params.name);
      if (!name) return notFoundPage(request, reply);
      const { caseId } = request.params;
      const row = DECISIONS[name];
      const stray = strayRowRefusal(request, row.body as JsonSchema, `decision-${name}`);
      if (stray) return casePage(app, request, reply, caseId, stray, 400);
      const body = readForm(row.body as JsonSchema, request.body);
      const answer = await apiOf(app, request).post(`/applications/${seg(caseId)}/${row.path}`, { json: body, idempotencyKey: keyOf(request.body) });
      return afterAction(app, request, reply, caseId, answer, `decision-${name}`, `decision.${name}`);
    },
  );

  app.post<{ Params: CaseParams; Body: FormValues }>(
    '/cases/:caseId/oyw',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const { caseId } = request.params;
      const body = readForm(S.OywApplicationBody as JsonSchema, request.body);
      const answer = await apiOf(app, request).post(`/applications/${seg(caseId)}/oyw-applications`, { json: body, idempotencyKey: keyOf(request.body) });
      return afterAction(app, request, reply, caseId, answer, 'oyw-open', 'oyw.open');
    },
  );

  app.post<{ Params: CaseParams & { oywId: string }; Body: FormValues }>(
    '/cases/:caseId/oyw/:oywId/decision',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const { caseId, oywId } = request.params;
      const body = readForm(S.OywDecisionBody as JsonSchema, request.body);
      const answer = await apiOf(app, request).post(`/applications/${seg(caseId)}/oyw-applications/${seg(oywId)}/decision`, {
        json: body,
        idempotencyKey: keyOf(request.body),
      });
      return afterAction(app, request, reply, caseId, answer, `oyw-${oywId}`, 'oyw.decided');
    },
  );

  app.post<{ Params: CaseParams & { effectId: string }; Body: FormValues }>(
    '/cases/:caseId/effects/:effectId/retry',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const { caseId, effectId } = request.params;
      const answer = await apiOf(app, request).post(`/applications/${seg(caseId)}/effects/${seg(effectId)}/retry`, { idempotencyKey: keyOf(request.body) });
      return afterAction(app, request, reply, caseId, answer, `effect-${effectId}`, 'effects.retried');
    },
  );

  app.get<{ Params: CaseParams & { documentId: string } }>(
    '/cases/:caseId/documents/:documentId',
    { preHandler: requireSignIn },
    async (request, reply) => {
      const { caseId, documentId } = request.params;
      const answer = await apiOf(app, request).stream(`/applications/${seg(caseId)}/documents/${seg(documentId)}`);
      if (answer.status !== 200) return apiErrorPage(request, reply, await readWhole(answer));
      // The file as the API sends it: the same type, length and attachment name.
      for (const header of ['content-type', 'content-length', 'content-disposition', 'cache-control', 'x-content-type-options']) {
        const value = answer.headers[header];
        if (value !== undefined) reply.header(header, value);
      }
      return reply.send(answer.stream);
    },
  );

  // Uploads in a scope of their own, which takes multipart/form-data. The file is passed on to the API as it
  // arrives, never held whole: the API's rules (type, size, the case) judge it, not the console. The form's fields
  // come before its file (a browser sends them in the form's order), so the CSRF token is checked before any byte
  // of the file is sent on.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fields: 5, fieldSize: 1024, files: 1, parts: 8, fileSize: Infinity } });
    scope.post<{ Params: CaseParams }>('/cases/:caseId/documents', { preHandler: requireSignIn }, async (request, reply) => {
      const { caseId } = request.params;
      const fields: Record<string, string> = {};
      let answer: ApiAnswer | undefined;
      const csrfChecked = () => {
        // @fastify/csrf-protection reads the token from the body and checks it at once; a refusal is its error page.
        (request as { body: unknown }).body = { _csrf: fields._csrf };
        let ok = false;
        scope.csrfProtection.call(scope, request, reply, () => {
          ok = true;
        });
        return ok;
      };
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        if (!csrfChecked()) {
          part.file.resume();
          return reply;
        }
        answer = await sendUpload(apiOf(app, request), caseId, fields, part);
      }
      if (!answer) {
        // No file: the API still says what is missing, in its words.
        if (!csrfChecked()) return reply;
        answer = await sendUpload(apiOf(app, request), caseId, fields);
      }
      return afterAction(app, request, reply, caseId, answer, 'upload', 'documents.uploaded', { type: fields.type ?? '' }, keyOf(fields));
    });
  });
}

/**
 * Sends an upload on to the API as multipart/form-data (its `type` field and the file as it streams in) with the
 * form's Idempotency-Key.
 */
async function sendUpload(api: ConsoleApi, caseId: string, fields: Record<string, string>, file?: MultipartFile): Promise<ApiAnswer> {
  const boundary = `console-${randomUUID()}`;
  const quoted = (name: string) => name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  async function* body() {
    if (fields.type !== undefined) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${fields.type}\r\n`);
    if (file && file.filename) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(file.filename)}"\r\n` +
          `Content-Type: ${quoted(file.mimetype || 'application/octet-stream')}\r\n\r\n`,
      );
      for await (const chunk of file.file) yield chunk as Buffer;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const payload = Readable.from(body());
  try {
    return await api.post(`/applications/${seg(caseId)}/documents`, {
      payload,
      contentType: `multipart/form-data; boundary=${boundary}`,
      idempotencyKey: keyOf(fields),
    });
  } finally {
    // The API may answer before reading the whole file (too large, refused): the rest is dropped.
    payload.destroy();
    file?.file.resume();
  }
}

function apiOf(app: FastifyInstance, request: FastifyRequest): ConsoleApi {
  return apiFor(app, signedIn(request)!, languageOf(request));
}

/** The form's own Idempotency-Key (made when the page was rendered); none if the form carried none. */
function keyOf(values: FormValues | undefined): string | undefined {
  const key = values?._key;
  const text = Array.isArray(key) ? key[0] : key;
  return text && /^[\w-]{8,100}$/.test(text) ? text : undefined;
}

/**
 * After an action: accepted, back to the case page (303) saying what was done; refused, the case page again with
 * the API's words beside the form, the values kept, under the API's status.
 */
async function afterAction(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  answer: ApiAnswer,
  formId: string,
  doneKey: LabelKey,
  values?: FormValues,
  sentKey = keyOf(request.body as FormValues | undefined),
) {
  if (answer.status >= 200 && answer.status < 300) {
    // With a fragment of its own (the "Done" message), not the refusal's the form's action ends with.
    return reply.redirect(`/console/cases/${seg(caseId)}?done=${encodeURIComponent(doneKey)}#done`, 303);
  }
  if (answer.status === 404 || answer.status === 401) return apiErrorPage(request, reply, answer);
  const lang = languageOf(request);
  const refusal: Refusal = {
    formId,
    message: refusalWords(answer, t(lang, 'error.request')),
    messageLang: refusalLang(answer),
    status: answer.status,
    values: values ?? withoutSecrets(request.body as FormValues),
    ...((answer.status >= 500 || answer.status === 429) && { key: sentKey }),
  };
  return casePage(app, request, reply, caseId, refusal, answer.status);
}

/** A form sent with a row it did not show (`familyMembers.9.…` of six): refused in words, not silently dropped. */
function strayRowRefusal(request: FastifyRequest, schema: JsonSchema, formId: string): Refusal | undefined {
  const stray = strayRow(schema, request.body as FormValues);
  if (!stray) return undefined;
  const lang = languageOf(request);
  const name = stray.path.split('.').at(-1)!;
  const what = label(lang, `field.${name}.one`) ?? fieldLabel(lang, stray.path);
  const n = /^\d+$/.test(stray.index) ? String(Number(stray.index) + 1) : stray.index;
  return { formId, message: t(lang, 'form.strayRow', { what, n }), values: withoutSecrets(request.body as FormValues), status: 400 };
}

/** Rows asked for by the page's address (`?familyMembers.rows=7`), for its forms' lists. */
function rowsAsked(request: FastifyRequest): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const m = /^([\w.]+)\.rows$/.exec(key);
    if (m && typeof value === 'string') rows[m[1]] = value;
  }
  return rows;
}

/** The values sent, to show them again: never the CSRF token or the spent key. */
function withoutSecrets(values: FormValues | undefined): FormValues {
  const { _csrf: _c, _key: _k, ...rest } = values ?? {};
  return rest;
}

/* ------------------------------------------------------------------------------------------------
 * The home page: what awaits this person.
 * --------------------------------------------------------------------------------------------- */

interface QueueRow {
  caseId: string;
  /** The principal applicant's names, as the case holds them: staff know a case by its person. */
  principalApplicant: string;
  stream: string;
  stage: string;
  visaOffice: string;
  openedAt: string;
  nextDeadline: string | null;
  outcome: string | null;
}

/** Each role's queues (spec §7): a label and the condition on the database's copy of the cases. */
const QUEUES: Record<Exclude<Role, 'ops'>, { key: LabelKey; where: string }[]> = {
  midi: [
    {
      key: 'queue.midi.sponsorships',
      where: `outcome IS NULL AND (stage = 'sponsorship-review' OR (view->'sponsorship'->>'reassessmentPending')::boolean)`,
    },
    { key: 'queue.midi.csq', where: `outcome IS NULL AND view->'csq'->>'status' = 'requested'` },
    { key: 'queue.midi.destinations', where: `outcome IS NULL AND stream = 'GAR' AND destination IS NULL` },
    {
      key: 'queue.midi.oyw',
      where: `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(view->'oyw', '[]')) o WHERE o->>'status' = 'open' AND o->>'selection' IS NULL)`,
    },
  ],
  'roc-o': [
    {
      key: 'queue.rocO.intake',
      where: `outcome IS NULL AND stage = 'roc-o-intake' AND jsonb_array_length(COALESCE(view->'documentsToDigitize', '[]')) > 0`,
    },
    {
      key: 'queue.rocO.oyw',
      where: `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(view->'oyw', '[]')) o WHERE o->>'status' = 'open' AND o->>'selection' = 'approved')`,
    },
    // Travel booked: ROC-O records the arrival (rule 10), the earliest booked first among the oldest cases.
    { key: 'queue.rocO.arrivals', where: `outcome IS NULL AND stage = 'travel-booked'` },
    { key: 'queue.rocO.noShows', where: `outcome IS NULL AND COALESCE(view->'overdue', '[]') ? 'arrival'` },
    {
      key: 'queue.rocO.failedEffects',
      where: `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(view->'effects', '[]')) e WHERE e->>'status' = 'failed')`,
    },
  ],
  'migration-officer': [
    { key: 'queue.officer.decisions', where: `outcome IS NULL AND stage = 'overseas-processing'` },
    { key: 'queue.officer.bookings', where: `outcome IS NULL AND stage = 'visa-issued'` },
  ],
  sponsor: [
    {
      key: 'queue.sponsor.needs',
      where: `sponsor_group_id = $1 AND outcome IS NULL AND stage = 'awaiting-pr-application'`,
    },
    { key: 'queue.sponsor.all', where: `sponsor_group_id = $1` },
  ],
};

async function queueRows(pool: Pool, where: string, params: unknown[]): Promise<QueueRow[]> {
  const { rows } = await pool.query(
    `SELECT case_id, stream, stage, visa_office, opened_at, next_deadline_at, outcome,
            concat_ws(' ', view->'principalApplicant'->>'givenNames', view->'principalApplicant'->>'familyName') AS principal_applicant
     FROM cases
     WHERE ${where} ORDER BY opened_at ASC, case_id ASC LIMIT ${QUEUE_ROWS}`,
    params,
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    principalApplicant: r.principal_applicant ?? '',
    stream: r.stream,
    stage: r.stage,
    visaOffice: r.visa_office,
    openedAt: r.opened_at.toISOString(),
    nextDeadline: r.next_deadline_at && Number.isFinite(r.next_deadline_at.getTime()) ? r.next_deadline_at.toISOString() : null,
    outcome: r.outcome,
  }));
}

/** The find box's refusal: the API's words and what was typed. */
interface FindRefusal {
  message: string;
  messageLang?: string;
  value: string;
}

async function homePage(app: FastifyInstance, pool: Pool, request: FastifyRequest, reply: FastifyReply, find?: FindRefusal) {
  const user = signedIn(request)!;
  const lang = languageOf(request);
  const title = t(lang, 'app.home');
  if (user.role === 'ops') {
    const report = await apiFor(app, user, lang).get<{ generatedAt: string | null; cases: { caseId: string; stream: string; stage: string; nextDeadline: { kind: string; dueAt: string } | null; overdue: string[] }[] }>(
      '/reports/attention',
    );
    if (report.status !== 200) return apiErrorPage(request, reply, report);
    return page(request, reply, 'queue', {
      title,
      find,
      attention: {
        generatedAt: when(lang, report.body.generatedAt),
        cases: report.body.cases.map((c) => ({
          caseId: c.caseId,
          href: caseHref(c.caseId),
          stream: streamWords(lang, c.stream, true),
          stage: word(lang, 'stage', c.stage),
          deadline: deadlineWords(lang, c.nextDeadline),
          overdue: c.overdue.map((o) => overdueWords(lang, o)).join(', ') || t(lang, 'case.none'),
        })),
      },
    });
  }
  const params = user.role === 'sponsor' ? [user.sponsorGroupId ?? ''] : [];
  const queues = await Promise.all(
    QUEUES[user.role].map(async (q, i) => {
      const rows = await queueRows(pool, q.where, params);
      return {
        id: `queue-${i}`,
        title: t(lang, q.key),
        rows: rows.map((r) => ({
          caseId: r.caseId,
          principalApplicant: r.principalApplicant,
          href: caseHref(r.caseId),
          stream: streamWords(lang, r.stream, true),
          stage: word(lang, 'stage', r.stage),
          outcome: r.outcome ? word(lang, 'outcome', r.outcome) : '',
          visaOffice: r.visaOffice,
          openedAt: when(lang, r.openedAt),
          nextDeadline: r.nextDeadline ? when(lang, r.nextDeadline) : t(lang, 'case.none'),
        })),
        full: rows.length === QUEUE_ROWS,
      };
    }),
  );
  return page(request, reply, 'queue', { title, queues, find, mayOpen: OPENERS.includes(user.role) });
}

/** The form that opens a case, built from the API's OpenCaseBody; a refusal beside it with the values sent. */
function openPage(request: FastifyRequest, reply: FastifyReply, refusal?: Refusal) {
  const lang = languageOf(request);
  const form = renderForm(
    {
      id: 'open',
      action: '/console/open',
      title: t(lang, 'open.form'),
      level: 2,
      schema: S.OpenCaseBody as JsonSchema,
      csrf: reply.generateCsrf(),
      idempotencyKey: refusal?.key ?? randomUUID(),
      submit: t(lang, 'open.submit'),
      ...(refusal && { values: refusal.values, refusal: refusal.message, refusalLang: refusal.messageLang }),
    },
    { lang, pageHref: '/console/open', rows: rowsAsked(request) },
  );
  return page(request, reply, 'open', { title: t(lang, 'open.title'), form });
}

/* ------------------------------------------------------------------------------------------------
 * The case page.
 * --------------------------------------------------------------------------------------------- */

/* eslint-disable @typescript-eslint/no-explicit-any -- the case as the API answers it, read for display */
async function casePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  refusal?: Refusal,
  status = 200,
) {
  const user = signedIn(request)!;
  const lang = languageOf(request);
  const api = apiFor(app, user, lang);
  const read = await api.get(`/applications/${seg(caseId)}`);
  if (read.status !== 200) return apiErrorPage(request, reply, read);
  const c = read.body as any;
  const base = `/applications/${seg(caseId)}`;
  const may = (roles: readonly Role[]) => roles.includes(user.role);
  const [notices, audit, documents] = await Promise.all([
    may(NOTICE_READERS) ? api.get(`${base}/notices`) : undefined,
    may(AUDIT_READERS) ? api.get(`${base}/audit`) : undefined,
    may(DOCUMENT_READERS) ? api.get(`${base}/documents`) : undefined,
  ]);
  const docs: any[] = documents?.status === 200 ? documents.body : [];
  const csrf = reply.generateCsrf();
  const members = [...(c.familyMembers ?? []), ...(c.dependants ?? [])].map((m: any) => ({
    memberId: m.memberId,
    accompanying: m.accompanying === true,
    label: `${m.givenNames} ${m.familyName} (${m.memberId}, ${word(lang, 'value', m.relationship)}${m.accompanying ? '' : `, ${t(lang, 'case.notAccompanying')}`})`,
  }));
  const ctx: FormContext = { lang, documents: docs, members, pageHref: caseHref(caseId), rows: rowsAsked(request) };
  const form = (spec: Omit<FormSpec, 'csrf' | 'idempotencyKey' | 'refusal'>, choices: typeof members = members) =>
    renderForm(
      {
        ...spec,
        csrf,
        // A fresh key each time the form is shown: after a refusal, the corrected form is a new request. After an
        // answer that was not final (503), the same key: sending it again cannot apply it twice.
        idempotencyKey: (refusal?.formId === spec.id && refusal.key) || randomUUID(),
        ...(refusal?.formId === spec.id && { values: refusal.values, refusal: refusal.message, refusalLang: refusal.messageLang }),
      },
      { ...ctx, members: choices },
    );
  const open = c.outcome === null;
  const href = caseHref(caseId);

  // What the case says is open now (its rules' case-only checks, GET's `actionsOpen`), for this person's role.
  const isOpen = (action: string) => open && (!Array.isArray(c.actionsOpen) || c.actionsOpen.includes(action));
  const decisionForms = open
    ? DECISION_NAMES.filter((name) => may(DECISIONS[name].roles) && isOpen(DECISIONS[name].path)).map((name: DecisionName) =>
        form({
          id: `decision-${name}`,
          action: `${href}/decisions/${name}`,
          title: t(lang, `decision.${name}` as LabelKey),
          schema: DECISIONS[name].body as JsonSchema,
          submit: submitLabel(lang, name),
          // A booking to change starts from the one the case holds (the same one sent again changes nothing, rule 18).
          ...(name === 'travel' && c.travel && { values: formValuesOf(DECISIONS[name].body as JsonSchema, c.travel) }),
        }),
      )
    : [];

  const oyw = (c.oyw ?? []).map((o: any) => ({
    oywId: o.oywId,
    member: members.find((m) => m.memberId === o.memberId)?.label ?? o.memberId,
    status: word(lang, 'value', o.status),
    selection: o.selection ? word(lang, 'value', o.selection) : t(lang, 'case.none'),
    outcome: o.outcome ? word(lang, 'value', o.outcome) : t(lang, 'case.none'),
    form:
      o.status === 'open' && may(OYW_DECIDERS) && isOpen(`oyw-applications/${o.oywId}/decision`) && (o.awaiting === undefined || o.awaiting === user.role)
        ? form({
            id: `oyw-${o.oywId}`,
            action: `${href}/oyw/${seg(o.oywId)}/decision`,
            title: t(lang, user.role === 'midi' ? 'oyw.selection' : 'oyw.r141', { oywId: o.oywId }),
            schema: S.OywDecisionBody as JsonSchema,
            submit: t(lang, 'form.send'),
          })
        : '',
  }));
  const oywCandidates = members.filter((m) => !m.accompanying);
  const oywOpenForm =
    oywCandidates.length > 0 &&
    may(OYW_OPENERS) && isOpen('oyw-applications') && (Array.isArray(c.actionsOpen) || c.stage === 'arrived')
      ? form(
          { id: 'oyw-open', action: `${href}/oyw`, title: t(lang, 'oyw.open'), schema: S.OywApplicationBody as JsonSchema, submit: submitLabel(lang, 'oywOpen') },
          // Those the window is for (rule 13): family members who did not accompany the principal applicant.
          oywCandidates,
        )
      : '';

  // An effect's id is for those who retry it and read the audit, not a sponsor; nor are the system's follow-ups
  // and their errors a sponsor's business (the notices section tells what was sent).
  const showEffectIds = user.role !== 'sponsor';
  const effects = (user.role === 'sponsor' ? [] : (c.effects ?? [])).map((e: any) => ({
    effectId: e.effectId,
    kind: word(lang, 'effect', e.kind) + (e.notice ? ` – ${word(lang, 'notice', e.notice)}${e.party ? ` (${word(lang, 'party', e.party)})` : ''}` : ''),
    status: word(lang, 'value', e.status),
    error: e.error ?? '',
    errorLang: otherThan(lang, API_LANGUAGE),
    form:
      e.status === 'failed' && may(EFFECT_RETRIERS)
        ? form({ id: `effect-${e.effectId}`, action: `${href}/effects/${seg(e.effectId)}/retry`, title: t(lang, 'effects.retry', { effectId: e.effectId }), schema: { type: 'object', properties: {} }, submit: t(lang, 'effects.retryButton') })
        : '',
  }));

  const uploadRefused = refusal?.formId === 'upload' ? refusal : undefined;
  // The field an upload's refusal is about: the one its 400 names, the file for a type or size refused (415, 413).
  const uploadInvalid = uploadRefused ? uploadFieldOf(uploadRefused) : undefined;
  const upload =
    may(DOCUMENT_UPLOADERS) && open
      ? {
          csrf,
          key: uploadRefused?.key ?? randomUUID(),
          action: `${href}/documents`,
          refusal: uploadRefused?.message,
          invalidType: uploadInvalid === 'type',
          invalidFile: uploadInvalid === 'file',
          about: uploadInvalid && t(lang, 'form.refusedField', { field: t(lang, uploadInvalid === 'type' ? 'field.type' : 'documents.file') }),
          refusalLang: otherThan(lang, uploadRefused?.messageLang),
          types: DOCUMENT_TYPES.map((type) => ({ value: type, label: word(lang, 'value', type), selected: uploadRefused?.values.type === type })),
        }
      : undefined;

  const timeline = [
    ...(c.decisions ?? []).map((d: any) => ({
      at: d.at,
      what: t(lang, 'timeline.decision', { name: word(lang, 'timeline', d.name), value: word(lang, 'value', d.decision) }),
      who: word(lang, 'role', d.role),
      // A person's own words: their language is not known.
      reason: d.reason ?? '',
      reasonLang: undefined as string | undefined,
    })),
    ...(notices?.status === 200 ? (notices.body as any[]) : []).map((n) => ({
      at: n.createdAt,
      what: t(lang, 'timeline.notice', { kind: word(lang, 'notice', n.kind), party: word(lang, 'party', n.party) }),
      who: t(lang, 'timeline.system'),
      reason: '',
      reasonLang: undefined as string | undefined,
    })),
    // From the audit (where the role may read it): the attempts refused, and the documents uploaded. What was
    // accepted is already told by the decisions; reads would drown the rest.
    ...(audit?.status === 200 ? (audit.body as any[]) : []).flatMap((a) => {
      const attempt = actionWords(lang, a.action);
      if (!attempt) return [];
      const refused = a.outcome === 'refused';
      if (!refused && !a.action.endsWith('/documents')) return [];
      const uploaded = docs.find((d) => d.documentId === a.documentId);
      return [{
        at: a.at,
        what: refused
          ? t(lang, 'timeline.refused', { action: attempt })
          : uploaded
            ? t(lang, 'timeline.uploadedFile', { file: uploaded.fileName, type: word(lang, 'value', uploaded.type) })
            : t(lang, 'timeline.uploaded'),
        who: a.role ? word(lang, 'role', a.role) : '—',
        reason: refused ? (a.reason ?? '') : '',
        // The API's words for the refusal.
        reasonLang: otherThan(lang, API_LANGUAGE),
      }];
    }),
  ]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((e) => ({ ...e, when: when(lang, e.at) }));

  // A refusal of a form this page does not show (a decision the role may not take, a case since closed): shown on
  // its own, in the API's words, where the refused page opens (the form's action ends with its id).
  const shownForms = [...decisionForms, ...oyw.map((o: { form: string }) => o.form), oywOpenForm, ...effects.map((e: { form: string }) => e.form)].join('\n');
  const orphan =
    refusal && !(refusal.formId === 'upload' && upload) && !shownForms.includes(`id="${refusal.formId}-refusal"`)
      ? [
          `<section class="decision" aria-labelledby="${esc(refusal.formId)}-title">`,
          `<h2 id="${esc(refusal.formId)}-title">${esc(refusedActionTitle(lang, refusal.formId))}</h2>`,
          `<div class="refusal" id="${esc(refusal.formId)}-refusal" role="alert" tabindex="-1"><p><strong>${esc(t(lang, 'form.refused'))}</strong> ${inLanguage(refusal.message, refusal.messageLang, lang)}</p></div>`,
          '</section>',
        ].join('\n')
      : '';

  const done = String((request.query as { done?: unknown }).done ?? '');
  // Only the words of an action the console took ("Done: …"), never any label a link could name.
  const doneWhat = !refusal && /^(decision|documents|oyw|effects|open)\./.test(done) ? label(lang, done) : undefined;
  const doneLabel = doneWhat && t(lang, 'form.done', { what: doneWhat });

  return page(request, reply.code(status), 'case', {
    title: t(lang, 'case.title', { caseId }),
    caseId,
    done: doneLabel,
    summary: {
      principalApplicant: c.principalApplicant ? `${c.principalApplicant.givenNames} ${c.principalApplicant.familyName}` : '',
      stream: streamWords(lang, c.stream),
      stage: word(lang, 'stage', c.stage),
      outcome: c.outcome ? word(lang, 'outcome', c.outcome) : t(lang, 'case.open'),
      onHold: c.onHold ? t(lang, 'case.onHoldYes') : t(lang, 'case.onHoldNo'),
      nextDeadline: deadlineWords(lang, c.nextDeadline),
      visaOffice: c.visaOffice ?? '',
      gcmsNumber: c.gcmsNumber ?? t(lang, 'case.noneMasculine'),
      csq: word(lang, 'value', c.csq?.status ?? 'not-requested'),
      visa: word(lang, 'value', c.visa?.status ?? 'none') + (c.visa?.expiresOn ? ` (${t(lang, 'case.expiresOn', { date: day(lang, c.visa.expiresOn) })})` : ''),
      destination: c.destination ?? t(lang, 'case.none'),
      sponsorship: c.sponsorship ? word(lang, 'value', c.sponsorship.status) : t(lang, 'case.noneMasculine'),
      missingDocuments: (c.missingDocuments ?? []).map((d: string) => word(lang, 'value', d)).join(', '),
      documentsToDigitize: (c.documentsToDigitize ?? []).map((d: string) => word(lang, 'value', d)).join(', '),
      overdue: (c.overdue ?? []).map((o: string) => overdueWords(lang, o)).join(', '),
      travel: c.travel ? t(lang, 'case.travelLine', { date: day(lang, c.travel.arrivalDate), port: c.travel.portOfEntry, nat: c.travel.natNumber }) : '',
      arrival: c.arrival ? t(lang, 'case.arrivalLine', { date: day(lang, c.arrival.arrivedOn), port: c.arrival.portOfEntry }) : '',
    },
    members,
    timeline,
    notices:
      notices?.status === 200
        ? (notices.body as any[]).map((n) => ({
            kind: word(lang, 'notice', n.kind) + (n.natNumber ? ` (${n.natNumber}${n.amends ? `, ${t(lang, 'notices.amends', { nat: n.amends })}` : ''})` : ''),
            party: word(lang, 'party', n.party),
            language: word(lang, 'value', n.language),
            status: word(lang, 'noticeStatus', n.status),
            createdAt: when(lang, n.createdAt),
            sentAt: n.sentAt ? when(lang, n.sentAt) : t(lang, 'case.none'),
            error: n.error ?? '',
            errorLang: otherThan(lang, API_LANGUAGE),
          }))
        : undefined,
    audit:
      audit?.status === 200
        ? (audit.body as any[]).map((a) => ({
            at: when(lang, a.at),
            who: `${a.sub ?? '—'} (${a.role ? word(lang, 'role', a.role) : '—'})`,
            action: a.action,
            status: a.status,
            outcome: word(lang, 'value', a.outcome),
            reason: a.reason ?? '',
            // The route and the reason are the API's, in English.
            apiLang: otherThan(lang, API_LANGUAGE),
          }))
        : undefined,
    documents:
      documents?.status === 200
        ? docs.map((d) => ({
            href: `${href}/documents/${seg(d.documentId)}`,
            fileName: d.fileName,
            type: word(lang, 'value', d.type),
            bytes: d.bytes,
            uploadedAt: when(lang, d.uploadedAt),
            inGcms: d.inGcmsRecord ? t(lang, 'case.yes') : t(lang, 'case.no'),
          }))
        : undefined,
    showNotices: notices?.status === 200,
    showAudit: audit?.status === 200,
    showDocuments: documents?.status === 200,
    upload,
    orphanRefusal: orphan,
    decisionForms: decisionForms.join('\n'),
    hasDecisions: decisionForms.length > 0,
    // Said only when no form of this person's is on the page: an OYW application or an effect may await them.
    nothingToDecide: open && !shownForms.trim() && DECISION_NAMES.some((name) => may(DECISIONS[name].roles)),
    oyw,
    oywOpenForm,
    effects,
    showEffectIds,
  });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/* ------------------------------------------------------------------------------------------------
 * Words and pages shared by the above.
 * --------------------------------------------------------------------------------------------- */

/** A case's next deadline in words: what, about what (a MIDI follow-up's decision, an OYW application), when. */
function deadlineWords(lang: ConsoleLanguage, deadline: { kind: string; about?: string; dueAt: string } | null | undefined): string {
  if (!deadline) return t(lang, 'case.none');
  const about = deadline.about ? ` (${label(lang, `about.${deadline.about}`) ?? deadline.about})` : '';
  return `${word(lang, 'deadline', deadline.kind)}${about} – ${when(lang, deadline.dueAt)}`;
}

/** Who is late, in words: `midi-csq-decision`, and the OYW ones that carry their application's id. */
function overdueWords(lang: ConsoleLanguage, late: string): string {
  const selection = /^midi-(oyw-\d+)-decision$/.exec(late);
  if (selection) return t(lang, 'overdue.midiOyw', { oywId: selection[1] });
  const r141 = /^(oyw-\d+)-r141-decision$/.exec(late);
  if (r141) return t(lang, 'overdue.r141', { oywId: r141[1] });
  return word(lang, 'overdue', late);
}

/** An audited action (`POST /applications/:caseId/visa-decision`) in the console's words, or undefined for a read. */
function actionWords(lang: ConsoleLanguage, action: string): string | undefined {
  const m = /^POST \/applications\/:caseId\/(.+)$/.exec(action);
  if (!m) return undefined;
  const decision = DECISION_NAMES.find((n) => DECISIONS[n].path === m[1]);
  if (decision) return t(lang, `decision.${decision}` as LabelKey);
  if (m[1] === 'documents') return t(lang, 'documents.upload');
  if (m[1] === 'oyw-applications') return t(lang, 'oyw.open');
  if (m[1].startsWith('oyw-applications/')) return t(lang, 'oyw.decisionAction');
  if (m[1].startsWith('effects/')) return t(lang, 'effects.retryAction');
  return m[1];
}

/** The heading of a refused action whose form the page does not show. */
function refusedActionTitle(lang: ConsoleLanguage, formId: string): string {
  const decision = /^decision-(.+)$/.exec(formId)?.[1];
  if (decision && DECISION_NAMES.includes(decision as DecisionName)) return t(lang, `decision.${decision}` as LabelKey);
  if (formId === 'upload') return t(lang, 'documents.upload');
  if (formId === 'oyw-open') return t(lang, 'oyw.open');
  if (formId.startsWith('oyw-')) return t(lang, 'oyw.decisionAction');
  if (formId.startsWith('effect-')) return t(lang, 'effects.retryAction');
  return t(lang, 'error.title');
}

/** Which of the upload form's two fields a refusal is about, if any. */
function uploadFieldOf(refusal: Refusal): 'type' | 'file' | undefined {
  const path = pathInRefusal(refusal.message);
  if (path === 'type' || path?.startsWith('type.')) return 'type';
  if (path === 'file' || path?.startsWith('file') || refusal.status === 413 || refusal.status === 415) return 'file';
  return undefined;
}

/** A language to mark text with: only when it is not the page's (WCAG 3.1.2). */
function otherThan(pageLang: ConsoleLanguage, textLang: string | undefined): string | undefined {
  return textLang && textLang !== pageLang ? textLang : undefined;
}

function caseHref(caseId: string): string {
  return `/console/cases/${seg(caseId)}`;
}

/** A value in the page's words (`stage.closed`), or as the API wrote it when the console has no label for it. */
function word(lang: ConsoleLanguage, kind: string, value: string): string {
  return label(lang, `${kind}.${value}`) ?? value;
}

/** A stream in the page's words, as the headings have it (`RPG – pris en charge…`); short (`RPG`) in a table. */
function streamWords(lang: ConsoleLanguage, stream: string, short = false): string {
  const words = word(lang, 'value', stream);
  return short ? words.split(' – ')[0] : words;
}

/** A calendar date (`2027-03-10`) written in the page's language (`10 mars 2027`), as inside a sentence. */
export function day(lang: ConsoleLanguage, date: string | null | undefined): string {
  if (!date) return t(lang, 'case.none');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(Date.parse(`${date}T00:00:00Z`))) return date;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant as a date and time in Quebec's time zone, in the page's language. */
export function when(lang: ConsoleLanguage, iso: string | null | undefined): string {
  if (!iso) return t(lang, 'case.none');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    timeZone: 'America/Montreal',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(ms));
  return `${text} ${t(lang, 'app.quebecTime')}`;
}

/** An answer of the API that is not the page asked for, as an error page with its status and words. */
function apiErrorPage(request: FastifyRequest, reply: FastifyReply, answer: ApiAnswer) {
  const lang = languageOf(request);
  if (answer.status === 404) return notFoundPage(request, reply);
  if (answer.status === 401) return reply.redirect('/console/sign-in');
  const status = answer.status >= 400 && answer.status < 600 ? answer.status : 502;
  return page(request, reply.code(status), 'error', {
    title: t(lang, 'error.title'),
    message: refusalWords(answer, t(lang, 'error.request')),
    messageLang: otherThan(lang, refusalLang(answer)),
  });
}

function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
  const lang = languageOf(request);
  return page(request, reply.code(404), 'error', { title: t(lang, 'error.notFoundTitle'), message: t(lang, 'error.notFound') });
}
