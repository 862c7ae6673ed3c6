/** Spec §7 "the decisions this person may take now": what the case says is open, from its rules' case-only checks. */
import { actionsOpen, oywDecider } from '../../workflows/rules/open';
import { decisionRefusal } from '../../workflows/rules';
import { caseView } from '../../domain/case';
import { approvedPsr, arrived, ctx, garCase, policy, psrAbroad, psrCase, readyForVisa, withVisa } from './states';

describe('actionsOpen', () => {
  test('a PSR under sponsorship review: MIDI’s sponsorship decision and the sponsor’s withdrawal, nothing of the officers', () => {
    expect(actionsOpen(psrCase())).toEqual(['sponsorship-decision', 'withdrawal']);
  });

  test('an approved PSR awaits its PR application (and may still be withdrawn)', () => {
    expect(actionsOpen(approvedPsr())).toEqual(['pr-application', 'withdrawal']);
  });

  test('abroad: the CSQ and the three overseas decisions, a dependant, a withdrawal; no travel or arrival yet', () => {
    expect(actionsOpen(psrAbroad())).toEqual([
      'csq-decision',
      'eligibility-decision',
      'admissibility-decision',
      'visa-decision',
      'dependants',
      'withdrawal',
    ]);
  });

  test('a decision taken is no longer offered (rule 5: eligibility and admissibility once; rule 4: the CSQ once)', () => {
    expect(actionsOpen(readyForVisa(psrAbroad()))).toEqual(['visa-decision', 'dependants', 'withdrawal']);
  });

  test('a GAR opens abroad: the destination while MIDI has not chosen it; never a sponsorship, a package, a dependant or a withdrawal', () => {
    const s = garCase();
    const overseas = ['eligibility-decision', 'admissibility-decision', 'visa-decision'];
    expect(actionsOpen(s)).toEqual(['csq-decision', 'destination', ...overseas]);
    s.destination = 'Sherbrooke';
    expect(actionsOpen(s)).toEqual(['csq-decision', ...overseas]);
  });

  test('travel after the visa; the arrival once travel is booked; then OYW applications', () => {
    expect(actionsOpen(withVisa(psrAbroad()))).toEqual(['travel', 'dependants', 'withdrawal']);
    expect(actionsOpen(withVisa(psrAbroad(), '2026-12-10'))).toEqual(['travel', 'arrival', 'dependants', 'withdrawal']);
    expect(actionsOpen(arrived(psrAbroad()))).toEqual(['oyw-applications']);
  });

  test('on hold for a reassessment: travel is not offered, the sponsorship decision is (rule 11)', () => {
    const s = withVisa(psrAbroad());
    s.sponsorship.reassessment = true;
    expect(actionsOpen(s)).toEqual(['sponsorship-decision', 'dependants', 'withdrawal']);
  });

  test('a closed case offers nothing (rule 14)', () => {
    const s = psrAbroad();
    s.outcome = 'sponsorship-withdrawn';
    expect(actionsOpen(s)).toEqual([]);
  });

  test('an OYW application awaits MIDI’s selection, then ROC-O’s R141 decision, then no one', () => {
    const s = arrived(psrAbroad());
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm-2', status: 'open', outcome: null, selection: null }];
    expect(oywDecider(s, 'oyw-1')).toBe('midi');
    expect(actionsOpen(s)).toEqual(['oyw-applications', 'oyw-applications/oyw-1/decision']);
    s.oyw[0].selection = 'approved';
    expect(oywDecider(s, 'oyw-1')).toBe('roc-o');
    s.oyw[0] = { ...s.oyw[0], status: 'closed', outcome: 'approved' };
    expect(oywDecider(s, 'oyw-1')).toBeNull();
    expect(actionsOpen(s)).toEqual(['oyw-applications']);
  });

  test('what is offered is what the rules accept for some request, and what is not offered every request is refused', () => {
    const s = readyForVisa(psrAbroad());
    // Offered: the visa, issued (every condition of rule 6 met).
    expect(decisionRefusal('visaDecision', s, { decision: 'issued' }, ctx)).toBeNull();
    // Not offered: eligibility again, refused whatever it says.
    expect(decisionRefusal('eligibilityDecision', s, { decision: 'ineligible', reason: 'x' }, ctx)?.en).toMatch(/already decided/);
  });

  test('the case view carries them, and each OYW application the role it awaits', () => {
    const s = arrived(psrAbroad());
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm-2', status: 'open', outcome: null, selection: 'approved' }];
    const view = caseView(s, policy);
    expect(view.actionsOpen).toEqual(['oyw-applications', 'oyw-applications/oyw-1/decision']);
    expect(view.oyw[0].awaiting).toBe('roc-o');
  });
});
