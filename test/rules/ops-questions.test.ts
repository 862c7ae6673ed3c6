/**
 * What ops ask in the Temporal UI (issue 16): the search attributes `AwaitingMidi` and `OywOverdue`, the case's
 * current details, and the input a `retryEffect` Signal must carry.
 */
import { caseView, openCase, type CaseState } from '../../domain/case';
import { caseDetails } from '../../domain/case-details';
import { EFFECT_ID_PATTERN, retryEffectSignalId, type Effect } from '../../domain/effects';
import * as S from '../../domain/schemas';
import { TypedJsonCodec } from '../../infra/codec';
import { awaitingMidi, caseSearchAttributes, oywOverdue } from '../../domain/search-attributes';
import { psrOpening } from '../support/fixtures';
import { approvedPsr, garCase, NOW, policy, psrAbroad, psrCase } from './states';

const values = (s: CaseState, opsQuestions: boolean) =>
  Object.fromEntries(caseSearchAttributes(s, policy, { opsQuestions }).map((a) => [a.key.name, a.value]));

const failedNotice: Effect = {
  effectId: 'e4',
  request: { kind: 'notice', notice: { kind: 'csq-request', party: 'midi', step: 'csq' } },
  status: 'failed',
  error: 'The mail server refused the address for good.',
  retries: 0,
};

describe('AwaitingMidi and OywOverdue', () => {
  test("a GAR opens awaiting MIDI's CSQ and destination; a PSR its sponsorship; none once answered", () => {
    expect(values(garCase(), true)).toMatchObject({ AwaitingMidi: ['csq', 'destination'], OywOverdue: false });
    expect(values(psrCase(), true)).toMatchObject({ AwaitingMidi: ['sponsorship'] });
    expect(values(approvedPsr(), true)).toMatchObject({ AwaitingMidi: null, OywOverdue: false });
  });

  test('runs from before the patch publish neither (their history has no such upsert)', () => {
    const published = Object.keys(values(garCase(), false));
    expect(published).not.toContain('AwaitingMidi');
    expect(published).not.toContain('OywOverdue');
  });

  test('an OYW past its R141 due date while open; not once closed, nor on a closed case', () => {
    const s = psrAbroad();
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status: 'open', outcome: null, selection: 'approved', selectedAt: NOW, decisionOverdue: true }];
    s.midiRequests = { 'oyw-2': { requestedAt: NOW, lastReminderAt: null, reminders: 0 } };
    expect(oywOverdue(s)).toBe(true);
    expect(awaitingMidi(s)).toEqual(['oyw-2']);
    s.outcome = 'refused';
    expect(oywOverdue(s)).toBe(false);
    expect(awaitingMidi(s)).toEqual([]);
    s.outcome = null;
    s.oyw[0].status = 'closed';
    expect(oywOverdue(s)).toBe(false);
  });
});

describe("the case's current details in the Temporal UI", () => {
  test('stage, next deadline and what it waits for, without a name', () => {
    const s = garCase();
    const details = caseDetails(s, policy);
    const [stage, deadline, waiting, ...rest] = details.split('\n');
    expect(stage).toBe('- **Stage:** overseas-processing · GAR · visa office Dar es Salaam');
    expect(deadline).toBe('- **Next deadline:** midi-follow-up (csq), 2026-12-25T15:00:00.000Z');
    expect(waiting).toMatch(/^- \*\*Waiting for:\*\* MIDI's decision on csq, destination; decisions open: [a-z-]+(, [a-z-]+)*$/);
    expect(rest).toEqual([]);
    expect(details).toContain("MIDI's decision on csq, destination");
    expect(details).toContain('decisions open: ');
    const applicant = s.principalApplicant as unknown as Record<string, string>;
    for (const value of Object.values(applicant)) if (typeof value === 'string' && value.length > 3) expect(details).not.toContain(value);
  });

  test('a failed effect named with its retry, late decisions, a rejected Signal; a closed case waits for nothing', () => {
    const s = psrCase();
    s.effects = [
      failedNotice,
      { effectId: 'e5', request: { kind: 'case-record' }, status: 'pending', retries: 0 },
      { effectId: 'e6', request: { kind: 'gcms-application' }, status: 'pending', retries: 0 },
    ];
    s.midiRequests.sponsorship!.reminders = 1;
    s.rejectedSignals = [{ signal: 'retryEffect', effectId: 'e9', reason: 'The case has no effect e9.', at: '2026-11-25T15:00:00.000Z' }];
    const details = caseDetails(s, policy);
    expect(details).toContain('1 effect queued');
    expect(details).toContain('- **Late:** midi-sponsorship-decision, failed-effect');
    expect(details).toContain(
      '- **Failed effects** (Send a Signal `retryEffect`, input `{"effectId": "…"}`): e4 (notice csq-request to midi): The mail server refused the address for good.',
    );
    expect(details).toContain('- **Last rejected Signal:** retryEffect at 2026-11-25T15:00:00.000Z: `The case has no effect e9.`');
    // The API's case shows them too; a case with none has no such field.
    expect(caseView(s, policy).rejectedSignals).toEqual(s.rejectedSignals);
    expect(caseView(psrCase(), policy)).not.toHaveProperty('rejectedSignals');
    const closed = openCase({ ...psrOpening(), caseId: 'c', policy }, NOW);
    Object.assign(closed, { outcome: 'sponsorship-refused', stage: 'closed', midiRequests: {} });
    expect(caseDetails(closed, policy).split('\n')).toEqual([
      '- **Stage:** closed (outcome: sponsorship-refused) · PSR · visa office Nairobi',
      '- **Next deadline:** none',
      '- **Waiting for:** nothing',
    ]);
  });
});

describe('the retryEffect Signal input', () => {
  test('exactly {effectId} with an id as the case lists it', () => {
    expect(retryEffectSignalId({ effectId: 'e3' })).toBe('e3');
    expect(retryEffectSignalId({ effectId: 'e123456789' })).toBe('e123456789');
    for (const bad of ['e3', null, undefined, 3, [{ effectId: 'e3' }], {}, { effectId: 3 }, { effectId: 'e3', more: 1 },
      { effectId: 'E3' }, { effectId: 'e' }, { effectId: 'e1234567890' }, { effectId: ' e3' }, { effectId: 'e3\n' }]) {
      expect(retryEffectSignalId(bad)).toBeNull();
    }
  });

  test("the id's form is the retry route's", () => {
    expect(S.EffectParams.properties.effectId.pattern).toBe(EFFECT_ID_PATTERN.source);
  });
});

describe('JSON typed in the UI, made readable before the payload converter', () => {
  const codec = new TypedJsonCodec();
  const payload = (encoding: string, data: string) => ({ metadata: { encoding: Buffer.from(encoding), messageType: Buffer.from('x') }, data: Buffer.from(data) });
  const read = async (encoding: string, data: string) => {
    const [p] = await codec.decode([payload(encoding, data)]);
    return { encoding: Buffer.from(p.metadata!.encoding!).toString(), data: Buffer.from(p.data!).toString() };
  };

  test('json/protobuf is read as the JSON it is; JSON that does not parse is null; anything else as it is', async () => {
    expect(await read('json/protobuf', '{"effectId":"e3"}')).toEqual({ encoding: 'json/plain', data: '{"effectId":"e3"}' });
    expect(await read('json/protobuf', '{"effectId":')).toEqual({ encoding: 'json/plain', data: 'null' });
    expect(await read('json/plain', '{"effectId":')).toEqual({ encoding: 'json/plain', data: 'null' });
    const sound = payload('json/plain', '{"effectId":"e3"}');
    expect((await codec.decode([sound]))[0]).toBe(sound);
    const binary = payload('binary/plain', '{');
    expect((await codec.decode([binary]))[0]).toBe(binary);
    expect(await codec.encode([binary])).toEqual([binary]);
  });
});
