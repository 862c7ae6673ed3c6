/**
 * npm run bench: drives a case through 5,000 Updates (travel re-bookings, each sending NATs and
 * recording the case) and a bare Temporal workflow through the same number of no-op Updates,
 * in the same run on a fresh dev server, and prints the ratio. The case must continue as new
 * (at 1,000 Updates a run) and still answer at the end.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { ensureTemporalCli } from '../scripts/temporal-cli';
import { CASE_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { createPool, migrate } from '../infra/db';
import { createActivities } from '../activities';
import { createMailer } from '../infra/mailer';
import { resolvePolicy } from '../domain/policy';
import { caseQuery, decisionUpdate, type DecisionBody, type DecisionName } from '../domain/decisions';
import { addDays, quebecDate } from '../domain/calendar';
import type { caseWorkflow } from '../workflows/case-workflow';
import { bump, type baselineWorkflow } from './baseline-workflow';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 5000);

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = await ensureTemporalCli();
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/resettlement_bench';
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1', searchAttributes: CASE_SEARCH_ATTRIBUTES },
  });
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    // No recipients are configured: MIDI's NATs are recorded `undeliverable` and no mail is sent.
    activities: createActivities({ pool, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1025', from: 'roc-o@localhost' }) }),
  });
  const client = env.client;

  try {
    const result = await worker.runUntil(async () => {
      const baseline = await client.workflow.start<typeof baselineWorkflow>('baselineWorkflow', {
        taskQueue,
        workflowId: `baseline-${randomUUID()}`,
      });
      const t0 = performance.now();
      for (let i = 0; i < UPDATES; i++) await baseline.executeUpdate(bump, { args: [i] });
      const baselineMs = performance.now() - t0;
      await baseline.terminate('bench done');

      const caseId = `bench-${randomUUID().slice(0, 8)}`;
      const today = quebecDate(Date.now());
      const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        taskQueue,
        workflowId: `case-${caseId}`,
        args: [
          {
            caseId,
            stream: 'GAR',
            principalApplicant: { familyName: 'Bench', givenNames: 'Case', dateOfBirth: '1990-01-01' },
            familyMembers: [],
            visaOffice: 'Nairobi',
            policy: resolvePolicy({ noShowAfter: '30 days' }),
          },
        ],
      });
      const send = <N extends DecisionName>(name: N, body: DecisionBody<N>) =>
        handle.executeUpdate(decisionUpdate(name), { args: [{ body, by: 'migration-officer' }] });
      await send('csqDecision', { decision: 'issued', csqNumber: 'CSQ-BENCH' });
      await send('destination', { city: 'Montréal' });
      await send('eligibilityDecision', { decision: 'eligible' });
      await send('admissibilityDecision', { decision: 'admissible', medicalExamDate: addDays(today, -5) });
      await send('visaDecision', { decision: 'issued' });
      const flights = [{ carrier: 'AC', number: '1', from: 'NBO', to: 'YUL', departure: `${today}T01:00:00Z`, arrival: `${today}T12:00:00Z` }];
      const t1 = performance.now();
      // Each a real re-booking (another flight number): the same booking sent again changes nothing (rule 18).
      for (let i = 5; i < UPDATES; i++) {
        await send('travel', { arrivalDate: today, portOfEntry: 'YUL', flights: flights.map((f) => ({ ...f, number: String(i) })), urgent: true });
      }
      const caseMs = performance.now() - t1;
      const view = await handle.query(caseQuery);
      const runs = await client.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = 'case-${caseId}'` });
      await handle.terminate('bench done');
      return { baselineMs, caseMs, caseUpdates: UPDATES - 5, natNumber: view.travel?.natNumber, runs: runs.executions.length };
    });

    const perBaseline = result.baselineMs / UPDATES;
    const perCase = result.caseMs / result.caseUpdates;
    console.log(`updates: ${UPDATES}`);
    console.log(`baseline (bare Temporal no-op Update): ${perBaseline.toFixed(2)} ms/update`);
    console.log(`case re-booking (Update, NAT notice, case record): ${perCase.toFixed(2)} ms/update`);
    console.log(`ratio case/baseline: ${(perCase / perBaseline).toFixed(2)}x`);
    console.log(`case runs (continue-as-new): ${result.runs}; still answers: NAT ${result.natNumber}`);
  } finally {
    // The dev server must not outlive a failed run.
    await pool.end();
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
