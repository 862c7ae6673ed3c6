import type { CaseState } from '../../domain/case';
import type { OywDecisionRequest, OywOpening } from '../../domain/oyw';
import { addDuration } from '../../domain/policy';
import { closedRefusal, firstRefusal, type Refusal, type RuleContext } from './context';

/** Rule 13, the part that looks at the case alone: OYW applications are opened on an open case after arrival. */
export function oywOpeningOpen(s: CaseState): Refusal {
  return closedRefusal(s) ?? (s.arrival ? null : 'An OYW application is opened after the refugee has arrived.');
}

/** Rule 13: an OYW application for a non-accompanying family member, after arrival, inside the window, one at a time. */
export function oywOpeningRefusal(s: CaseState, body: OywOpening, ctx: RuleContext): Refusal {
  return firstRefusal(
    () => oywOpeningOpen(s),
    () => {
      const closes = addDuration(s.arrival!.recordedAt, ctx.policy.oywWindow);
      return ctx.now < closes ? null : `The one-year window closed on ${new Date(closes).toISOString().slice(0, 10)}.`;
    },
    () => {
      const member = s.familyMembers.find((m) => m.memberId === body.memberId);
      if (!member) return `${body.memberId} is not a family member declared in the application or added before departure.`;
      if (member.accompanying) return `${body.memberId} accompanied the principal applicant; the one-year window is for family members left behind.`;
      return null;
    },
    () =>
      s.oyw.some((o) => o.memberId === body.memberId && o.status === 'open')
        ? `${body.memberId} already has an OYW application open.`
        : null,
  );
}

/** Rule 13: MIDI's selection first, then ROC-O's decision under R141. */
export function oywDecisionRefusal(s: CaseState, req: Pick<OywDecisionRequest, 'oywId' | 'by'> & Partial<OywDecisionRequest>): Refusal {
  const app = s.oyw.find((o) => o.oywId === req.oywId);
  if (!app) return `The case has no OYW application ${req.oywId}.`;
  if (app.status === 'closed') return `The OYW application ${req.oywId} is closed (${app.outcome}).`;
  if (req.by === 'midi') return app.selection ? `MIDI has already given its selection (${app.selection}).` : null;
  if (req.by === 'roc-o') {
    return app.selection === 'approved' ? null : "ROC-O decides under R141 after MIDI's selection.";
  }
  return 'Only MIDI (selection) and ROC-O (R141) decide an OYW application.';
}
