/**
 * Issue 12, part 6: duplicates under load. Many cases at once, each moved along by staff who send the same
 * decision concurrently — twice with one Idempotency-Key, twice without, or all four together — and the
 * case opening sent twice. What a person would check afterwards: each decision applied once (the case's
 * `decisions`), each answer as the rules say (spec §3 rules 1 and 18, §4 Idempotency-Key: the stored first
 * answer, or the rule's 409 in words, or rule 18's 200 unchanged), every notice once per kind and party, and
 * the audit holding one row per request with the words the person was given.
 *
 * `RELIABILITY_CASES` sets how many cases run at once in each test (10 by default; the full run uses 50).
 */
import { randomUUID } from 'node:crypto';
import { call, startStack, tokenFor, type Answer, type Stack } from '../support/stack';
import { garOpening, psrOpening } from '../support/fixtures';
import { uploadPackage } from '../support/documents';
import type { PrApplicationBody } from '../../domain/schemas';
import { allowedArrival, flightsTo, MEDICAL_EXAM, today } from '../support/journey';
import { eventually } from '../support/wait';

const CASES = Number(process.env.RELIABILITY_CASES ?? 10);
if (!Number.isInteger(CASES) || CASES < 2) throw new Error(`RELIABILITY_CASES must be a whole number of at least 2, not ${process.env.RELIABILITY_CASES}`);

/** Long enough for the full run (50 cases × 4 sends of 5 decisions, and their effects) on the 2-core machine. */
const TEST_TIMEOUT_MS = 120_000 + CASES * 6_000;
const SETTLE_MS = 60_000 + CASES * 2_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    // Every party has an address, so that every notice is sent (and none merely kept as undeliverable).
    noticeRecipients: {
      midi: { email: 'refugies@midi.example' },
      'roc-o': { email: 'roc-o@ircc.example' },
      'office-abroad': { '*': { email: 'visas@ircc.example' } },
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

type Stream = 'PSR' | 'GAR';
type StaffRole = 'midi' | 'rocO' | 'officer' | 'sponsor';
type Staff = Record<StaffRole, string>;

/**
 * Each case has its own staff (its own token subjects): 50 cases' worth of requests from one subject would
 * meet the per-subject rate limit, which is not what this test is about. A key is its caller's own, so the
 * twin requests of a pair are always sent by the same person.
 */
function staffFor(label: string): Staff {
  return {
    midi: tokenFor('midi', `midi-${label}`),
    rocO: tokenFor('roc-o', `roc-o-${label}`),
    officer: tokenFor('migration-officer', `officer-${label}`),
    sponsor: tokenFor('sponsor', `sponsor-${label}`, 'group-montreal-1'),
  };
}

/** What a decision sent again answers once the first was taken: the rule's 409 in words, or rule 18's 200 unchanged. */
type Again = { status: 409; message: string } | 'unchanged';

interface Step {
  /** The route under /applications/:caseId/, and the decision's `name` on the case. */
  path: string;
  by: StaffRole;
  body: unknown;
  /** Present for the decisions sent as duplicates; absent for those sent once to move the case along. */
  again?: Again;
}

/** The words of workflows/rules/*, as the API gives them (a decision already taken). */
const refused = (message: string): Again => ({ status: 409, message });

/** The decisions that take a case of `stream` to arrival; a PSR's PR application names the package uploaded for it. */
function stepsOf(stream: Stream, prApplication?: PrApplicationBody): Step[] {
  const arrivalDate = allowedArrival();
  const once = (path: string, by: StaffRole, body: unknown): Step => ({ path, by, body });
  const overseas = [
    once('eligibility-decision', 'officer', { decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }),
    once('admissibility-decision', 'officer', { decision: 'admissible', medicalExamDate: MEDICAL_EXAM() }),
  ];
  const csq: Step = {
    path: 'csq-decision',
    by: 'midi',
    body: { decision: 'issued', csqNumber: 'CSQ-2026-0001' },
    again: refused('The CSQ is already issued; MIDI decides it once.'),
  };
  const toArrival: Step[] = [
    {
      path: 'visa-decision',
      by: 'officer',
      body: { decision: 'issued' },
      again: refused(
        'Overseas decisions are recorded while the file is at the office abroad (stage overseas-processing); the case is at visa-issued.',
      ),
    },
    // Rule 18: the same booking sent again is 200 with the case unchanged, and no amended NAT.
    { path: 'travel', by: 'officer', body: { arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) }, again: 'unchanged' },
    {
      path: 'arrival',
      by: 'rocO',
      body: { arrivedOn: today(), portOfEntry: 'YUL' },
      again: refused(`The arrival is already recorded (on ${today()} at YUL).`),
    },
  ];
  if (stream === 'PSR') {
    return [
      {
        path: 'sponsorship-decision',
        by: 'midi',
        body: { decision: 'approved' },
        // Rule 1: a sponsorship decision only while one is awaited.
        again: refused('No sponsorship decision is awaited: the sponsorship is already approved.'),
      },
      once('pr-application', 'sponsor', prApplication),
      csq,
      ...overseas,
      ...toArrival,
    ];
  }
  return [
    csq,
    { path: 'destination', by: 'midi', body: { city: 'Sherbrooke' }, again: refused('The destination is already assigned (Sherbrooke).') },
    ...overseas,
    ...toArrival,
  ];
}

/** Every notice each stream's case sends on the way to arrival, once per kind and party (spec §3). */
const EXPECTED_NOTICES: Record<Stream, string[]> = {
  PSR: ['file-transfer/office-abroad', 'csq-request/midi', 'pre-nat/sponsor', 'nat/midi', 'nat/sponsor'],
  GAR: ['csq-request/midi', 'destination-request/midi', 'nat/midi', 'post-arrival-services-request/midi'],
};

/** How the same decision is sent at once: `key` twins carry one Idempotency-Key, `bare` ones none. */
type Mode = 'key' | 'bare';
const SENDS: Record<string, Mode[]> = {
  'same key twice': ['key', 'key'],
  'no key twice': ['bare', 'bare'],
  'same key twice and no key twice': ['key', 'key', 'bare', 'bare'],
};

interface Sent {
  mode: Mode;
  answer: Answer;
}

interface DrivenCase {
  caseId: string;
  stream: Stream;
  staff: Staff;
  steps: Step[];
  /** The answers to each duplicated decision, by path. */
  sent: Map<string, Sent[]>;
}

/** Says which case and decision an assertion was about when it fails among many running at once. */
async function about<T>(what: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    (err as Error).message = `${what}: ${(err as Error).message}`;
    throw err;
  }
}

const ok = (what: string, answer: Answer, status = 200): Answer => {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
};

async function openCase(stream: Stream, staff: Staff): Promise<string> {
  const opened = await call(stack.app, 'POST', '/applications', {
    token: stream === 'PSR' ? staff.midi : staff.rocO,
    body: stream === 'PSR' ? psrOpening() : garOpening(),
  });
  return ok(`open ${stream}`, opened, 201).body.caseId;
}

const decisionsNamed = (answer: Answer, path: string) =>
  (answer.body.decisions as Array<{ name: string }>).filter((d) => d.name === path).length;

/**
 * The answers to one decision sent several times at once, judged as the rules say: the key's twins identical
 * (the stored first answer); the decision applied by exactly one request; every other answer the rule's 409 in
 * its words, or for a booking sent again (rule 18) 200 with the case as the booking left it.
 */
function judge(c: DrivenCase, step: Step, sent: Sent[]): void {
  const again = step.again!;
  for (const { answer } of sent) expect([200, 409]).toContain(answer.status);
  const keyed = sent.filter((s) => s.mode === 'key').map((s) => s.answer);
  const bare = sent.filter((s) => s.mode === 'bare').map((s) => s.answer);
  // Same status and same body: the first answer, stored, or the same Update's result.
  if (keyed.length === 2) expect(keyed[1]).toEqual(keyed[0]);

  if (again === 'unchanged') {
    // Rule 18: every one is 200, and every answer shows the one booking with the first NAT number.
    for (const { answer } of sent) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ stage: 'travel-booked', travel: { natNumber: `NAT-${answer.body.gcmsNumber}-1` } });
      expect(decisionsNamed(answer, step.path)).toBe(1);
    }
    return;
  }
  // Applied by one request: the key's twins count as one request.
  const applied = (keyed[0]?.status === 200 ? 1 : 0) + bare.filter((a) => a.status === 200).length;
  expect(applied).toBe(1);
  for (const { answer } of sent) {
    if (answer.status === 409) expect(answer.body).toEqual({ error: 'conflict', message: again.message });
    else expect(decisionsNamed(answer, step.path)).toBe(1);
  }
  // The mode's own expectation, exactly.
  if (bare.length === 0) expect(keyed.map((a) => a.status)).toEqual([200, 200]);
  if (keyed.length === 0) expect(bare.map((a) => a.status).sort()).toEqual([200, 409]);
}

/** Opens a case and moves it to arrival, sending each duplicated decision as `modes` says, all at once. */
async function drive(label: string, index: number, stream: Stream, modes: Mode[]): Promise<DrivenCase> {
  const staff = staffFor(`${label}-${index}`);
  const caseId = await openCase(stream, staff);
  // The sponsor uploads the four documents of rule 3 first: a package that names them is filed at once (spec §6).
  const prApplication = stream === 'PSR' ? await uploadPackage(stack.app, caseId, staff.sponsor) : undefined;
  const c: DrivenCase = { caseId, stream, staff, steps: stepsOf(stream, prApplication), sent: new Map() };
  for (const step of c.steps) {
    const url = `/applications/${caseId}/${step.path}`;
    const send = (key?: string) =>
      call(stack.app, 'POST', url, { token: staff[step.by], body: step.body, ...(key && { headers: { 'idempotency-key': key } }) });
    if (!step.again) {
      ok(`${caseId} ${step.path}`, await send());
      continue;
    }
    const key = `dup-${randomUUID()}`;
    const answers = await Promise.all(modes.map((mode) => send(mode === 'key' ? key : undefined)));
    const sent = modes.map((mode, i) => ({ mode, answer: answers[i] }));
    c.sent.set(step.path, sent);
    await about(`${stream} case ${caseId}, ${step.path} sent as [${modes}] → ${answers.map((a) => a.status)}`, () => judge(c, step, sent));
  }
  return c;
}

interface Notice {
  kind: string;
  party: string;
  status: string;
  natNumber?: string;
  amends?: string;
}

interface AuditRow {
  action: string;
  status: number;
  outcome: string;
  reason: string | null;
}

/** After the effects settled: the case's decisions, notices and audit, as ROC-O reads them. */
async function settled(c: DrivenCase) {
  const read = () => call(stack.app, 'GET', `/applications/${c.caseId}`, { token: c.staff.rocO });
  const view = (
    await eventually(
      read,
      (r) => r.status === 200 && r.body.stage === 'arrived' && (r.body.effects as Array<{ status: string }>).every((e) => e.status === 'done'),
      SETTLE_MS,
    )
  ).body;
  const notices = ok('notices', await call(stack.app, 'GET', `/applications/${c.caseId}/notices`, { token: c.staff.rocO })).body as Notice[];
  const audit = ok('audit', await call(stack.app, 'GET', `/applications/${c.caseId}/audit`, { token: c.staff.rocO })).body as AuditRow[];
  return { view, notices, audit };
}

/** Checks one case once its effects have run: each decision once, each notice once, one audit row per request. */
async function checkCase(c: DrivenCase) {
  const { view, notices, audit } = await settled(c);
  await about(`${c.stream} case ${c.caseId}`, () => {
    expect((view.decisions as Array<{ name: string }>).map((d) => d.name)).toEqual(c.steps.map((s) => s.path));
    expect(notices.map((n) => `${n.kind}/${n.party}`).sort()).toEqual([...EXPECTED_NOTICES[c.stream]].sort());
    for (const n of notices) expect(n.status).toBe('sent');
    for (const nat of notices.filter((n) => n.kind === 'nat')) {
      expect(nat.natNumber).toBe(`NAT-${view.gcmsNumber}-1`);
      expect(nat.amends).toBeUndefined();
    }
    // Every request is an attempt on the case (spec §2): one row each, its status and the words it was given.
    for (const step of c.steps.filter((s) => s.again)) {
      const rows = audit.filter((r) => r.action === `POST /applications/:caseId/${step.path}`);
      const sent = c.sent.get(step.path)!;
      expect(rows.map((r) => r.status).sort()).toEqual(sent.map((s) => s.answer.status).sort());
      for (const r of rows) {
        if (r.status === 200) expect(r).toMatchObject({ outcome: 'accepted', reason: null });
        else expect(r).toMatchObject({ outcome: 'refused', reason: (step.again as { message: string }).message });
      }
    }
  });
  return { view, notices };
}

/** Drives CASES cases at once (half PSR, half GAR) with each duplicated decision sent as `modes`, checks, and prints. */
async function runAtLoad(label: string, modes: Mode[]) {
  const started = Date.now();
  const streams: Stream[] = Array.from({ length: CASES }, (_, i) => (i % 2 === 0 ? 'PSR' : 'GAR'));
  const run = `${label.replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}`;
  const cases = await Promise.all(streams.map((stream, i) => drive(run, i, stream, modes)));
  const checked = await Promise.all(cases.map(checkCase));

  // Across all cases: decisions applied, notices by kind and party, answers by status.
  const duplicated = cases.flatMap((c) => c.steps.filter((s) => s.again).map((s) => s.path));
  const applied = cases.reduce(
    (n, c, i) => n + (checked[i].view.decisions as Array<{ name: string }>).filter((d) => c.sent.has(d.name)).length,
    0,
  );
  const count = (items: string[]) => items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const expectedNotices = count(cases.flatMap((c) => EXPECTED_NOTICES[c.stream]));
  const actualNotices = count(checked.flatMap((k) => k.notices.map((n) => `${n.kind}/${n.party}`)));
  const answers = count(cases.flatMap((c) => [...c.sent.values()].flat().map((s) => String(s.answer.status))));
  const sentCount = [...answers.values()].reduce((a, b) => a + b, 0);
  // Which request applied each refusable decision: the key's twins, or a request without a key.
  const winners = count(
    cases.flatMap((c) =>
      c.steps
        .filter((s) => s.again && s.again !== 'unchanged')
        .map((s) => (c.sent.get(s.path)!.some((x) => x.mode === 'key' && x.answer.status === 200) ? 'by the key' : 'without a key')),
    ),
  );

  expect(applied).toBe(duplicated.length);
  expect(Object.fromEntries(actualNotices)).toEqual(Object.fromEntries(expectedNotices));
  expect(sentCount).toBe(duplicated.length * modes.length);
  expect([...answers.keys()].filter((s) => s !== '200' && s !== '409')).toEqual([]);

  const psr = streams.filter((s) => s === 'PSR').length;
  const noticeFigures = [...expectedNotices.keys()]
    .sort()
    .map((k) => `${k} ${actualNotices.get(k) ?? 0}/${expectedNotices.get(k)}`)
    .join(', ');
  const answerFigures = [...answers.entries()]
    .sort()
    .map(([status, n]) => `${status}×${n}`)
    .join(', ');
  console.log(
    `duplicates (${label}): ${CASES} cases (${psr} PSR, ${CASES - psr} GAR) × 5 decisions sent ${modes.length} times each at once: ` +
      `applied once each (${applied}/${duplicated.length}; ${[...winners.entries()].sort().map(([w, n]) => `${w} ${n}`).join(', ')}` +
      `${modes.includes('bare') ? `; ${cases.length} bookings sent again without a key: 200 unchanged` : ''}), notices exact (${noticeFigures}), answers ${answerFigures}; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return answers;
}

test(
  'the same decision sent twice at once with one Idempotency-Key: both answers identical, applied once, notices once',
  async () => {
    const answers = await runAtLoad('same key twice', SENDS['same key twice']);
    expect(Object.fromEntries(answers)).toEqual({ '200': CASES * 5 * 2 });
  },
  TEST_TIMEOUT_MS,
);

test(
  'the same decision sent twice at once without a key: one 200 and one 409 in the rule\'s words; a booking sent again 200 unchanged (rule 18)',
  async () => {
    const answers = await runAtLoad('no key twice', SENDS['no key twice']);
    // Per case: four decisions answer 200 + 409, the booking 200 + 200.
    expect(Object.fromEntries(answers)).toEqual({ '200': CASES * (4 + 2), '409': CASES * 4 });
  },
  TEST_TIMEOUT_MS,
);

test(
  'the same decision sent four times at once, twice with one key and twice without: applied once, every other answer as the rules say',
  async () => {
    const answers = await runAtLoad('same key twice and no key twice', SENDS['same key twice and no key twice']);
    // Per case: the booking 4 × 200; each other decision one application (the key's twins or one bare request).
    const ok200 = answers.get('200') ?? 0;
    expect(ok200 + (answers.get('409') ?? 0)).toBe(CASES * 5 * 4);
    expect(ok200).toBeGreaterThanOrEqual(CASES * (4 + 4 * 1));
    expect(ok200).toBeLessThanOrEqual(CASES * (4 + 4 * 2));
  },
  TEST_TIMEOUT_MS,
);

test(
  'a case opened twice at once with one Idempotency-Key is one case; without a key, two',
  async () => {
    const started = Date.now();
    const open = (staff: Staff, key?: string) =>
      call(stack.app, 'POST', '/applications', {
        token: staff.midi,
        body: psrOpening(),
        ...(key && { headers: { 'idempotency-key': key } }),
      });
    const run = randomUUID().slice(0, 8);
    const pairs = await Promise.all(
      Array.from({ length: CASES }, async (_, i) => {
        const staff = staffFor(`open-${run}-${i}`);
        const key = `open-${randomUUID()}`;
        const [keyed, bare] = await Promise.all([
          Promise.all([open(staff, key), open(staff, key)]),
          Promise.all([open(staff), open(staff)]),
        ]);
        return { staff, keyed, bare };
      }),
    );
    const statuses = new Map<number, number>();
    for (const { staff, keyed, bare } of pairs) {
      for (const a of [...keyed, ...bare]) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      await about(`openings ${keyed[0].body?.caseId ?? '?'} / ${bare.map((a) => a.body?.caseId).join(', ')}`, async () => {
        expect([...keyed, ...bare].map((a) => a.status)).toEqual([201, 201, 201, 201]);
        // One key, one case: the same caseId, the same answer.
        expect(keyed[1]).toEqual(keyed[0]);
        expect(keyed[0].body).toMatchObject({ stream: 'PSR', stage: 'sponsorship-review', decisions: [] });
        // No key: two openings, two cases.
        expect(bare[0].body.caseId).not.toBe(bare[1].body.caseId);
        const ids = [keyed[0].body.caseId, ...bare.map((a) => a.body.caseId)];
        expect(new Set(ids).size).toBe(3);
        for (const caseId of ids) {
          const read = await call(stack.app, 'GET', `/applications/${caseId}`, { token: staff.midi });
          expect(read.status).toBe(200);
          expect(read.body).toMatchObject({ caseId, stage: 'sponsorship-review' });
        }
        // The keyed case: two attempts audited on it, both answered 201; each bare case one.
        const openings = async (caseId: string) =>
          (ok('audit', await call(stack.app, 'GET', `/applications/${caseId}/audit`, { token: staff.rocO })).body as AuditRow[])
            .filter((r) => r.action === 'POST /applications')
            .map((r) => `${r.status} ${r.outcome}`);
        expect(await openings(ids[0])).toEqual(['201 accepted', '201 accepted']);
        for (const caseId of ids.slice(1)) expect(await openings(caseId)).toEqual(['201 accepted']);
      });
    }
    const allIds = new Set(pairs.flatMap((p) => [p.keyed[0].body.caseId, ...p.bare.map((a) => a.body.caseId)]));
    expect(allIds.size).toBe(CASES * 3);
    console.log(
      `duplicates (opening): ${CASES} openings sent twice at once with one key and ${CASES} twice without: ` +
        `${CASES} keyed cases (one each), ${CASES * 2} unkeyed cases (two each), ${allIds.size} cases in all; ` +
        `answers ${[...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  },
  TEST_TIMEOUT_MS,
);
