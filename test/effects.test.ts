/**
 * Rules 18, 19 and 20: what follows a decision runs after it, in order; an effect that fails for good is
 * parked, shown and retried by ops; a decision sent again changes nothing; reminders after downtime.
 */
import { call, startStack, tokenFor, type Stack } from './support/stack';
import { allowedArrival, expectOk, flightsTo, openPsr, psrAtOverseasProcessing, readyForVisa, tokens, type Journey } from './support/journey';
import { eventually } from './support/wait';
import { attentionScheduleId, ensureAttentionSchedule } from '../worker/attention-schedule';
import { FailedEffects } from '../domain/search-attributes';
import { caseWorkflowId } from '../domain/case-types';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await ensureAttentionSchedule(stack.client, stack.taskQueue, '0 6 * * *');
});
afterAll(async () => {
  await stack?.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).delete();
  await stack?.stop();
});

type EffectView = { effectId: string; kind: string; status: string; error?: string; notice?: string; party?: string; retries?: number };
const effectsOf = async (j: Journey): Promise<EffectView[]> => (await j.read()).body.effects;
const noticeKinds = async (j: Journey): Promise<string[]> =>
  (await j.notices()).body.map((n: { kind: string; party: string }) => `${n.kind}>${n.party}`);
const retry = (j: Journey, effectId: string, token = tokens.ops) =>
  call(stack.app, 'POST', `/applications/${j.caseId}/effects/${effectId}/retry`, { token });

test('rule 19: an effect the database refuses for good is parked as failed, shown, reported, and retried by ops once mended', async () => {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  // The outbox refuses this case's file transfer: data a downstream system refuses, as a test can make it.
  const constraint = `refuse_${j.caseId}`;
  await stack.pool.query(
    `ALTER TABLE notices ADD CONSTRAINT ${constraint} CHECK (case_id <> '${j.caseId}' OR kind <> 'file-transfer') NOT VALID`,
  );
  try {
    const filed = expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
    expect(filed.body).toMatchObject({ stage: 'overseas-processing', csq: { status: 'requested' } });
    expect(filed.body.gcmsNumber).toMatch(/^G\d{9}$/);

    const failed = await eventually(() => effectsOf(j), (e) => e.some((x) => x.status === 'failed'));
    const transfer = failed.find((e) => e.notice === 'file-transfer')!;
    expect(transfer).toMatchObject({ kind: 'notice', party: 'office-abroad', status: 'failed' });
    expect(transfer.error).toMatch(/refused the data: PostgreSQL error 23514 \(check violation\) on constraint refuse_/);
    // The effects after it are not held up, nor is a later decision.
    await eventually(() => noticeKinds(j), (k) => k.includes('csq-request>midi'));
    expectOk('csq while an effect is failed', await j.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0042' }));

    // Ops find it: the case's search attribute, and the attention report.
    const description = await stack.client.workflow.getHandle(caseWorkflowId(j.caseId)).describe();
    expect(description.typedSearchAttributes.get(FailedEffects)).toBe(1);
    await stack.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).trigger();
    const report = await eventually(
      () => call(stack.app, 'GET', '/reports/attention', { token: tokens.ops }),
      (r) => r.body.cases.some((c: { caseId: string }) => c.caseId === j.caseId),
    );
    const listed = report.body.cases.find((c: { caseId: string }) => c.caseId === j.caseId);
    expect(listed.failedEffects).toEqual([expect.objectContaining({ effectId: transfer.effectId, status: 'failed' })]);
    expect(listed.overdue).toContain('failed-effect');

    // Only ops and ROC-O retry, only a failed effect, and one the case has.
    const bySponsor = await retry(j, transfer.effectId, tokens.sponsor);
    expect(bySponsor.status).toBe(403);
    const done = (await effectsOf(j)).find((e) => e.status === 'done' && e.kind === 'notice')!;
    const notFailed = await retry(j, done.effectId);
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.message).toBe(`The effect ${done.effectId} is done; only an effect that failed is retried.`);
    const unknown = await retry(j, 'e999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('The case has no effect e999.');

    // Retried before the cause is mended: it fails again, and says so.
    const early = await retry(j, transfer.effectId);
    expect(early.status).toBe(200);
    await eventually(
      () => effectsOf(j),
      (e) => e.some((x) => x.effectId === transfer.effectId && x.status === 'failed' && x.retries === 1),
    );
  } finally {
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT IF EXISTS ${constraint}`);
  }
  // Mended: the retry delivers it, once.
  const mended = await retry(j, (await effectsOf(j)).find((e) => e.status === 'failed')!.effectId, tokens.rocO);
  expect(mended.status).toBe(200);
  await eventually(() => effectsOf(j), (e) => e.every((x) => x.status === 'done'));
  const kinds = await noticeKinds(j);
  expect(kinds.filter((k) => k === 'file-transfer>office-abroad')).toHaveLength(1);
  const after = await stack.client.workflow.getHandle(caseWorkflowId(j.caseId)).describe();
  expect(after.typedSearchAttributes.get(FailedEffects)).toBe(0);
});

test('rule 18: a booking identical to the current one answers 200, changes nothing and sends no amended NAT', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrivalDate = allowedArrival();
  const booking = { arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) };
  const first = expectOk('travel', await j.travel(booking));
  const again = await j.travel(booking);
  expect(again.status).toBe(200);
  expect(again.body.travel).toEqual(first.body.travel);
  const kinds = await eventually(() => noticeKinds(j), (k) => k.filter((x) => x.startsWith('nat>')).length === 2);
  expect(kinds.filter((k) => k.startsWith('nat-amended'))).toEqual([]);
  // A real change is still a re-booking, with an amended NAT citing the first.
  const moved = expectOk('re-booking', await j.travel({ ...booking, portOfEntry: 'YYZ', flights: [] }));
  expect(moved.body.travel.natNumber).not.toBe(first.body.travel.natNumber);
  const amended = await eventually(
    () => j.notices(),
    (n) => n.body.filter((x: { kind: string }) => x.kind === 'nat-amended').length === 2,
  );
  expect(amended.body.find((x: { kind: string }) => x.kind === 'nat-amended').amends).toBe(first.body.travel.natNumber);
});

test('an Idempotency-Key sent again with another body is 422; a refusal given again is audited with its words', async () => {
  const j = await openPsr(stack);
  const key = { 'idempotency-key': `k-${j.caseId}` };
  const approved = await j.sponsorship({ decision: 'approved' }, key);
  expect(approved.status).toBe(200);
  const other = await j.sponsorship({ decision: 'refused' }, key);
  expect(other.status).toBe(422);
  expect(other.body).toEqual({
    error: 'idempotency-key-reused',
    message: 'This Idempotency-Key was first sent with a different request; send a new key with a new request.',
  });
  expect((await j.read()).body.sponsorship.status).toBe('approved');

  // A key is its caller's own: another MIDI officer sending the same key and body is judged afresh, not answered 200.
  const colleague = await call(stack.app, 'POST', `/applications/${j.caseId}/sponsorship-decision`, {
    token: tokenFor('midi', 'another-midi-officer'),
    body: { decision: 'approved' },
    headers: key,
  });
  expect(colleague.status).toBe(409);
  expect(colleague.body.message).toBe('No sponsorship decision is awaited: the sponsorship is already approved.');

  const refusedKey = { 'idempotency-key': `r-${j.caseId}` };
  const refused = await j.sponsorship({ decision: 'approved' }, refusedKey);
  expect(refused.status).toBe(409);
  expect(refused.body.message).toBe('No sponsorship decision is awaited: the sponsorship is already approved.');
  const refusedAgain = await j.sponsorship({ decision: 'approved' }, refusedKey);
  expect(refusedAgain).toEqual(refused);
  const audit = await call(stack.app, 'GET', `/applications/${j.caseId}/audit`, { token: tokens.ops });
  const refusals = audit.body.filter((a: { status: number; sub: string }) => a.status === 409 && a.sub === 'midi-officer');
  expect(refusals).toHaveLength(2);
  for (const row of refusals) expect(row.reason).toBe(refused.body.message);
});

test('rule 6 (spec §4): an exam too old for a visa, and an arrival before the visa was issued, are bad input (400)', async () => {
  const j = await psrAtOverseasProcessing(stack);
  expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0007' }));
  expectOk('eligibility', await j.eligibility({ decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }));
  const old = await j.admissibility({ decision: 'admissible', medicalExamDate: '2024-01-15' });
  expect(old.status).toBe(400);
  expect(old.body.message).toBe('body.medicalExamDate 2024-01-15 is too old: a visa counted from it would have expired on 2025-01-14.');
  expect((await j.read()).body.admissibility).toBeNull();
});

test('rule 20: reminders whose moment passed while the worker was down: one sent if the deadline has not passed, none if it has', async () => {
  // Two stacks, each down across what it tests: a short deadline that passes while down, and a long one whose two
  // reminders (at 1/2 and 7/8) both pass while down, with 12 s left before its deadline for the worker to start again.
  const [short, long] = await Promise.all([
    startStack({ policy: { prApplicationDeadline: '8s', midiFollowUp: '1 day' } }),
    startStack({ policy: { prApplicationDeadline: '112s', midiFollowUp: '1 day' } }),
  ]);
  try {
    const downFor = async (stack: Stack, j: Journey, ms: number) => {
      expectOk('approve', await j.sponsorship({ decision: 'approved' }));
      const approvedAt = Date.now();
      await stack.pauseWorker();
      await eventually(async () => Date.now() - approvedAt, (elapsed) => elapsed >= ms, ms + 10_000);
      await stack.resumeWorker();
    };
    const lapsed = await openPsr(short);
    const late = await openPsr(long);
    // Down past the deadline (8 s); down past both reminders (56 s and 98 s) but not the deadline (112 s).
    await Promise.all([downFor(short, lapsed, 10_000), downFor(long, late, 100_000)]);

    const abandoned = await eventually(() => lapsed.read(), (r) => r.body.outcome !== null);
    expect(abandoned.body.outcome).toBe('abandoned');
    expect((await lapsed.notices()).body.filter((x: { kind: string }) => x.kind === 'pr-deadline-reminder')).toEqual([]);
    const lateReminders = await eventually(
      () => late.notices(),
      (n) => n.body.some((x: { kind: string }) => x.kind === 'pr-deadline-reminder'),
    );
    expect(lateReminders.body.filter((x: { kind: string }) => x.kind === 'pr-deadline-reminder')).toHaveLength(1);
    expect((await late.read()).body.outcome).toBeNull();
  } finally {
    await Promise.all([short.stop(), long.stop()]);
  }
}, 180_000);
