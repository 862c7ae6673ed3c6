/** Rule 3: the PR application, received while awaited, on a valid sponsorship; what a package is missing. */
import { decisionRefusal, missingDocuments } from '../../workflows/rules';
import { prApplicationRefusal, sponsorshipValidity } from '../../workflows/rules/pr-application';
import { COMPLETE_PACKAGE } from '../support/fixtures';
import { approvedPsr, ctx, garCase, psrAbroad, psrCase } from './states';

test('rule 3: received while the case awaits it, on an approved sponsorship', () => {
  expect(decisionRefusal('prApplication', approvedPsr(), COMPLETE_PACKAGE, ctx)).toBeNull();
});

test('rule 3: refused before approval and after intake, naming the stage', () => {
  expect(prApplicationRefusal(psrCase(), COMPLETE_PACKAGE)).toBe(
    'The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at sponsorship-review.',
  );
  expect(prApplicationRefusal(psrAbroad(), COMPLETE_PACKAGE)).toBe(
    'The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at overseas-processing.',
  );
});

test('rule 3: a sponsorship withdrawn or lapsed is not valid', () => {
  const s = approvedPsr();
  expect(sponsorshipValidity(s)).toBeNull();
  s.sponsorship.status = 'withdrawn';
  expect(prApplicationRefusal(s, COMPLETE_PACKAGE)).toBe('The sponsorship is not valid: it is withdrawn.');
  s.sponsorship.status = 'refused';
  expect(sponsorshipValidity(s)).toBe('The sponsorship is not valid: it is refused.');
});

test('a GAR takes no PR application', () => {
  expect(prApplicationRefusal(garCase(), COMPLETE_PACKAGE)).toBe('A GAR case is opened on a referral; it takes no PR application from a sponsor.');
});

test('rule 3: what is missing, in the order of the checklist', () => {
  expect(missingDocuments(COMPLETE_PACKAGE)).toEqual([]);
  expect(missingDocuments({ documents: [] })).toEqual(['IMM0008', 'IMM0008-ScheduleA', 'IMM0008-Schedule2', 'sponsorship-undertaking']);
  expect(
    missingDocuments({ documents: [{ type: 'sponsorship-undertaking', fileName: 'u.pdf' }, { type: 'IMM0008', fileName: 'a.pdf' }] }),
  ).toEqual(['IMM0008-ScheduleA', 'IMM0008-Schedule2']);
});
