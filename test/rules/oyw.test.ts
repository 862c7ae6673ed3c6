/** Rule 13: OYW applications, after arrival, inside the window, for a family member left behind, one at a time. */
import { oywDecisionRefusal, oywOpeningRefusal } from '../../workflows/rules/oyw';
import { arrived, ctx, DAY, garCase, NOW, psrAbroad } from './states';

// psrOpening: m1 (Omar, a child) accompanies the principal applicant; m2 (Karim, the spouse) stayed behind.
const left = { memberId: 'm2' };

test('rule 13: a family member left behind applies after arrival', () => {
  expect(oywOpeningRefusal(arrived(psrAbroad()), left, ctx)).toBeNull();
  expect(oywOpeningRefusal(arrived(garCase()), { memberId: 'm1' }, ctx)).toBeNull();
});

test('rule 13: not before arrival', () => {
  expect(oywOpeningRefusal(psrAbroad(), left, ctx)?.en).toBe('An OYW application is opened after the refugee has arrived.');
});

test('rule 13: inside the window only: it closes oywWindow after the arrival was recorded', () => {
  const s = arrived(psrAbroad(), NOW);
  const closes = NOW + 365 * DAY;
  expect(oywOpeningRefusal(s, left, { ...ctx, now: closes - 1 })).toBeNull();
  expect(oywOpeningRefusal(s, left, { ...ctx, now: closes })?.en).toBe('The one-year window closed on 2027-11-25.');
});

test('rule 13: an accompanying or undeclared person is refused, named', () => {
  const s = arrived(psrAbroad());
  expect(oywOpeningRefusal(s, { memberId: 'm1' }, ctx)?.en).toBe(
    'm1 accompanied the principal applicant; the one-year window is for family members left behind.',
  );
  expect(oywOpeningRefusal(s, { memberId: 'm9' }, ctx)?.en).toBe(
    'm9 is not a family member declared in the application or added before departure.',
  );
});

test('rule 13: one open application per person; another once it has closed', () => {
  const s = arrived(psrAbroad());
  s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status: 'open', outcome: null, selection: null }];
  expect(oywOpeningRefusal(s, left, ctx)?.en).toBe('m2 already has an OYW application open.');
  s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status: 'closed', outcome: 'refused', selection: 'refused' }];
  expect(oywOpeningRefusal(s, left, ctx)).toBeNull();
  // Another person's open application does not stand in the way.
  s.familyMembers.push({ ...s.familyMembers[1], memberId: 'm3', givenNames: 'Nour' });
  s.oyw = [{ oywId: 'oyw-1', memberId: 'm3', status: 'open', outcome: null, selection: null }];
  expect(oywOpeningRefusal(s, left, ctx)).toBeNull();
});

test('rule 14: not on a closed case', () => {
  const s = arrived(psrAbroad());
  s.outcome = 'settled';
  expect(oywOpeningRefusal(s, left, ctx)?.en).toBe('The case is closed (outcome settled); no action is allowed on a closed case.');
});

describe('rule 13: decisions on an OYW application', () => {
  const approve = { decision: 'approved' as const };
  const withApplication = (selection: 'approved' | 'refused' | null, status: 'open' | 'closed' = 'open') => {
    const s = arrived(psrAbroad());
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status, outcome: status === 'closed' ? 'refused' : null, selection }];
    return s;
  };

  test("MIDI's selection first, once", () => {
    expect(oywDecisionRefusal(withApplication(null), { oywId: 'oyw-1', body: approve, by: 'midi' })).toBeNull();
    expect(oywDecisionRefusal(withApplication('approved'), { oywId: 'oyw-1', body: approve, by: 'midi' })?.en).toBe(
      'MIDI has already given its selection (approved).',
    );
  });

  test("then ROC-O's decision under R141, on a selected member only", () => {
    expect(oywDecisionRefusal(withApplication('approved'), { oywId: 'oyw-1', body: approve, by: 'roc-o' })).toBeNull();
    const words = "ROC-O decides under R141 after MIDI's selection.";
    expect(oywDecisionRefusal(withApplication(null), { oywId: 'oyw-1', body: approve, by: 'roc-o' })?.en).toBe(words);
    expect(oywDecisionRefusal(withApplication('refused'), { oywId: 'oyw-1', body: approve, by: 'roc-o' })?.en).toBe(words);
  });

  test('no one else decides; an unknown or closed application is named', () => {
    expect(oywDecisionRefusal(withApplication(null), { oywId: 'oyw-1', body: approve, by: 'sponsor' })?.en).toBe(
      'Only MIDI (selection) and ROC-O (R141) decide an OYW application.',
    );
    expect(oywDecisionRefusal(withApplication(null), { oywId: 'oyw-7', body: approve, by: 'midi' })?.en).toBe('The case has no OYW application oyw-7.');
    expect(oywDecisionRefusal(withApplication('refused', 'closed'), { oywId: 'oyw-1', body: approve, by: 'roc-o' })?.en).toBe(
      'The OYW application oyw-1 is closed (refused).',
    );
  });
});
