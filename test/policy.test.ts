/** Spec §3 Policy: a JSON file overrides any default, and a case keeps the policy it started with. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../infra/config';
import { resolvePolicy } from '../domain/policy';
import { call, startStack, type Stack } from './support/stack';
import { appBeside, closeApps } from './support/apps';
import { psrOpening } from './support/fixtures';
import { tokens } from './support/journey';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: { prApplicationDeadline: '120 days' } });
});
afterAll(async () => {
  await closeApps();
  await stack?.stop();
});

function policyFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'policy.json');
  writeFileSync(file, content);
  return file;
}

test('RESETTLEMENT_POLICY_FILE overrides the keys it names and keeps the other defaults', () => {
  const file = policyFile('{"midiFollowUp": "2s", "natLeadTime": "0 working days", "attentionReportCron": "*/5 * * * *"}');
  const { policy } = loadConfig({ RESETTLEMENT_POLICY_FILE: file });
  expect(policy.midiFollowUp).toEqual({ ms: 2000 });
  expect(policy.natLeadTime).toEqual({ workingDays: 0 });
  expect(policy.attentionReportCron).toBe('*/5 * * * *');
  expect(policy.oywWindow).toEqual(resolvePolicy().oywWindow);
  expect(() => loadConfig({ RESETTLEMENT_POLICY_FILE: policyFile('{"midiFolowUp": "2s"}') })).toThrow(/unknown policy key "midiFolowUp"/);
  expect(() => loadConfig({ RESETTLEMENT_POLICY_FILE: policyFile('not json') })).toThrow(/RESETTLEMENT_POLICY_FILE/);
});

test('a case keeps the policy it started with when the product runs on a new one', async () => {
  const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const openAndApprove = async (app: typeof stack.app) => {
    const opened = await call(app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() });
    const approved = await call(app, 'POST', `/applications/${opened.body.caseId}/sponsorship-decision`, {
      token: tokens.midi,
      body: { decision: 'approved' },
    });
    expect(approved.status).toBe(200);
    return approved.body;
  };
  // Under 120 days, the first reminder to the sponsor comes at half the deadline: 60 days.
  const before = await openAndApprove(stack.app);
  expect(before.nextDeadline.kind).toBe('pr-application-reminder');
  expect(days(before.openedAt, before.nextDeadline.dueAt)).toBe(60);

  // The product restarts on a 20-day deadline: new cases follow it, the earlier case does not.
  const restarted = await appBeside(stack, { policy: resolvePolicy({ prApplicationDeadline: '20 days' }) });
  const after = await openAndApprove(restarted);
  expect(days(after.openedAt, after.nextDeadline.dueAt)).toBe(10);
  const earlier = await call(restarted, 'GET', `/applications/${before.caseId}`, { token: tokens.rocO });
  expect(days(earlier.body.openedAt, earlier.body.nextDeadline.dueAt)).toBe(60);
});
