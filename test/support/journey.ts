/** Staff moving a case along, one decision at a time, through the HTTP API. */
import { addWorkingDays, quebecDate, dayOfWeek, addDays } from '../../domain/calendar';
import { call, tokenFor, type Answer, type Stack } from './stack';
import { garOpening, psrOpening } from './fixtures';
import { uploadPackage } from './documents';

export const tokens = {
  midi: tokenFor('midi', 'midi-officer'),
  rocO: tokenFor('roc-o', 'roc-o-officer'),
  officer: tokenFor('migration-officer', 'officer-nairobi'),
  ops: tokenFor('ops', 'ops-1'),
  sponsor: tokenFor('sponsor', 'sponsor-1', 'group-montreal-1'),
  otherSponsor: tokenFor('sponsor', 'sponsor-2', 'group-quebec-2'),
};

export type Step = (body?: unknown) => Promise<Answer>;

export function journey(stack: Stack, caseId: string) {
  const post = (path: string, token: string) => (body: unknown, headers?: Record<string, string>) =>
    call(stack.app, 'POST', `/applications/${caseId}/${path}`, { token, body, headers });
  return {
    caseId,
    read: () => call(stack.app, 'GET', `/applications/${caseId}`, { token: tokens.rocO }),
    notices: () => call(stack.app, 'GET', `/applications/${caseId}/notices`, { token: tokens.rocO }),
    sponsorship: post('sponsorship-decision', tokens.midi),
    prApplication: post('pr-application', tokens.sponsor),
    csq: post('csq-decision', tokens.midi),
    destination: post('destination', tokens.midi),
    eligibility: post('eligibility-decision', tokens.officer),
    admissibility: post('admissibility-decision', tokens.officer),
    visa: post('visa-decision', tokens.officer),
    travel: post('travel', tokens.officer),
    arrival: post('arrival', tokens.rocO),
    dependant: post('dependants', tokens.rocO),
    withdrawal: post('withdrawal', tokens.rocO),
    /** The sponsor uploads the four documents of rule 3; the PR application naming them (complete, digitized). */
    uploadPackage: () => uploadPackage(stack.app, caseId, tokens.sponsor),
  };
}
export type Journey = ReturnType<typeof journey>;

export async function openPsr(stack: Stack): Promise<Journey> {
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: psrOpening() });
  if (opened.status !== 201) throw new Error(`open PSR: ${opened.status} ${JSON.stringify(opened.body)}`);
  return journey(stack, opened.body.caseId);
}

export async function openGar(stack: Stack): Promise<Journey> {
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.rocO, body: garOpening() });
  if (opened.status !== 201) throw new Error(`open GAR: ${opened.status} ${JSON.stringify(opened.body)}`);
  return journey(stack, opened.body.caseId);
}

function expectOk(step: string, answer: Answer): Answer {
  if (answer.status !== 200) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

/** A PSR case filed and at the office abroad, CSQ requested. */
export async function psrAtOverseasProcessing(stack: Stack): Promise<Journey> {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
  return j;
}

export const today = () => quebecDate(Date.now());
export const MEDICAL_EXAM = () => addDays(today(), -30);

/** Eligible, admissible, CSQ issued (and for GAR a destination): ready for the visa. */
export async function readyForVisa(j: Journey, stream: 'PSR' | 'GAR'): Promise<void> {
  expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0001' }));
  if (stream === 'GAR') expectOk('destination', await j.destination({ city: 'Sherbrooke' }));
  expectOk('eligibility', await j.eligibility({ decision: 'eligible', refugeeClass: 'convention-refugee-abroad' }));
  expectOk('admissibility', await j.admissibility({ decision: 'admissible', medicalExamDate: MEDICAL_EXAM() }));
}

/** A date a GAR may arrive on: past the NAT lead time, Monday to Thursday, outside the blackouts. */
export function allowedArrival(leadWorkingDays = 10): string {
  let d = addWorkingDays(today(), leadWorkingDays);
  for (;;) {
    const md = d.slice(5);
    const blackout = (md >= '12-15' && md <= '12-31') || (md >= '06-24' && md <= '07-07');
    if (dayOfWeek(d) >= 1 && dayOfWeek(d) <= 4 && !blackout) return d;
    d = addDays(d, 1);
  }
}

export function flightsTo(arrivalDate: string) {
  return [
    {
      carrier: 'AC',
      number: '881',
      from: 'NBO',
      to: 'YUL',
      departure: `${addDays(arrivalDate, -1)}T20:00:00Z`,
      arrival: `${arrivalDate}T15:00:00Z`,
    },
  ];
}

export { expectOk };
