/**
 * Issue 9 item 10: malformed and hostile requests on every route of the API (fast-check).
 *
 * The routes are read from the running app (Fastify's route tree, the OpenAPI document for their body schemas,
 * the decisions table for their roles). Each request mixes: a route, its case id (real, or odd: `%00`, `..`,
 * unicode, 300 characters), a token (good, for a role the route allows or not, or odd: `bearer`, junk, `alg: none`,
 * expired, wrong roles), a body (a good one with mutations the spec requires be refused, or not JSON at all),
 * content types, Idempotency-Keys and a few other headers.
 *
 * Pass: never a 5xx; every answer >= 400 in the error shape `{error, message}`; no answer 2xx to a body that must
 * be refused on a route that opens or changes cases; and the real cases opened first are unchanged at the end
 * (their read model `revision, view`, their notices, the workflow's answer), and no case was opened.
 *
 * FUZZ_RUNS (default 300; `npm run test:fuzz`: 5,000) requests. The seed is printed; FUZZ_SEED=<seed> runs the same
 * requests again, and FUZZ_SEED=<seed> FUZZ_PATH=<n> replays the n-th alone, failing on it so that fast-check
 * shrinks it and prints the smallest request that still fails.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../api/app';
import { DECISIONS, DECISION_NAMES } from '../../domain/decisions';
import type { Role } from '../../domain/case-types';
import { addDays } from '../../domain/calendar';
import { startStack, tokenFor, type Stack } from '../support/stack';
import { appBeside, closeApps } from '../support/apps';
import { COMPLETE_PACKAGE, garOpening, psrOpening } from '../support/fixtures';
import { allowedArrival, expectOk, flightsTo, MEDICAL_EXAM, openGar, openPsr, psrAtOverseasProcessing, today, type Journey } from '../support/journey';
import { memoryLog } from '../support/memory-log';
import { eventually } from '../support/wait';
import {
  paramsOf,
  requestArbitrary,
  resolve,
  routesFromTree,
  type FuzzRequest,
  type FuzzRoute,
  type JsonSchema,
  type ResolvedRequest,
} from '../support/fuzz-input';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const REPLAY_PATH = process.env.FUZZ_PATH;

jest.setTimeout(120_000 + RUNS * 1_000);

/** Roles of the routes the decisions table does not describe (spec §2 and §4). */
const ROUTE_ROLES: Record<string, readonly Role[]> = {
  'POST /applications': ['midi', 'roc-o'],
  'GET /applications': ['midi', 'roc-o', 'ops'],
  'GET /applications/:caseId': ['midi', 'roc-o', 'migration-officer', 'sponsor', 'ops'],
  'GET /applications/:caseId/notices': ['midi', 'roc-o', 'ops', 'sponsor'],
  'GET /applications/:caseId/audit': ['roc-o', 'ops'],
  'POST /applications/:caseId/oyw-applications': ['roc-o'],
  'POST /applications/:caseId/oyw-applications/:oywId/decision': ['midi', 'roc-o'],
  'POST /applications/:caseId/effects/:effectId/retry': ['ops', 'roc-o'],
  'POST /applications/:caseId/documents': ['sponsor', 'roc-o'],
  'GET /applications/:caseId/documents': ['sponsor', 'roc-o', 'migration-officer'],
  'GET /applications/:caseId/documents/:documentId': ['sponsor', 'roc-o', 'migration-officer'],
  'POST /codec/encode': ['roc-o', 'ops'],
  'POST /codec/decode': ['roc-o', 'ops'],
  'GET /metrics': ['ops'],
  'GET /reports/attention': ['roc-o', 'midi', 'ops'],
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * The real cases (see beforeAll): 0 a PSR awaiting MIDI's sponsorship decision, 1 a PSR approved and awaiting its
 * PR application, 2 a PSR at the office abroad (CSQ requested), 3 a GAR with its CSQ issued, 4 a closed PSR.
 * For a good body with unusual text: the cases on which the route's first good body is refused by a rule of spec
 * §3, so that it reaches the workflow and still changes nothing. A closed case refuses everything (rule 14).
 */
const REFUSING_CASES: Record<string, number[]> = {
  'sponsorship-decision': [1, 2, 3, 4], // rule 1: no decision awaited (a GAR has no sponsorship)
  'pr-application': [0, 2, 3, 4], // rule 3: not awaited, or a GAR
  'csq-decision': [0, 1, 3, 4], // rule 4: not requested yet, or decided already
  destination: [0, 1, 2, 4], // PSR cases get no destination
  'visa-decision': [0, 1, 2, 3, 4], // rule 6: nobody eligible and admissible yet (the first body issues the visa)
  travel: [0, 1, 2, 3, 4], // rule 8: no visa
  arrival: [0, 1, 2, 3, 4], // rule 10: no travel booked
  dependants: [3, 4], // rule 11: PSR only
  withdrawal: [3, 4], // rule 12: PSR only
  'oyw-applications': [0, 1, 2, 3, 4], // rule 13: no arrival
  decision: [0, 1, 2, 3, 4], // no OYW application exists
  retry: [0, 1, 2, 3, 4], // rule 19: no effect failed
};
const refusingCases = (route: FuzzRoute) => REFUSING_CASES[route.pattern.split('/').pop()!] ?? [4];

/** Good bodies, by route: the mutations start from these. */
function basesFor(method: string, pattern: string): unknown[] {
  const arrival = allowedArrival();
  const byPath: Record<string, unknown[]> = {
    'POST /applications': [psrOpening(), garOpening()],
    'sponsorship-decision': [{ decision: 'approved' }, { decision: 'refused', reason: 'Le groupe ne remplit pas les conditions.' }],
    'pr-application': [COMPLETE_PACKAGE],
    'csq-decision': [
      { decision: 'issued', csqNumber: 'CSQ-2026-0001', validUntil: addDays(today(), 400) },
      { decision: 'refused', reason: 'Critères de sélection non remplis.' },
    ],
    destination: [{ city: 'Sherbrooke' }],
    'eligibility-decision': [{ decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }, { decision: 'ineligible', reason: 'Not a refugee.' }],
    'admissibility-decision': [{ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() }],
    'visa-decision': [{ decision: 'issued' }, { decision: 'refused', reason: 'Refused.' }],
    travel: [{ arrivalDate: arrival, portOfEntry: 'YUL', flights: flightsTo(arrival), urgent: false }],
    arrival: [{ arrivedOn: today(), portOfEntry: 'YUL' }],
    dependants: [{ dependant: { familyName: 'Abdelrahman', givenNames: 'Lina', dateOfBirth: '2024-02-01', relationship: 'child', accompanying: true } }],
    withdrawal: [{ reason: 'Le groupe retire son engagement.' }],
    'oyw-applications': [{ memberId: 'm2' }],
    decision: [{ decision: 'approved' }, { decision: 'refused', reason: 'Refused.' }],
    '/codec/encode': [{ payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] }],
    '/codec/decode': [{ payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] }],
    '/codec/login': [{ token: tokenFor('ops', 'fuzz-ops') }],
  };
  if (method !== 'POST') return [];
  return byPath[`${method} ${pattern}`] ?? byPath[pattern] ?? byPath[pattern.split('/').pop()!] ?? [];
}

/** Every GET and POST route of the app, with its body schema (OpenAPI document) and roles. */
async function discoverRoutes(app: FastifyInstance): Promise<FuzzRoute[]> {
  const docs = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  };
  const decisionRoles = new Map<string, readonly Role[]>(
    DECISION_NAMES.map((name) => [`POST /applications/:caseId/${DECISIONS[name].path}`, DECISIONS[name].roles]),
  );
  const seen = new Set<string>();
  const routes: FuzzRoute[] = [];
  for (const { method, pattern } of routesFromTree(app.printRoutes({ commonPrefix: false }))) {
    if (method !== 'GET' && method !== 'POST') continue;
    // The staff console answers pages, not the API's JSON; its own tests attack it (test/console*.test.ts).
    if (pattern.startsWith('/console')) continue;
    const key = `${method} ${pattern}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const openapiPath = pattern.replace(/:(\w+)/g, '{$1}');
    const body = docs.paths[openapiPath]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
    routes.push({
      method,
      pattern,
      params: paramsOf(pattern),
      body,
      roles: decisionRoles.get(key) ?? ROUTE_ROLES[key],
      changesCases: method === 'POST' && pattern.startsWith('/applications'),
      bases: basesFor(method, pattern),
    });
  }
  return routes;
}

interface Failure {
  path: number;
  route: string;
  request: ResolvedRequest;
  status: number | 'threw';
  answer: string;
  why: string;
  logged: string[];
}

let stack: Stack;
let app: FastifyInstance;
const appLog = memoryLog();
let real: Journey[] = [];

beforeAll(async () => {
  stack = await startStack();
  // Its own app, so that the rate limit never answers for the fuzzer (the option names are another developer's
  // work in progress: whichever exist are used).
  const limits = { rateLimitPerSecond: 1_000_000, rateLimitPerAddressPerSecond: 1_000_000 } as Partial<AppDeps>;
  app = await appBeside(stack, { ...limits, logger: { level: 'warn', stream: appLog.stream } });
  await app.ready();

  // A handful of real cases at different stages, one of them closed.
  const fresh = await openPsr(stack);
  const approved = await openPsr(stack);
  expectOk('sponsorship', await approved.sponsorship({ decision: 'approved' }));
  const overseas = await psrAtOverseasProcessing(stack);
  const gar = await openGar(stack);
  expectOk('csq', await gar.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0042', validUntil: addDays(today(), 400) }));
  const closed = await openPsr(stack);
  expectOk('refusal', await closed.sponsorship({ decision: 'refused', reason: 'Conditions non remplies.' }));
  real = [fresh, approved, overseas, gar, closed];
  // What follows the decisions (GCMS, notices, the read model) has run before the first snapshot.
  await settled();
});

afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

/**
 * The cases started on this stack's task queue (Temporal's visibility): the fuzzer's app is the only one that
 * starts cases there, whatever other test files do in the same database at the same time.
 */
async function casesStarted(): Promise<number> {
  const { count } = await stack.client.workflow.count(`WorkflowType = 'caseWorkflow' AND TaskQueue = '${stack.taskQueue}'`);
  return count;
}

/** What must not change: the read model, the notices, the workflow's answer. */
async function snapshot() {
  const ids = real.map((j) => j.caseId);
  const rows = await stack.pool.query('SELECT case_id, revision, view FROM cases WHERE case_id = ANY($1) ORDER BY case_id', [ids]);
  const notices = await stack.pool.query('SELECT case_id, count(*)::int AS n FROM notices WHERE case_id = ANY($1) GROUP BY case_id ORDER BY case_id', [ids]);
  const views = [];
  for (const j of real) {
    const read = await j.read();
    const v = read.body ?? {};
    views.push({
      caseId: j.caseId,
      status: read.status,
      stage: v.stage,
      outcome: v.outcome,
      decisions: v.decisions?.length,
      dependants: v.dependants?.length,
      oyw: v.oyw?.length,
      effects: (v.effects ?? []).map((e: { effectId: string; status: string }) => `${e.effectId}:${e.status}`),
    });
  }
  return { rows: rows.rows, notices: notices.rows, views };
}

async function settled() {
  let last = JSON.stringify(await snapshot());
  await eventually(
    async () => {
      const snap = await snapshot();
      const now = JSON.stringify(snap);
      // The read model is written by the case's own last effect, so it shows that one pending; the workflow does not.
      const same = now === last && !JSON.stringify(snap.views).includes(':pending');
      last = now;
      return same;
    },
    (same) => same,
    30_000,
  );
}

function checkAnswer(request: ResolvedRequest, route: FuzzRoute, status: number, headers: Record<string, unknown>, body: string): string | null {
  if (status >= 500) return `${status}: a server error`;
  if (status >= 300 && status < 400 && !request.url.startsWith('/docs')) return `${status}: a redirect`;
  if (/root:x:0:0|"name":\s*"resettlement"/.test(body)) return 'a file outside the docs was served';
  if (status >= 400 && request.method !== 'HEAD') {
    if (!String(headers['content-type'] ?? '').includes('application/json')) return `${status} not answered as JSON (${headers['content-type']})`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${status} with a body that is not JSON`;
    }
    const p = parsed as Record<string, unknown>;
    const keys = p && typeof p === 'object' ? Object.keys(p).sort().join(',') : typeof p;
    if (keys !== 'error,message' || typeof p.error !== 'string' || typeof p.message !== 'string' || !p.message) {
      return `${status} not in the error shape {error, message} (keys: ${keys})`;
    }
  }
  if (status < 300 && request.mustRefuse && route.changesCases && request.method === 'POST') return `${status}: bad input accepted`;
  return null;
}

test(`${REPLAY_PATH ? `replay of request ${REPLAY_PATH}` : `${RUNS} malformed and hostile requests`} on every route: no 5xx, errors in shape, no case changed`, async () => {
  const routes = await discoverRoutes(app);
  // Every decision of the table has its route, and every route we know a good body for has one.
  for (const name of DECISION_NAMES) {
    expect(routes.map((r) => `${r.method} ${r.pattern}`)).toContain(`POST /applications/:caseId/${DECISIONS[name].path}`);
  }
  const withoutBase = routes.filter((r) => r.method === 'POST' && r.body && !r.bases.length).map((r) => r.pattern);
  if (withoutBase.length) console.warn(`fuzz: no good body known for ${withoutBase.join(', ')}; they get generic ones`);

  const before = await snapshot();
  const casesBefore = await casesStarted();
  const realIds = real.map((j) => ({ caseId: j.caseId }));
  /** Cases opened by a legal opening (201): the only cases the fuzzer may add. */
  const opened = new Set<string>();
  const byStatus = new Map<string, number>();
  const byRoute = new Map<string, Map<string, number>>();
  const failures: Failure[] = [];
  /** What good bodies with unusual text were answered, with a token the route allows: a view of how they fare. */
  const legalAnswers = new Map<string, number>();
  let index = REPLAY_PATH ? Number(REPLAY_PATH.split(':')[0]) : 0;

  async function send(generated: FuzzRequest): Promise<Failure | null> {
    const path = index++;
    const route = routes[generated.route];
    const request = resolve(routes, generated, realIds, refusingCases);
    const logFrom = appLog.lines.length;
    let status: number | 'threw';
    let answer = '';
    let why: string | null;
    try {
      const res = await app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.payload !== undefined && { payload: request.payload }),
      });
      status = res.statusCode;
      answer = res.body;
      why = checkAnswer(request, route, res.statusCode, res.headers, res.body);
      if (res.statusCode === 201 && route.pattern === '/applications' && request.method === 'POST') {
        const caseId = (JSON.parse(res.body) as { caseId?: string }).caseId;
        if (caseId) opened.add(caseId);
      }
      if (res.statusCode === 503) {
        // Allowed only while a dependency is really down: readiness says which.
        const ready = await stack.app.inject({ method: 'GET', url: '/readyz' });
        if (ready.statusCode === 503) why = null;
        else why = `503 while Temporal, the database and the worker are all ready (${ready.body})`;
      }
    } catch (err) {
      // The request could not even be built (light-my-request refuses it as Node's HTTP client would).
      status = 'threw';
      answer = (err as Error).message;
      why = null;
    }
    if (generated.body.kind === 'legal' && generated.auth.kind === 'allowed' && !generated.method && !generated.oddPath) {
      const what = `${routeKey(route)} → ${status} ${typeof status === 'number' && status >= 400 ? firstLine(answer) : ''}`;
      legalAnswers.set(what, (legalAnswers.get(what) ?? 0) + 1);
    }
    const label = String(status);
    byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
    const perRoute = byRoute.get(routeKey(route)) ?? new Map<string, number>();
    perRoute.set(label, (perRoute.get(label) ?? 0) + 1);
    byRoute.set(routeKey(route), perRoute);
    if (!why) return null;
    const failure = { path, route: routeKey(route), request, status, answer: answer.slice(0, 400), why, logged: appLog.lines.slice(logFrom).map((l) => l.slice(0, 400)) };
    failures.push(failure);
    return failure;
  }

  console.log(
    `fuzz: ${REPLAY_PATH ? `replaying request ${REPLAY_PATH}` : `${RUNS} requests`} on ${routes.length} routes, seed ${SEED}` +
      ` (again: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}; one request: FUZZ_SEED=${SEED} FUZZ_PATH=<n>)`,
  );
  const arbitrary = requestArbitrary(routes);
  if (REPLAY_PATH) {
    // One request, failing on a finding: fast-check shrinks it and prints the smallest that still fails.
    await fc.assert(
      fc.asyncProperty(arbitrary, async (generated) => {
        index = Number(REPLAY_PATH.split(':')[0]);
        const failure = await send(generated);
        if (failure) throw new Error(`${failure.why}: ${failure.request.method} ${failure.request.url} → ${failure.answer}`);
      }),
      { seed: SEED, path: REPLAY_PATH, numRuns: 1, verbose: true },
    );
  } else {
    // Every request is sent and judged; all findings are reported at the end, each with its replay path.
    await fc.assert(
      fc.asyncProperty(arbitrary, async (generated) => {
        await send(generated);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }

  // The real cases: nothing changed (what an accepted request would have queued has had time to run).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await snapshot();
  // Cases opened by legal openings (201) are the only new ones (visibility lags a little behind).
  const casesAfter = await eventually(casesStarted, (n) => n - casesBefore === opened.size, 10_000).catch(() => casesStarted());
  const unexpectedCases = casesAfter - casesBefore - opened.size;

  const sent = [...byStatus.values()].reduce((a, b) => a + b, 0);
  const statuses = [...byStatus.keys()].sort();
  const rows = [...byRoute.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, counts]) => [route, ...statuses.map((s) => String(counts.get(s) ?? 0))]);
  rows.push([`all (${sent})`, ...statuses.map((s) => String(byStatus.get(s) ?? 0))]);
  console.log(`fuzz: ${sent} requests by status (seed ${SEED})\n${formatTable(['route', ...statuses], rows)}`);

  if (process.env.FUZZ_VERBOSE) {
    const legal = [...legalAnswers.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${String(n).padStart(5)}  ${what}`);
    console.log(`fuzz: good bodies with unusual text (allowed token), by answer\n${legal.join('\n')}`);
  }
  const report: string[] = [];
  if (failures.length) {
    const groups = new Map<string, Failure[]>();
    for (const f of failures) {
      const key = `${f.why} | ${firstLine(f.answer)}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [key, group] of groups) {
      const f = group[0];
      const routesHit = [...new Set(group.map((g) => g.route))];
      report.push(
        `${group.length} × ${key}\n` +
          `   routes: ${routesHit.slice(0, 8).join(', ')}${routesHit.length > 8 ? ` and ${routesHit.length - 8} more` : ''}\n` +
          `   e.g. FUZZ_SEED=${SEED} FUZZ_PATH=${f.path}: ${f.request.method} ${f.request.url.slice(0, 120)}\n` +
          `   ${f.request.notes.join('; ').slice(0, 600)}\n` +
          `   answer: ${f.answer.slice(0, 300)}` +
          (f.logged.length ? `\n   logged: ${f.logged.join('\n           ').slice(0, 800)}` : ''),
      );
    }
    console.log(`fuzz: ${failures.length} findings in ${groups.size} kinds\n\n${report.join('\n\n')}`);
  }
  expect(sent).toBe(REPLAY_PATH ? 1 : RUNS);
  expect({ findings: report, realCasesUnchanged: after, casesOpenedWithout201: unexpectedCases }).toEqual({
    findings: [],
    realCasesUnchanged: before,
    casesOpenedWithout201: 0,
  });
});

const routeKey = (route: FuzzRoute) => `${route.method} ${route.pattern}`;

const firstLine = (text: string) => {
  try {
    const parsed = JSON.parse(text);
    return `${parsed.error ?? ''}: ${String(parsed.message ?? '').slice(0, 120)}`;
  } catch {
    return text.split('\n')[0].slice(0, 120);
  }
};

function formatTable(columns: string[], rows: string[][]): string {
  const width = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(columns), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
