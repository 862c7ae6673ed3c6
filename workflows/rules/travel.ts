import type { CaseState } from '../../domain/case';
import type { ArrivalBody, TravelBody } from '../../domain/schemas';
import { dateAfter } from '../../domain/policy';
import { dayOfWeek } from '../../domain/calendar';
import { stageFr } from '../../domain/words';
import { today, words, type Refusal, type RuleContext } from './context';

/** GAR arrivals land where MIDI's reception services are. */
export const GAR_PORT_OF_ENTRY = 'YUL';

/** Periods when MIDI cannot receive government-assisted refugees: [from, to] as MM-DD, inclusive. */
export const GAR_BLACKOUTS: ReadonlyArray<readonly [string, string]> = [
  ['12-15', '12-31'],
  ['06-24', '07-07'],
];

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY_NAMES_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/**
 * Rule 18: a booking identical to the current one (same arrival date, port of entry, flights and
 * urgent flag) is the same decision sent again: accepted, and it changes nothing.
 */
export function sameBooking(s: CaseState, body: TravelBody): boolean {
  const t = s.travel;
  if (!t || s.stage !== 'travel-booked') return false;
  return (
    t.arrivalDate === body.arrivalDate &&
    t.portOfEntry === body.portOfEntry &&
    t.urgent === (body.urgent === true) &&
    JSON.stringify(t.flights.map(flightKey)) === JSON.stringify(body.flights.map(flightKey))
  );
}

/** A flight's identity: its times as instants, however their offset is written (…T01:00:00Z is …T20:00:00-05:00 the day before). */
const flightKey = (f: TravelBody['flights'][number]) => [f.carrier, f.number, f.from, f.to, Date.parse(f.departure), Date.parse(f.arrival)];

/** Rule 8, the part that looks at the case alone: travel is booked (or re-booked) after the visa, before arrival, off hold. */
export function travelOpen(s: CaseState): Refusal {
  if (s.stage !== 'visa-issued' && s.stage !== 'travel-booked') {
    return words(
      `Travel is booked once the visa is issued and before arrival; the case is at ${s.stage}.`,
      `Le voyage est réservé une fois le visa délivré et avant l'arrivée ; le dossier est à l'étape ${stageFr(s.stage)}.`,
    );
  }
  if (s.sponsorship.reassessment) {
    return words(
      'The case is on hold until MIDI reassesses the sponsorship (a dependant was added).',
      'Le dossier est suspendu en attendant que le MIDI réévalue le parrainage (une personne à charge a été ajoutée).',
    );
  }
  return null;
}

/** Rule 8: travel booked (or re-booked) after the visa, before arrival, on dates the rules allow. */
export function travelRefusal(s: CaseState, body: TravelBody, ctx: RuleContext): Refusal {
  if (sameBooking(s, body)) return null;
  const closed = travelOpen(s);
  if (closed) return closed;
  const urgent = body.urgent === true;
  if (urgent && s.stream !== 'GAR') {
    return words(
      'Only a government-assisted refugee (GAR) case may be flagged urgent (urgent protection).',
      "Seul le dossier d'un réfugié pris en charge par le gouvernement (RPG) peut être marqué urgent (protection urgente).",
    );
  }
  const arrival = body.arrivalDate;
  if (s.visa.expiresOn && arrival >= s.visa.expiresOn) {
    return words(
      `The arrival date ${arrival} must be before the visa expires (${s.visa.expiresOn}).`,
      `La date d'arrivée ${arrival} doit précéder l'expiration du visa (${s.visa.expiresOn}).`,
    );
  }
  if (s.stream === 'GAR' && body.portOfEntry !== GAR_PORT_OF_ENTRY) {
    return words(
      `A government-assisted refugee arrives at Montréal–Trudeau (${GAR_PORT_OF_ENTRY}), not ${body.portOfEntry}.`,
      `Un réfugié pris en charge par le gouvernement arrive à Montréal–Trudeau (${GAR_PORT_OF_ENTRY}), non à ${body.portOfEntry}.`,
    );
  }
  // Urgent protection cases travel as soon as they can: no lead time, no reception calendar.
  if (urgent) return null;
  const earliest = dateAfter(today(ctx), ctx.policy.natLeadTime);
  if (arrival < earliest) {
    return words(
      `The arrival date ${arrival} leaves too little notice: the NAT lead time allows arrivals from ${earliest}.`,
      `La date d'arrivée ${arrival} laisse un préavis trop court : le délai de l'avis d'arrivée (TAN) permet des arrivées à partir du ${earliest}.`,
    );
  }
  return s.stream === 'GAR' ? garReceptionRefusal(arrival) : null;
}

/** Rule 8, GAR only: MIDI receives GARs Monday to Thursday, outside the blackout periods. */
function garReceptionRefusal(arrival: string): Refusal {
  const weekday = dayOfWeek(arrival);
  if (weekday === 5 || weekday === 6 || weekday === 0) {
    return words(
      `A government-assisted refugee may not arrive on a Friday, Saturday or Sunday (${arrival} is a ${WEEKDAY_NAMES[weekday]}).`,
      `Un réfugié pris en charge par le gouvernement ne peut pas arriver un vendredi, un samedi ou un dimanche (le ${arrival} est un ${WEEKDAY_NAMES_FR[weekday]}).`,
    );
  }
  const monthDay = arrival.slice(5);
  for (const [from, to] of GAR_BLACKOUTS) {
    if (monthDay >= from && monthDay <= to) {
      return words(
        `A government-assisted refugee may not arrive from ${from} to ${to} (month-day); ${arrival} falls in that period.`,
        `Un réfugié pris en charge par le gouvernement ne peut pas arriver du ${from} au ${to} (mois-jour) ; le ${arrival} tombe dans cette période.`,
      );
    }
  }
  return null;
}

/** Rule 10, the part that looks at the case alone: an arrival is recorded once, after travel is booked. */
export function arrivalOpen(s: CaseState): Refusal {
  if (s.arrival) {
    return words(
      `The arrival is already recorded (on ${s.arrival.arrivedOn} at ${s.arrival.portOfEntry}).`,
      `L'arrivée est déjà enregistrée (le ${s.arrival.arrivedOn} à ${s.arrival.portOfEntry}).`,
    );
  }
  if (s.stage !== 'travel-booked') {
    return words(
      `An arrival is recorded once travel is booked; the case is at ${s.stage}.`,
      `Une arrivée est enregistrée une fois le voyage réservé ; le dossier est à l'étape ${stageFr(s.stage)}.`,
    );
  }
  return null;
}

/** Rule 10: arrival recorded once travel is booked, on a date that has come. */
export function arrivalRefusal(s: CaseState, body: ArrivalBody, ctx: RuleContext): Refusal {
  const closed = arrivalOpen(s);
  if (closed) return closed;
  if (body.arrivedOn > today(ctx)) {
    return words(
      `The arrival date ${body.arrivedOn} is in the future; record an arrival once it happened.`,
      `La date d'arrivée ${body.arrivedOn} est dans le futur ; enregistrez une arrivée une fois qu'elle a eu lieu.`,
    );
  }
  return null;
}
