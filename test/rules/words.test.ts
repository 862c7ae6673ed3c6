/**
 * Spec §7 with §4: every refusal of the rules is said in English and in French. One case per refusal the rules can
 * give (each branch of workflows/rules/*.ts and domain/closed.ts); the English is pinned by each rule's own tests.
 */
import type { CaseState } from '../../domain/case';
import { OUTCOMES } from '../../domain/case-types';
import { closedCaseMessage, effectNotRetriedMessage } from '../../domain/closed';
import { MAX_DOCUMENTS_PER_CASE } from '../../domain/documents';
import { stageFr, statusFr, words, type Words } from '../../domain/words';
import { addDependantRefusal, retryEffectRefusal, withdrawalRefusal } from '../../workflows/rules/changes';
import { closedRefusal } from '../../workflows/rules/context';
import { arrivedOnFault, medicalExamDateFault } from '../../workflows/rules/input';
import { admissibilityDecisionRefusal, eligibilityDecisionRefusal, visaDecisionRefusal } from '../../workflows/rules/overseas';
import { oywDecisionRefusal, oywOpeningRefusal } from '../../workflows/rules/oyw';
import { documentRefusal, packageDocumentsFault, prApplicationRefusal, sponsorshipValidity } from '../../workflows/rules/pr-application';
import { csqDecisionRefusal, destinationRefusal } from '../../workflows/rules/quebec';
import { sponsorshipDecisionRefusal } from '../../workflows/rules/sponsorship';
import { arrivalRefusal, travelRefusal } from '../../workflows/rules/travel';
import { approvedPsr, arrived, ctx, DAY, garCase, NOW, psrAbroad, psrCase, withVisa } from './states';

const booking = (arrivalDate: string, extra: object = {}) => ({ arrivalDate, portOfEntry: 'YUL', flights: [], ...extra });
const dependant = { dependant: { familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child' as const, accompanying: true } };
const change = (s: CaseState, edit: (s: CaseState) => void) => (edit(s), s);
const oywCase = (selection: 'approved' | 'refused' | null, status: 'open' | 'closed' = 'open') =>
  change(arrived(psrAbroad()), (s) => {
    s.oyw = [{ oywId: 'oyw-1', memberId: 'm2', status, outcome: status === 'closed' ? 'refused' : null, selection }];
  });

/** Each refusal the rules give, by a name that says which. */
const REFUSALS: Record<string, () => Words | null> = {
  'closed case': () => closedRefusal({ outcome: 'settled' }),
  'dependant: GAR': () => addDependantRefusal(garCase(), dependant),
  'dependant: arrived': () => addDependantRefusal(arrived(psrAbroad()), dependant),
  'dependant: no PR application': () => addDependantRefusal(psrCase(), dependant),
  'dependant: at intake': () => addDependantRefusal(change(approvedPsr(), (s) => (s.stage = 'roc-o-intake')), dependant),
  'withdrawal: GAR': () => withdrawalRefusal(garCase()),
  'withdrawal: arrived': () => withdrawalRefusal(arrived(psrAbroad())),
  'retry: no such effect': () => retryEffectRefusal({}, 'e1'),
  'retry: not failed': () => retryEffectRefusal({ effects: [{ effectId: 'e1', status: 'done' }] }, 'e1'),
  'overseas: not abroad': () => eligibilityDecisionRefusal(approvedPsr()),
  'eligibility: decided': () => eligibilityDecisionRefusal(change(garCase(), (s) => (s.eligibility = { decision: 'ineligible' }))),
  'admissibility: decided': () => admissibilityDecisionRefusal(change(garCase(), (s) => (s.admissibility = { decision: 'inadmissible' }))),
  'visa: all missing': () => visaDecisionRefusal(change(garCase(), (s) => (s.sponsorship.reassessment = true)), { decision: 'issued' }),
  'oyw: before arrival': () => oywOpeningRefusal(psrAbroad(), { memberId: 'm2' }, ctx),
  'oyw: window closed': () => oywOpeningRefusal(arrived(psrAbroad(), NOW), { memberId: 'm2' }, { ...ctx, now: NOW + 365 * DAY }),
  'oyw: not a member': () => oywOpeningRefusal(arrived(psrAbroad()), { memberId: 'm9' }, ctx),
  'oyw: accompanied': () => oywOpeningRefusal(arrived(psrAbroad()), { memberId: 'm1' }, ctx),
  'oyw: already open': () => oywOpeningRefusal(oywCase(null), { memberId: 'm2' }, ctx),
  'oyw decision: no such application': () => oywDecisionRefusal(oywCase(null), { oywId: 'oyw-7', by: 'midi' }),
  'oyw decision: closed': () => oywDecisionRefusal(oywCase('refused', 'closed'), { oywId: 'oyw-1', by: 'roc-o' }),
  'oyw decision: selected already': () => oywDecisionRefusal(oywCase('approved'), { oywId: 'oyw-1', by: 'midi' }),
  'oyw decision: R141 before selection': () => oywDecisionRefusal(oywCase(null), { oywId: 'oyw-1', by: 'roc-o' }),
  'oyw decision: another role': () => oywDecisionRefusal(oywCase(null), { oywId: 'oyw-1', by: 'sponsor' as never }),
  'PR application: GAR': () => prApplicationRefusal(garCase()),
  'PR application: not awaited': () => prApplicationRefusal(psrCase()),
  'PR application: sponsorship not valid': () => sponsorshipValidity(change(approvedPsr(), (s) => (s.sponsorship.status = 'withdrawn'))),
  'package: no such document': () => packageDocumentsFault(psrCase(), { documents: [{ type: 'IMM0008', documentId: 'd1' }] }),
  'package: another type': () =>
    packageDocumentsFault(
      change(psrCase(), (s) => (s.documents = [{ documentId: 'd1', type: 'other' } as never])),
      { documents: [{ type: 'IMM0008', documentId: 'd1' }] },
    ),
  'documents: the most a case keeps': () =>
    documentRefusal(change(approvedPsr(), (s) => (s.documents = Array.from({ length: MAX_DOCUMENTS_PER_CASE }, () => ({}) as never)))),
  'CSQ: not requested': () => csqDecisionRefusal(psrCase()),
  'CSQ: decided': () => csqDecisionRefusal(change(garCase(), (s) => (s.csq = { status: 'issued', number: 'CSQ-1' }))),
  'destination: PSR': () => destinationRefusal(psrCase()),
  'destination: assigned': () => destinationRefusal(change(garCase(), (s) => (s.destination = 'Sherbrooke'))),
  'sponsorship: GAR': () => sponsorshipDecisionRefusal(garCase()),
  'sponsorship: not awaited': () => sponsorshipDecisionRefusal(approvedPsr()),
  'travel: not open': () => travelRefusal(psrAbroad(), booking('2026-12-10'), ctx),
  'travel: on hold': () => travelRefusal(change(withVisa(psrAbroad()), (s) => (s.sponsorship.reassessment = true)), booking('2026-12-10'), ctx),
  'travel: urgent PSR': () => travelRefusal(withVisa(psrAbroad()), booking('2026-12-10', { urgent: true }), ctx),
  'travel: after the visa expires': () => travelRefusal(withVisa(psrAbroad()), booking('2027-06-01'), ctx),
  'travel: GAR port': () => travelRefusal(withVisa(garCase()), booking('2027-01-12', { portOfEntry: 'YYZ' }), ctx),
  'travel: lead time': () => travelRefusal(withVisa(psrAbroad()), booking('2026-12-08'), ctx),
  'travel: GAR weekend': () => travelRefusal(withVisa(garCase()), booking('2027-01-15'), ctx),
  'travel: GAR blackout': () => travelRefusal(withVisa(garCase()), booking('2026-12-31'), ctx),
  'arrival: recorded': () => arrivalRefusal(arrived(psrAbroad()), { arrivedOn: '2026-11-25', portOfEntry: 'YUL' }, ctx),
  'arrival: not booked': () => arrivalRefusal(withVisa(psrAbroad()), { arrivedOn: '2026-11-25', portOfEntry: 'YUL' }, ctx),
  'arrival: in the future': () => arrivalRefusal(withVisa(psrAbroad(), '2026-11-25'), { arrivedOn: '2026-11-26', portOfEntry: 'YUL' }, ctx),
  'input: exam too old': () => medicalExamDateFault(psrAbroad(), { decision: 'admissible', medicalExamDate: '2025-11-25' }, ctx),
  'input: arrival before the visa': () =>
    arrivedOnFault(change(psrAbroad(), (s) => (s.visa = { status: 'issued', expiresOn: '2027-10-01', issuedOn: '2026-11-20' })), {
      arrivedOn: '2026-11-19',
      portOfEntry: 'YUL',
    }),
};

describe('every refusal is said in French as well as English', () => {
  test.each(Object.keys(REFUSALS))('%s', (name) => {
    const refusal = REFUSALS[name]();
    expect(refusal).not.toBeNull();
    expect(refusal!.en.trim()).not.toBe('');
    expect(refusal!.fr.trim()).not.toBe('');
    expect(refusal!.fr).not.toBe(refusal!.en);
    // French punctuation: a space before the semicolons and colons that join its clauses.
    expect(refusal!.fr).not.toMatch(/\w[;]/);
  });

  test('each says something of its own', () => {
    const said = Object.values(REFUSALS).map((r) => r()!.fr);
    expect(new Set(said).size).toBe(said.length);
  });
});

test('a closed case says its outcome in French for every outcome', () => {
  for (const outcome of OUTCOMES) {
    const said = closedCaseMessage(outcome);
    expect(said.en).toContain(`(outcome ${outcome})`);
    expect(said.fr).not.toContain(outcome);
    expect(said.fr).toMatch(/^Le dossier est fermé \(issue : .+\) ; aucune action n'est permise sur un dossier fermé\.$/);
  }
  expect(closedCaseMessage('settled').fr).toBe("Le dossier est fermé (issue : Établi) ; aucune action n'est permise sur un dossier fermé.");
});

test('the French names the case as the console does: stages, statuses, and codes it has no words for', () => {
  expect(csqDecisionRefusal(change(garCase(), (s) => (s.csq = { status: 'issued', number: 'CSQ-1' })))).toEqual(
    words('The CSQ is already issued; MIDI decides it once.', "Le CSQ est déjà délivré ; le MIDI ne le décide qu'une fois."),
  );
  expect(travelRefusal(psrAbroad(), booking('2026-12-10'), ctx)?.fr).toBe(
    "Le voyage est réservé une fois le visa délivré et avant l'arrivée ; le dossier est à l'étape « Traitement à l'étranger ».",
  );
  expect(visaDecisionRefusal(garCase(), { decision: 'issued' })?.fr).toBe(
    "Le visa ne peut pas être délivré : le demandeur n'a pas été jugé admissible ; le demandeur n'a pas été déclaré exempt d'interdiction de territoire ; " +
      "le Québec n'a pas délivré de certificat de sélection du Québec (CSQ demandé) ; le MIDI n'a pas attribué de destination au Québec.",
  );
  expect(travelRefusal(withVisa(garCase()), booking('2027-01-17'), ctx)?.fr).toBe(
    'Un réfugié pris en charge par le gouvernement ne peut pas arriver un vendredi, un samedi ou un dimanche (le 2027-01-17 est un dimanche).',
  );
  expect(REFUSALS['dependant: at intake']()?.fr).toBe(
    "La demande de résidence permanente attend à l'étape « Accueil au ROC-O » que ses documents soient numérisés : ajoutez la personne à charge une fois la demande créée dans le SMGC.",
  );
  expect(REFUSALS['overseas: not abroad']()?.fr).toBe(
    "Les décisions à l'étranger sont enregistrées pendant que le dossier est au bureau des visas (étape « Traitement à l'étranger ») ; " +
      "le dossier est à l'étape « En attente de la demande de résidence permanente ».",
  );
  expect(REFUSALS['PR application: not awaited']()?.fr).toBe(
    "La demande de résidence permanente n'est reçue que pendant que le dossier l'attend (étape « En attente de la demande de résidence permanente ») ; " +
      "le dossier est à l'étape « Évaluation du parrainage ».",
  );
  expect(REFUSALS['visa: all missing']()?.fr).toContain(" ; le dossier est suspendu en attendant que le MIDI réévalue le parrainage ; ");
  expect(effectNotRetriedMessage('e1', 'failed').fr).toBe("L'effet e1 est à l'état « en échec » ; seul un effet en échec est relancé.");
  expect(stageFr('visa-issued')).toBe('« Visa délivré »');
  expect(stageFr('unknown-stage')).toBe('« unknown-stage »');
  expect(statusFr('constructor')).toBe('constructor');
  expect(statusFr('lapsed')).toBe('caduc');
});
