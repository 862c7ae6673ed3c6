/** Rules 5 and 6: overseas decisions while the file is abroad, once each; what a visa needs. */
import { decisionRefusal } from '../../workflows/rules';
import { admissibilityDecisionRefusal, eligibilityDecisionRefusal, visaDecisionRefusal } from '../../workflows/rules/overseas';
import { approvedPsr, ctx, garCase, psrAbroad, readyForVisa } from './states';

const eligible = { decision: 'eligible' as const };
const admissible = { decision: 'admissible' as const, medicalExamDate: '2026-11-01' };
const issue = { decision: 'issued' as const };

test('rule 5: overseas decisions wait for the file to be abroad, naming the stage the case is at', () => {
  const s = approvedPsr();
  const words = 'Overseas decisions are recorded while the file is at the office abroad (stage overseas-processing); the case is at awaiting-pr-application.';
  expect(eligibilityDecisionRefusal(s, eligible)?.en).toBe(words);
  expect(admissibilityDecisionRefusal(s, admissible)?.en).toBe(words);
  expect(visaDecisionRefusal(s, issue)?.en).toBe(words);
  expect(visaDecisionRefusal(s, { decision: 'refused' })?.en).toBe(words);
});

test('rule 5: eligibility and admissibility in any order, before or after the CSQ, once each', () => {
  const s = garCase();
  expect(decisionRefusal('eligibilityDecision', s, eligible, ctx)).toBeNull();
  expect(decisionRefusal('admissibilityDecision', s, admissible, ctx)).toBeNull();
  s.admissibility = { decision: 'inadmissible' };
  expect(eligibilityDecisionRefusal(s, eligible)).toBeNull();
  expect(admissibilityDecisionRefusal(s, admissible)?.en).toBe('Admissibility is already decided (inadmissible).');
  s.eligibility = { decision: 'ineligible' };
  expect(eligibilityDecisionRefusal(s, eligible)?.en).toBe('Eligibility is already decided (ineligible).');
  s.admissibility = null;
  expect(admissibilityDecisionRefusal(s, admissible)).toBeNull();
});

test('rule 6: a visa on a GAR just referred lists everything missing, in order', () => {
  expect(decisionRefusal('visaDecision', garCase(), issue, ctx)?.en).toBe(
    'The visa cannot be issued: the applicant has not been found eligible; the applicant has not been found admissible; ' +
      'Quebec has not issued a CSQ (CSQ requested); MIDI has not assigned a destination in Quebec.',
  );
});

test('rule 6: a refusal of the visa needs none of it', () => {
  expect(visaDecisionRefusal(garCase(), { decision: 'refused' })).toBeNull();
});

test('rule 6: each condition on its own', () => {
  expect(visaDecisionRefusal(readyForVisa(garCase()), issue)).toBeNull();
  // A PSR needs no destination.
  expect(visaDecisionRefusal(readyForVisa(psrAbroad()), issue)).toBeNull();

  const ineligible = readyForVisa(garCase());
  ineligible.eligibility = { decision: 'ineligible' };
  expect(visaDecisionRefusal(ineligible, issue)?.en).toBe('The visa cannot be issued: the applicant has not been found eligible.');

  const inadmissible = readyForVisa(garCase());
  inadmissible.admissibility = { decision: 'inadmissible' };
  expect(visaDecisionRefusal(inadmissible, issue)?.en).toBe('The visa cannot be issued: the applicant has not been found admissible.');

  const lapsed = readyForVisa(psrAbroad());
  lapsed.csq = { status: 'lapsed' };
  expect(visaDecisionRefusal(lapsed, issue)?.en).toBe('The visa cannot be issued: Quebec has not issued a CSQ (CSQ lapsed).');

  const onHold = readyForVisa(psrAbroad());
  onHold.sponsorship.reassessment = true;
  expect(visaDecisionRefusal(onHold, issue)?.en).toBe('The visa cannot be issued: the case is on hold until MIDI reassesses the sponsorship.');

  const noDestination = readyForVisa(garCase());
  noDestination.destination = null;
  expect(visaDecisionRefusal(noDestination, issue)?.en).toBe('The visa cannot be issued: MIDI has not assigned a destination in Quebec.');
});
