/** Rule 4 and the GAR destination: what MIDI may decide, once. */
import { decisionRefusal } from '../../workflows/rules';
import { csqDecisionRefusal, destinationRefusal } from '../../workflows/rules/quebec';
import { ctx, garCase, psrAbroad, psrCase } from './states';

const issue = { decision: 'issued' as const, csqNumber: 'CSQ-2026-001' };

test('rule 4: a CSQ is decided while MIDI has been asked for one (GAR at once, PSR after intake)', () => {
  expect(csqDecisionRefusal(garCase(), issue)).toBeNull();
  expect(decisionRefusal('csqDecision', psrAbroad(), issue, ctx)).toBeNull();
});

test('rule 4: a CSQ not yet requested is refused in words', () => {
  expect(decisionRefusal('csqDecision', psrCase(), issue, ctx)?.en).toBe(
    'The CSQ has not been requested yet: ROC-O requests it once the PR application is complete and filed.',
  );
});

test('rule 4: MIDI decides the CSQ once', () => {
  const s = garCase();
  s.csq = { status: 'issued', number: 'CSQ-1' };
  expect(csqDecisionRefusal(s, issue)?.en).toBe('The CSQ is already issued; MIDI decides it once.');
  s.csq = { status: 'refused' };
  expect(csqDecisionRefusal(s, issue)?.en).toBe('The CSQ is already refused; MIDI decides it once.');
  s.csq = { status: 'lapsed' };
  expect(csqDecisionRefusal(s, issue)?.en).toBe('The CSQ is already lapsed; MIDI decides it once.');
});

test('a destination is assigned to a GAR, once', () => {
  const s = garCase();
  expect(decisionRefusal('destination', s, { city: 'Sherbrooke' }, ctx)).toBeNull();
  s.destination = 'Sherbrooke';
  expect(destinationRefusal(s, { city: 'Gatineau' })?.en).toBe('The destination is already assigned (Sherbrooke).');
  expect(destinationRefusal(psrCase(), { city: 'Gatineau' })?.en).toBe(
    'MIDI assigns a destination to government-assisted refugees (GAR) only; a PSR settles with the sponsor.',
  );
});
