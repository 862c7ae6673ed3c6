/**
 * Rules 13, 15, 16 and 17 and the notices' languages (spec §3): every decision kept with its reason, role and
 * time; reasons carried into the notices; OYW applications followed up by the case; a lapse reads `lapsed`;
 * each party's language from configuration.
 */
import { call, startStack, type Stack } from './support/stack';
import { COMPLETE_PACKAGE, garOpening, psrOpening } from './support/fixtures';
import { expectOk, flightsTo, journey, openGar, openPsr, readyForVisa, today, tokens, type Journey } from './support/journey';
import { eventually } from './support/wait';
import { attentionScheduleId, ensureAttentionSchedule } from '../worker/attention-schedule';

let stack: Stack;
let lapsing: Stack;
beforeAll(async () => {
  [stack, lapsing] = await Promise.all([
    startStack({
      policy: { midiFollowUp: '1s', oywDecisionDue: '2s', natLeadTime: '0 working days', noShowAfter: '1 day' },
      noticeRecipients: { midi: { email: 'refugies@midi.example', language: 'en' }, 'office-abroad': { Nairobi: { language: 'fr' } } },
    }),
    startStack({ policy: { undertakingLapse: '2s' } }),
  ]);
  await ensureAttentionSchedule(stack.client, stack.taskQueue, '0 6 * * *');
});
afterAll(async () => {
  await stack?.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).delete();
  await Promise.all([stack?.stop(), lapsing?.stop()]);
});

type Notice = { kind: string; party: string; language: string };
const noticesOf = async (j: Journey): Promise<Notice[]> => (await j.notices()).body;
const noticeWith = (j: Journey, kind: string, party: string) =>
  eventually(() => noticesOf(j), (n) => n.some((x) => x.kind === kind && x.party === party)).then(
    (n) => n.find((x) => x.kind === kind && x.party === party)!,
  );

test('rule 17: every decision is kept with its reason, role and time; a refusal letter carries MIDI\'s reason', async () => {
  const j = await openPsr(stack);
  expectOk('approve', await j.sponsorship({ decision: 'approved', reason: 'Engagement de parrainage conforme' }));
  expectOk('package', await j.prApplication(await j.uploadPackage()));
  const reason = 'Les critères de sélection du Québec ne sont pas remplis.';
  const refused = expectOk('csq refused', await j.csq({ decision: 'refused', reason })).body;
  expect(refused.decisions).toEqual([
    { name: 'sponsorship-decision', decision: 'approved', reason: 'Engagement de parrainage conforme', role: 'midi', at: expect.any(String) },
    { name: 'pr-application', decision: 'complete', reason: null, role: 'sponsor', at: expect.any(String) },
    { name: 'csq-decision', decision: 'refused', reason, role: 'midi', at: expect.any(String) },
  ]);
  expect(Date.parse(refused.decisions[2].at)).toBeGreaterThanOrEqual(Date.parse(refused.decisions[0].at));
  expect((await j.read()).body.decisions).toEqual(refused.decisions);
  await noticeWith(j, 'refusal-letter', 'sponsor');
  const letter = await stack.pool.query(`SELECT details FROM notices WHERE case_id = $1 AND kind = 'refusal-letter'`, [j.caseId]);
  expect(letter.rows[0].details.reason).toBe(reason);
});

test('rule 17: a withdrawal notice carries the sponsor\'s reason', async () => {
  const j = await openPsr(stack);
  expectOk('approve', await j.sponsorship({ decision: 'approved' }));
  const withdrawn = await call(stack.app, 'POST', `/applications/${j.caseId}/withdrawal`, {
    token: tokens.sponsor,
    body: { reason: 'Le groupe ne peut plus soutenir la famille.' },
  });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body.decisions.at(-1)).toMatchObject({ name: 'withdrawal', decision: 'withdrawn', role: 'sponsor', reason: 'Le groupe ne peut plus soutenir la famille.' });
  await noticeWith(j, 'withdrawal-notice', 'midi');
  const notices = await stack.pool.query(`SELECT party, details FROM notices WHERE case_id = $1 AND kind = 'withdrawal-notice'`, [j.caseId]);
  expect(notices.rows.map((r) => r.details.reason)).toEqual(['Le groupe ne peut plus soutenir la famille.', 'Le groupe ne peut plus soutenir la famille.']);
});

test('rule 15: no CSQ within undertakingLapse of the approval closes the case lapsed, and the sponsorship reads lapsed', async () => {
  const opened = await call(lapsing.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() });
  const j = journey(lapsing, opened.body.caseId);
  expectOk('approve', await j.sponsorship({ decision: 'approved' }));
  const lapsed = await eventually(() => j.read(), (r) => r.body.outcome !== null);
  expect(lapsed.body).toMatchObject({ stage: 'closed', outcome: 'lapsed', sponsorship: { status: 'lapsed' } });
});

test('notices are in each party\'s language: MIDI\'s and an office\'s from configuration, the sponsor\'s from its contact', async () => {
  const gar = await openGar(stack);
  expect((await noticeWith(gar, 'csq-request', 'midi')).language).toBe('en');
  const psr = await openPsr(stack);
  expectOk('approve', await psr.sponsorship({ decision: 'approved' }));
  expectOk('package', await psr.prApplication(await psr.uploadPackage()));
  // Nairobi is configured in French; the sponsor's contact says French.
  expect((await noticeWith(psr, 'file-transfer', 'office-abroad')).language).toBe('fr');
  const english = await call(stack.app, 'POST', '/applications', {
    token: tokens.midi,
    body: { ...psrOpening(), sponsor: { ...psrOpening().sponsor!, contact: { email: 'group@example.org', language: 'en' } }, visaOffice: 'Beirut' },
  });
  const e = journey(stack, english.body.caseId);
  expectOk('approve', await e.sponsorship({ decision: 'approved' }));
  expectOk('incomplete', await e.prApplication({ documents: [COMPLETE_PACKAGE.documents[0]] }));
  expect((await noticeWith(e, 'incomplete-return', 'sponsor')).language).toBe('en');
  expectOk('package', await e.prApplication(await e.uploadPackage()));
  // Beirut is not configured: the office abroad's default, English.
  expect((await noticeWith(e, 'file-transfer', 'office-abroad')).language).toBe('en');
});

test('rules 13 and 16: the case reminds MIDI of an OYW selection, then shows ROC-O\'s R141 decision past its due date until it is taken', async () => {
  const j = journey(stack, (await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: garOpening() })).body.caseId);
  await readyForVisa(j, 'GAR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  expectOk('travel', await j.travel({ arrivalDate: today(), portOfEntry: 'YUL', flights: flightsTo(today()), urgent: true }));
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));
  const oyw = (path: string, token: string, body: object) => call(stack.app, 'POST', `/applications/${j.caseId}/oyw-applications${path}`, { token, body });
  const opened = await oyw('', tokens.rocO, { memberId: 'm1' });
  expect(opened.status).toBe(201);
  const waiting = (await j.read()).body;
  expect(waiting.nextDeadline).toMatchObject({ kind: 'midi-follow-up', about: 'oyw-1' });
  // MIDI silent: reminded by the case, as for its other decisions.
  await eventually(
    () => noticesOf(j),
    (n) => n.some((x) => x.kind === 'midi-reminder' && x.party === 'midi'),
  );
  const selected = expectOk('MIDI selects', await oyw('/oyw-1/decision', tokens.midi, { decision: 'approved', reason: 'Sélectionné' })).body;
  expect(selected.nextDeadline).toMatchObject({ kind: 'oyw-decision-due', about: 'oyw-1' });
  expect(selected.decisions.at(-1)).toMatchObject({ name: 'oyw-selection', decision: 'approved', role: 'midi', reason: 'Sélectionné' });

  // ROC-O silent past oywDecisionDue: overdue, the past due date still the case's deadline, and on the report.
  const late = await eventually(() => j.read(), (r) => r.body.overdue.includes('oyw-1-r141-decision'));
  expect(late.body.nextDeadline).toMatchObject({ kind: 'oyw-decision-due', about: 'oyw-1' });
  expect(Date.parse(late.body.nextDeadline.dueAt)).toBeLessThan(Date.now());
  await eventually(
    async () => (await stack.pool.query('SELECT view FROM cases WHERE case_id = $1', [j.caseId])).rows[0].view,
    (v) => v.overdue.includes('oyw-1-r141-decision'),
  );
  await stack.client.schedule.getHandle(attentionScheduleId(stack.taskQueue)).trigger();
  const report = await eventually(
    () => call(stack.app, 'GET', '/reports/attention', { token: tokens.rocO }),
    (r) => r.body.cases.some((c: { caseId: string }) => c.caseId === j.caseId),
  );
  expect(report.body.cases.find((c: { caseId: string }) => c.caseId === j.caseId)).toMatchObject({
    overdue: expect.arrayContaining(['oyw-1-r141-decision']),
    nextDeadline: { kind: 'oyw-decision-due' },
  });

  const decided = expectOk('R141', await oyw('/oyw-1/decision', tokens.rocO, { decision: 'approved' })).body;
  expect(decided.overdue).not.toContain('oyw-1-r141-decision');
  expect(decided.oyw).toEqual([expect.objectContaining({ oywId: 'oyw-1', status: 'closed', outcome: 'approved' })]);
  expect(decided.nextDeadline?.kind).not.toBe('oyw-decision-due');
}, 60_000);
