/** Rules 1, 11 and 14: when MIDI may decide a sponsorship, and the words of a refusal. */
import { decisionRefusal } from '../../workflows/rules';
import { sponsorshipDecisionRefusal } from '../../workflows/rules/sponsorship';
import { approvedPsr, ctx, garCase, psrCase } from './states';

const approve = { decision: 'approved' as const };

test('rule 1: the first assessment is awaited on a PSR just opened', () => {
  expect(sponsorshipDecisionRefusal(psrCase(), approve)).toBeNull();
  expect(decisionRefusal('sponsorshipDecision', psrCase(), { decision: 'refused' }, ctx)).toBeNull();
});

test('rule 1: a second decision is refused, naming the sponsorship as it stands', () => {
  expect(sponsorshipDecisionRefusal(approvedPsr(), approve)?.en).toBe('No sponsorship decision is awaited: the sponsorship is already approved.');
  const withdrawn = approvedPsr();
  withdrawn.sponsorship.status = 'withdrawn';
  expect(sponsorshipDecisionRefusal(withdrawn, approve)?.en).toBe('No sponsorship decision is awaited: the sponsorship is already withdrawn.');
});

test('rule 11: a dependant added reopens the sponsorship to MIDI', () => {
  const s = approvedPsr();
  s.sponsorship.reassessment = true;
  expect(sponsorshipDecisionRefusal(s, approve)).toBeNull();
});

test('a GAR has no sponsorship to decide', () => {
  expect(sponsorshipDecisionRefusal(garCase(), approve)?.en).toBe('A GAR case has no sponsorship to decide.');
});

test('rule 14: any decision on a closed case is refused with the outcome', () => {
  const s = psrCase();
  s.outcome = 'sponsorship-refused';
  s.stage = 'closed';
  expect(decisionRefusal('sponsorshipDecision', s, approve, ctx)?.en).toBe(
    'The case is closed (outcome sponsorship-refused); no action is allowed on a closed case.',
  );
  expect(decisionRefusal('withdrawal', s, { reason: 'The group dissolved' }, ctx)?.en).toBe(
    'The case is closed (outcome sponsorship-refused); no action is allowed on a closed case.',
  );
});
