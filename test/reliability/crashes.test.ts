/**
 * Issue 12: what Temporal promises (workflow code effectively once, activities at least once) as figures a ministry
 * can rely on. The product runs as `npm start` runs it — separate processes under its process manager — and each
 * test drives a batch of PSR cases from opening to arrival (and, on a short policy, to `settled`) while something
 * fails for real: the worker killed with SIGKILL, a second worker killed, the Temporal server killed and restarted,
 * the database cut off behind a proxy. Then every case is counted: its outcome, its decisions (each once), its
 * notices (each once, `sent`) and their copies in the inbox (a second copy only with the same Message-ID).
 *
 * Short form in `npm test`; `npm run test:reliability` runs the full one (RELIABILITY_CASES=50, 5 kills, 30 s outage).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startProduct, type Product } from './support/product';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { psrOpening } from '../support/fixtures';
import { countCase, inboxMail, persist, PSR_NOTICES, PSR_PATH, psrToArrival, resent, type CaseCount } from './support/drive';

const CASES = Number(process.env.RELIABILITY_CASES ?? 5);
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 2);
const OUTAGE_S = Number(process.env.RELIABILITY_OUTAGE_S ?? 8);
/** Settled this long after arrival (10 s): the cases reach their outcome within the test. */
const POLICY = { oywWindow: '10s', sponsorshipPeriod: '10s' };

jest.setTimeout(900_000);

let product: Product;
let proxy: TcpProxy;
beforeAll(async () => {
  const db = new URL(process.env.TEST_DATABASE_URL!);
  proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 5432) });
  product = await startProduct({ policy: POLICY, databaseHostPort: proxy.hostPort });
  // Under `npm run test:production-shape`, npm start runs Temporal's own server on PostgreSQL, not the dev server.
  const shape = process.env.TEMPORAL_PERSISTENCE === 'postgres' ? "starting Temporal's own server" : 'starting the Temporal dev server';
  expect(product.log()).toContain(shape);
});
afterAll(async () => {
  const code = await product?.stop();
  await proxy?.close();
  // Ctrl-C's path: everything stopped, start.ts exits 0.
  expect(code).toBe(0);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every case has its outcome, then counts them all. */
async function settleAndCount(caseIds: string[]): Promise<CaseCount[]> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const mail = await inboxMail(product);
    const counts = await Promise.all(caseIds.map((id) => countCase(product, id, mail)));
    // The inbox is read before the notices: a notice sent in between is in the next reading, not missing.
    const done = counts.every(
      (c) =>
        c.outcome === 'settled' &&
        c.notices.every((n) => n.endsWith(':sent')) &&
        c.notices.length === PSR_NOTICES.length &&
        c.copies.length === PSR_NOTICES.length,
    );
    if (done || Date.now() > deadline) return counts;
    await sleep(1000);
  }
}

/** The figure of a run, and what must hold of it: every case settled, each decision once, each notice once. */
function judge(what: string, started: number, counts: CaseCount[], extra = ''): void {
  const settled = counts.filter((c) => c.outcome === 'settled').length;
  const decisionsExact = counts.filter((c) => JSON.stringify(c.decisions) === JSON.stringify(PSR_PATH)).length;
  const noticesExact = counts.filter(
    (c) => JSON.stringify([...c.notices].sort()) === JSON.stringify(PSR_NOTICES.map((n) => `${n}:sent`).sort()),
  ).length;
  const emails = counts.reduce((sum, c) => sum + c.copies.reduce((a, b) => a + b, 0), 0);
  const secondCopies = counts.reduce((sum, c) => sum + c.copies.filter((k) => k === 2).length, 0);
  console.log(
    `${what}: ${counts.length} cases in ${Math.round((Date.now() - started) / 1000)} s — settled ${settled}/${counts.length}, ` +
      `decisions each once ${decisionsExact}/${counts.length}, notices exact and sent ${noticesExact}/${counts.length}, ` +
      `emails ${emails} for ${counts.length * PSR_NOTICES.length} notices (${secondCopies} second copies, same Message-ID)` +
      `${extra}, requests sent again ${resent.count}`,
  );
  expect(counts.map((c) => c.outcome)).toEqual(counts.map(() => 'settled'));
  for (const c of counts) {
    expect(c.decisions).toEqual([...PSR_PATH]);
    expect([...c.notices].sort()).toEqual(PSR_NOTICES.map((n) => `${n}:sent`).sort());
    // Every notice reached the inbox; a second copy only after a crash between acceptance and record.
    expect(c.copies).toHaveLength(PSR_NOTICES.length);
    for (const k of c.copies) expect([1, 2]).toContain(k);
  }
}

const batch = (run: string) => Promise.all(Array.from({ length: CASES }, (_, n) => psrToArrival(product, run, n)));

test(`the worker killed with SIGKILL ${KILLS} times at random moments while ${CASES} cases run: every case settles, nothing doubled or lost`, async () => {
  const started = Date.now();
  resent.count = 0;
  const polling = () => product.count('"msg":"worker polling"');
  const cases = batch('kill');
  let kills = 0;
  const killer = (async () => {
    for (let k = 0; k < KILLS; k++) {
      await sleep(1000 + Math.random() * 4000);
      const before = polling();
      const pid = product.pidOf('worker/main.ts');
      if (!pid) continue;
      process.kill(pid, 'SIGKILL');
      kills++;
      // The process manager starts it again: wait until it polls before the next kill.
      const back = Date.now() + 120_000;
      while (polling() <= before && Date.now() < back) await sleep(250);
    }
  })();
  const [caseIds] = await Promise.all([cases, killer]);
  const counts = await settleAndCount(caseIds);
  const restarts = product.count('[start] worker exited (SIGKILL); starting it again');
  judge('worker SIGKILL', started, counts, `, worker killed ${kills} times and started again ${restarts} times`);
  expect(restarts).toBeGreaterThanOrEqual(kills);
  expect(kills).toBe(KILLS);
});

test(`two workers on one task queue, one killed mid-run: the other carries all ${CASES} cases on`, async () => {
  const started = Date.now();
  resent.count = 0;
  const second = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '..', '..', 'worker', 'main.ts')], {
    env: { ...product.workerEnv, SERVICE_NAME: 'second-worker' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let secondLog = '';
  second.stdout!.on('data', (c: Buffer) => (secondLog += c.toString()));
  const secondDied = new Promise((resolve) => second.once('exit', resolve));
  try {
    const up = Date.now() + 120_000;
    while (!secondLog.includes('worker polling') && Date.now() < up) await sleep(250);
    expect(secondLog).toContain('worker polling');
    const cases = batch('two');
    await sleep(1500 + Math.random() * 2000);
    second.kill('SIGKILL');
    await secondDied;
    const counts = await settleAndCount(await cases);
    judge('two workers, one killed', started, counts);
  } finally {
    if (second.exitCode === null && second.signalCode === null) second.kill('SIGKILL');
  }
});

test(`the Temporal server hung, then killed and started again mid-run: no case lost, the API answers 503 meanwhile and recovers`, async () => {
  const started = Date.now();
  resent.count = 0;
  const midi = product.token('midi');
  const probe = await persist(product, 'POST', '/applications', midi, psrOpening('group-probe'), 'temporal-probe-open');
  expect(probe.status).toBe(201);
  const probeId: string = probe.body.caseId;
  const cases = batch('temporal');
  await sleep(1500 + Math.random() * 2000);
  const pid = product.temporalPid();
  expect(pid).toBeDefined();
  // Frozen first (a dev server restarts within the SDK's own retries, too fast to see): readiness says so, and
  // the decisions sent meanwhile are answered 503 "it may still be applied" and sent again.
  process.kill(pid!, 'SIGSTOP');
  let down: Response | undefined;
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(200)) {
    down = await fetch(`${product.api}/readyz`);
    if (down.status === 503) break;
  }
  expect(down?.status).toBe(503);
  const readiness = (await down!.json()) as { status: string; checks: { temporal: string } };
  expect(readiness.status).toBe('unavailable');
  expect(readiness.checks.temporal).not.toBe('ok');
  // A decision sent meanwhile waits the API's 20-second deadline, then is answered 503 in words.
  const approve = () =>
    fetch(`${product.api}/applications/${probeId}/sponsorship-decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${midi}`, 'content-type': 'application/json', 'idempotency-key': 'temporal-probe-approve' },
      body: JSON.stringify({ decision: 'approved' }),
    });
  const frozen = await approve();
  expect(frozen.status).toBe(503);
  expect(((await frozen.json()) as { message: string }).message).toMatch(/read the case before sending it again/);
  process.kill(pid!, 'SIGKILL');
  const counts = await settleAndCount(await cases);
  const restarts = product.count('[start] temporal exited (SIGKILL); starting it again');
  judge('Temporal hung then restarted', started, counts, `, Temporal restarted ${restarts} times`);
  expect(restarts).toBe(1);
  const after = await persist(product, 'GET', '/readyz', product.token('ops'));
  expect(after.status).toBe(200);
  // The decision answered 503, sent again with its key once Temporal is back: applied, once.
  const again = await persist(product, 'POST', `/applications/${probeId}/sponsorship-decision`, midi, { decision: 'approved' }, 'temporal-probe-approve');
  expect(again.status).toBe(200);
  expect(again.body.decisions.map((d: { name: string }) => d.name)).toEqual(['sponsorship-decision']);
});

test(`the database unreachable for ${OUTAGE_S} s mid-run: activities retry and complete, the API answers 503 and recovers, no reminder burst`, async () => {
  const started = Date.now();
  resent.count = 0;
  const cases = batch('outage');
  await sleep(1500 + Math.random() * 2000);
  proxy.cut();
  const cutAt = Date.now();
  // A read that needs the database is 503 in the error shape, not a 500.
  const read = await fetch(`${product.api}/applications?pageSize=1`, { headers: { authorization: `Bearer ${product.token('ops')}` } });
  expect(read.status).toBe(503);
  expect(await read.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  await sleep(Math.max(0, OUTAGE_S * 1000 - (Date.now() - cutAt)));
  proxy.mend();
  const counts = await settleAndCount(await cases);
  // No reminder burst (rule 20): the notices are exactly the path's, already checked case by case.
  judge('database outage', started, counts, `, database cut for ${OUTAGE_S} s`);
});

test('every process killed at once: npm start starts them all again and the cases go on', async () => {
  const started = Date.now();
  resent.count = 0;
  const before = product.count('started again (pid');
  const pids = [product.pidOf('worker/main.ts'), product.pidOf('api/main.ts'), product.pidOf('inbox-server.js'), product.temporalPid()];
  expect(pids.every((pid) => pid !== undefined)).toBe(true);
  for (const pid of pids) process.kill(pid!, 'SIGKILL');
  // All four come back (the manager itself stays up with nothing else alive), then the API is ready again.
  const back = Date.now() + 120_000;
  while (product.count('started again (pid') < before + pids.length && Date.now() < back) await sleep(250);
  expect(product.count('started again (pid') - before).toBe(pids.length);
  const ready = await persist(product, 'GET', '/readyz', product.token('ops'));
  expect(ready.status).toBe(200);
  const counts = await settleAndCount(await batch('all'));
  judge('every process killed at once', started, counts, ', worker, API, inbox and Temporal started again');
});
