/**
 * Spec §4 "Bad input" that needs no case: is what the request says possible at all, today? Pure
 * functions of the body and Quebec's date today; each answers null, or the field and what is wrong
 * with it. The API runs them before anything starts or changes (400). The checks that need the
 * case's state (an exam recent enough for the case's policy, an arrival after the visa's issue) are
 * the workflow's (workflows/rules/input.ts).
 *
 * The bodies have passed their schemas: dates exist and are written YYYY-MM-DD, times are RFC 3339
 * with an offset.
 */
import { addDays, quebecDate } from './calendar';
import type {
  AdmissibilityDecisionBody,
  CsqDecisionBody,
  DependantBody,
  OpenCaseBody,
  PrApplicationBody,
  TravelBody,
} from './schemas';

/** A field of the request and what is wrong with it, in words that follow the field's name. */
export interface Implausible {
  /** Where, as the API names it: `body.flights.1.departure`. */
  field: string;
  /** What is wrong, a sentence that follows the field's name: `is 2099-01-01, in the future: …`. */
  message: string;
}

/** A check of a request body, given Quebec's calendar date today (YYYY-MM-DD). */
export type PlausibilityCheck<B = never> = (body: B, today: string) => Implausible | null;

/** The earliest date of birth taken. */
export const EARLIEST_BIRTH = '1900-01-01';

const first = (...found: Array<Implausible | null>): Implausible | null => found.find((f) => f !== null) ?? null;

/** A date of birth on or after 1900-01-01 and not after today (a child born today may be declared). */
export function birthDateImplausible(field: string, dateOfBirth: string, today: string): Implausible | null {
  if (dateOfBirth > today) {
    // The date itself is not repeated: it is personal data, and the answer's words are kept in the audit.
    return { field, message: `is in the future: a date of birth is today (${today}) or earlier.` };
  }
  if (dateOfBirth < EARLIEST_BIRTH) {
    return { field, message: `is before ${EARLIEST_BIRTH}: a date of birth is on or after ${EARLIEST_BIRTH}.` };
  }
  return null;
}

/** Opening a case: the principal applicant's and each family member's date of birth. */
export function openingImplausible(body: OpenCaseBody, today: string): Implausible | null {
  return first(
    birthDateImplausible('body.principalApplicant.dateOfBirth', body.principalApplicant.dateOfBirth, today),
    ...body.familyMembers.map((m, i) => birthDateImplausible(`body.familyMembers.${i}.dateOfBirth`, m.dateOfBirth, today)),
  );
}

/** A dependant's date of birth. */
export function dependantImplausible(body: DependantBody, today: string): Implausible | null {
  return birthDateImplausible('body.dependant.dateOfBirth', body.dependant.dateOfBirth, today);
}

/** A medical exam is recorded once it took place: not in the future. */
export function admissibilityImplausible(body: AdmissibilityDecisionBody, today: string): Implausible | null {
  const exam = body.medicalExamDate;
  if (!exam || exam <= today) return null;
  return {
    field: 'body.medicalExamDate',
    message: `is ${exam}, in the future: a medical exam is recorded once it took place (today is ${today}).`,
  };
}

/** A CSQ is valid until a date in the future. */
export function csqImplausible(body: CsqDecisionBody, today: string): Implausible | null {
  const until = body.validUntil;
  if (!until || until > today) return null;
  return { field: 'body.validUntil', message: `is ${until}: a CSQ is valid until a date after today (${today}).` };
}

/**
 * Flights as they can be flown: each lands after it departs, each departs after the previous one
 * lands, and the last one lands at the port of entry on the arrival date, in Quebec time, a day
 * either way (a timetable's dates are local to each airport).
 */
/** No scheduled flight is longer (the longest non-stop flights take about 19 hours). */
export const LONGEST_FLIGHT_MS = 24 * 3_600_000;

export function travelImplausible(body: TravelBody, _today: string): Implausible | null {
  const { flights, arrivalDate, portOfEntry } = body;
  for (const [i, flight] of flights.entries()) {
    const departs = Date.parse(flight.departure);
    const lands = Date.parse(flight.arrival);
    if (lands <= departs) {
      return {
        field: `body.flights.${i}.arrival`,
        message: `is ${flight.arrival}, not after the flight departs (${flight.departure}).`,
      };
    }
    if (flight.from === flight.to) {
      return { field: `body.flights.${i}.to`, message: `is ${flight.to}, the airport the flight departs from.` };
    }
    if (lands - departs > LONGEST_FLIGHT_MS) {
      return {
        field: `body.flights.${i}.arrival`,
        message: `is ${flight.arrival}, more than ${LONGEST_FLIGHT_MS / 3_600_000} hours after the flight departs (${flight.departure}).`,
      };
    }
    const previous = flights[i - 1];
    if (previous && departs <= Date.parse(previous.arrival)) {
      return {
        field: `body.flights.${i}.departure`,
        message: `is ${flight.departure}, not after the previous flight lands (${previous.arrival}): list the flights in the order they are flown.`,
      };
    }
  }
  const last = flights.at(-1);
  if (!last) return null;
  const i = flights.length - 1;
  if (last.to !== portOfEntry) {
    return {
      field: `body.flights.${i}.to`,
      message: `is ${last.to}: the last flight lands at the port of entry (body.portOfEntry ${portOfEntry}).`,
    };
  }
  const landsOn = quebecDate(Date.parse(last.arrival));
  if (landsOn < addDays(arrivalDate, -1) || landsOn > addDays(arrivalDate, 1)) {
    return {
      field: `body.flights.${i}.arrival`,
      message: `is ${last.arrival}, ${landsOn} in Quebec: the last flight lands on the arrival date (body.arrivalDate ${arrivalDate}), a day either way.`,
    };
  }
  return null;
}

/**
 * Spec §6: each document of a PR application is uploaded (`documentId`) or on paper (`fileName`), one of the two,
 * and an uploaded one is named once.
 */
export function packageImplausible(body: PrApplicationBody): Implausible | null {
  const ids = body.documents.map((d) => d.documentId);
  const again = ids.findIndex((id, i) => id !== undefined && ids.indexOf(id) < i);
  if (again >= 0) {
    return { field: `body.documents.${again}.documentId`, message: `names document ${ids[again]} again: a package names each document once.` };
  }
  const i = body.documents.findIndex((d) => (d.documentId === undefined) === (d.fileName === undefined));
  if (i < 0) return null;
  const both = body.documents[i].documentId !== undefined;
  return {
    field: `body.documents.${i}`,
    message: both
      ? 'names both a documentId and a fileName: a document is either uploaded (documentId) or received on paper (fileName).'
      : 'names neither a documentId nor a fileName: give the documentId of an uploaded document, or the fileName of one received on paper.',
  };
}
