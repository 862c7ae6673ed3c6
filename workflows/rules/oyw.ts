import type { CaseState } from '../../domain/case';
import type { OywDecisionRequest, OywOpening } from '../../domain/oyw';
import { addDuration } from '../../domain/policy';
import { statusFr } from '../../domain/words';
import { closedRefusal, firstRefusal, words, type Refusal, type RuleContext } from './context';

/** Rule 13, the part that looks at the case alone: OYW applications are opened on an open case after arrival. */
export function oywOpeningOpen(s: CaseState): Refusal {
  return (
    closedRefusal(s) ??
    (s.arrival
      ? null
      : words('An OYW application is opened after the refugee has arrived.', "Une demande « un an pour agir » est ouverte après l'arrivée du réfugié."))
  );
}

/** Rule 13: an OYW application for a non-accompanying family member, after arrival, inside the window, one at a time. */
export function oywOpeningRefusal(s: CaseState, body: OywOpening, ctx: RuleContext): Refusal {
  return firstRefusal(
    () => oywOpeningOpen(s),
    () => {
      const closes = addDuration(s.arrival!.recordedAt, ctx.policy.oywWindow);
      if (ctx.now < closes) return null;
      const closedOn = new Date(closes).toISOString().slice(0, 10);
      return words(`The one-year window closed on ${closedOn}.`, `Le délai « un an pour agir » a pris fin le ${closedOn}.`);
    },
    () => {
      const member = s.familyMembers.find((m) => m.memberId === body.memberId);
      if (!member) {
        return words(
          `${body.memberId} is not a family member declared in the application or added before departure.`,
          `${body.memberId} n'est pas un membre de la famille déclaré dans la demande ni ajouté avant le départ.`,
        );
      }
      if (member.accompanying) {
        return words(
          `${body.memberId} accompanied the principal applicant; the one-year window is for family members left behind.`,
          `${body.memberId} a accompagné le demandeur principal ; le délai « un an pour agir » est réservé aux membres de la famille restés à l'étranger.`,
        );
      }
      return null;
    },
    () =>
      s.oyw.some((o) => o.memberId === body.memberId && o.status === 'open')
        ? words(`${body.memberId} already has an OYW application open.`, `${body.memberId} a déjà une demande « un an pour agir » ouverte.`)
        : null,
  );
}

/** Rule 13: MIDI's selection first, then ROC-O's decision under R141. */
export function oywDecisionRefusal(s: CaseState, req: Pick<OywDecisionRequest, 'oywId' | 'by'> & Partial<OywDecisionRequest>): Refusal {
  const app = s.oyw.find((o) => o.oywId === req.oywId);
  if (!app) return words(`The case has no OYW application ${req.oywId}.`, `Le dossier n'a aucune demande « un an pour agir » ${req.oywId}.`);
  if (app.status === 'closed') {
    return words(
      `The OYW application ${req.oywId} is closed (${app.outcome}).`,
      `La demande « un an pour agir » ${req.oywId} est fermée (${statusFr(String(app.outcome))}).`,
    );
  }
  if (req.by === 'midi') {
    if (!app.selection) return null;
    return words(`MIDI has already given its selection (${app.selection}).`, `Le MIDI a déjà donné sa sélection (${statusFr(app.selection)}).`);
  }
  if (req.by === 'roc-o') {
    if (app.selection === 'approved') return null;
    return words("ROC-O decides under R141 after MIDI's selection.", 'Le ROC-O décide en vertu de R141 après la sélection du MIDI.');
  }
  return words(
    'Only MIDI (selection) and ROC-O (R141) decide an OYW application.',
    'Seuls le MIDI (sélection) et le ROC-O (R141) décident une demande « un an pour agir ».',
  );
}
