/** Rules 11 and 12: dependants added and sponsorships withdrawn, PSR only, before arrival. */
import { decisionRefusal } from '../../workflows/rules';
import { addDependantRefusal, withdrawalRefusal } from '../../workflows/rules/changes';
import { approvedPsr, arrived, ctx, garCase, psrAbroad, psrCase, withVisa } from './states';

const dependant = {
  dependant: { familyName: 'Abdelrahman', givenNames: 'Lina', dateOfBirth: '2026-10-01', relationship: 'child' as const, accompanying: true },
};
const withdrawal = { reason: 'The group can no longer support the family' };

test('rule 11: a dependant is added to a PSR once its PR application is filed, until arrival', () => {
  expect(decisionRefusal('addDependant', psrAbroad(), dependant, ctx)).toBeNull();
  expect(addDependantRefusal(withVisa(psrAbroad(), '2026-12-10'), dependant)).toBeNull();
});

test('rule 11: before the PR application, the family member is declared in it instead', () => {
  const words = 'No PR application is on file yet: declare the family member in the PR application instead.';
  expect(addDependantRefusal(psrCase(), dependant)?.en).toBe(words);
  expect(addDependantRefusal(approvedPsr(), dependant)?.en).toBe(words);
});

test('rule 11: after arrival, the one-year window', () => {
  expect(addDependantRefusal(arrived(psrAbroad()), dependant)?.en).toBe(
    'The refugee has arrived: dependants are added before arrival; a family member left behind applies under the one-year window.',
  );
});

test('rule 11: PSR only', () => {
  expect(addDependantRefusal(garCase(), dependant)?.en).toBe('Dependants are added to privately sponsored (PSR) applications only.');
});

test('rule 12: a PSR sponsorship is withdrawn before arrival, at any stage', () => {
  expect(decisionRefusal('withdrawal', psrCase(), withdrawal, ctx)).toBeNull();
  expect(withdrawalRefusal(withVisa(psrAbroad(), '2026-12-10'), withdrawal)).toBeNull();
  expect(withdrawalRefusal(arrived(psrAbroad()), withdrawal)?.en).toBe('The refugee has arrived: a sponsorship cannot be withdrawn after arrival.');
  expect(withdrawalRefusal(garCase(), withdrawal)?.en).toBe('A government-assisted refugee (GAR) case has no sponsorship to withdraw.');
});
