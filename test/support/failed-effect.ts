/** A case with an effect failed for good, as a test can make one: the outbox refuses its file transfer. */
import { expectOk, openPsr, type Journey } from './journey';
import type { Stack } from './stack';
import { eventually } from './wait';

export interface FailedEffectCase {
  j: Journey;
  /** The failed effect's id (the file transfer to the office abroad). */
  failedId: string;
  /** Drops the constraint: the effect, retried, is done. Safe to call twice. */
  mend: () => Promise<void>;
}

/**
 * A PSR case filed, whose file-transfer notice the outbox refuses for good (a check constraint naming its case id:
 * data a downstream system refuses), once every effect has settled: that one failed, the others done.
 */
export async function withFailedEffect(stack: Stack): Promise<FailedEffectCase> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  const constraint = `refuse_${j.caseId.replace(/[^a-z0-9]/gi, '_')}`;
  await stack.pool.query(`ALTER TABLE notices ADD CONSTRAINT ${constraint} CHECK (case_id <> '${j.caseId}' OR kind <> 'file-transfer') NOT VALID`);
  const mend = async () => {
    await stack.pool.query(`ALTER TABLE notices DROP CONSTRAINT IF EXISTS ${constraint}`);
  };
  try {
    expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
    const effects = await eventually(
      async () => (await j.read()).body.effects as { effectId: string; status: string }[],
      (e) => e.some((x) => x.status === 'failed') && e.every((x) => x.status !== 'pending'),
    );
    return { j, failedId: effects.find((e) => e.status === 'failed')!.effectId, mend };
  } catch (err) {
    await mend();
    throw err;
  }
}
