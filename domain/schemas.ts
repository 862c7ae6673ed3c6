/**
 * Request bodies of the HTTP API (spec §4) in TypeBox: at once validation, TypeScript types
 * and the OpenAPI pages. Unknown fields are refused, not stripped.
 */
import { Type, type Static, type TSchema, type ObjectOptions, type TProperties } from '@sinclair/typebox';

const strict = <P extends TProperties>(properties: P, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

const Text = (options = {}) => Type.String({ minLength: 1, maxLength: 200, ...options });
const CalendarDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Iata = Type.String({ pattern: '^[A-Z]{3}$', description: 'IATA airport code, e.g. YUL' });
const Reason = Type.Optional(Type.String({ maxLength: 2000 }));

export const PersonSchema = strict({
  familyName: Text(),
  givenNames: Text(),
  dateOfBirth: CalendarDate,
  sex: Type.Optional(Type.Union([Type.Literal('F'), Type.Literal('M'), Type.Literal('X')])),
});

export const FamilyMemberSchema = strict({
  ...PersonSchema.properties,
  relationship: Type.Union([Type.Literal('spouse'), Type.Literal('common-law-partner'), Type.Literal('child')]),
  accompanying: Type.Boolean(),
});

export const SponsorSchema = strict({
  groupId: Text({ maxLength: 100 }),
  name: Text(),
  contact: strict({
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    language: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  }),
});

export const FlightSchema = strict({
  carrier: Text({ maxLength: 60 }),
  number: Text({ maxLength: 20 }),
  from: Iata,
  to: Iata,
  departure: Type.String({ format: 'date-time' }),
  arrival: Type.String({ format: 'date-time' }),
});

export const OpenCaseBody = strict({
  stream: Type.Union([Type.Literal('PSR'), Type.Literal('GAR')]),
  principalApplicant: PersonSchema,
  familyMembers: Type.Array(FamilyMemberSchema, { maxItems: 30 }),
  sponsor: Type.Optional(SponsorSchema),
  visaOffice: Text({ maxLength: 100, description: "the office abroad's city, e.g. Nairobi" }),
});
export type OpenCaseBody = Static<typeof OpenCaseBody>;

const decision = <A extends string, B extends string>(yes: A, no: B) =>
  Type.Union([Type.Literal(yes), Type.Literal(no)]);

export const SponsorshipDecisionBody = strict({ decision: decision('approved', 'refused'), reason: Reason });
export const PrApplicationBody = strict({
  documents: Type.Array(strict({ type: Text({ maxLength: 100 }), fileName: Text({ maxLength: 255 }) }), {
    maxItems: 100,
  }),
});
export const CsqDecisionBody = strict({
  decision: decision('issued', 'refused'),
  csqNumber: Type.Optional(Text({ maxLength: 50 })),
  validUntil: Type.Optional(CalendarDate),
  reason: Reason,
});
export const DestinationBody = strict({ city: Text({ maxLength: 100 }) });
export const EligibilityDecisionBody = strict({
  decision: decision('eligible', 'ineligible'),
  refugeeClass: Type.Optional(decision('convention-refugee-abroad', 'country-of-asylum')),
  reason: Reason,
});
export const AdmissibilityDecisionBody = strict({
  decision: decision('admissible', 'inadmissible'),
  medicalExamDate: Type.Optional(CalendarDate),
  reason: Reason,
});
export const VisaDecisionBody = strict({ decision: decision('issued', 'refused'), reason: Reason });
export const TravelBody = strict({
  arrivalDate: CalendarDate,
  portOfEntry: Iata,
  flights: Type.Array(FlightSchema, { minItems: 1, maxItems: 10 }),
  urgent: Type.Optional(Type.Boolean()),
});
export const ArrivalBody = strict({ arrivedOn: CalendarDate, portOfEntry: Iata });
export const DependantBody = strict({ dependant: FamilyMemberSchema });
export const WithdrawalBody = strict({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const OywApplicationBody = strict({ memberId: Text({ maxLength: 20 }) });
export const OywDecisionBody = strict({ decision: decision('approved', 'refused'), reason: Reason });

export const CaseIdParams = strict({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });
export const OywParams = strict({ ...CaseIdParams.properties, oywId: Type.String({ minLength: 1, maxLength: 20 }) });

export const ListQuery = strict({
  stage: Type.Optional(Type.String({ maxLength: 40 })),
  stream: Type.Optional(Type.Union([Type.Literal('PSR'), Type.Literal('GAR')])),
  destination: Type.Optional(Type.String({ maxLength: 100 })),
  pageToken: Type.Optional(Type.String({ maxLength: 2000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

export type Schema = TSchema;
export type SponsorshipDecisionBody = Static<typeof SponsorshipDecisionBody>;
export type PrApplicationBody = Static<typeof PrApplicationBody>;
export type CsqDecisionBody = Static<typeof CsqDecisionBody>;
export type DestinationBody = Static<typeof DestinationBody>;
export type EligibilityDecisionBody = Static<typeof EligibilityDecisionBody>;
export type AdmissibilityDecisionBody = Static<typeof AdmissibilityDecisionBody>;
export type VisaDecisionBody = Static<typeof VisaDecisionBody>;
export type TravelBody = Static<typeof TravelBody>;
export type ArrivalBody = Static<typeof ArrivalBody>;
export type DependantBody = Static<typeof DependantBody>;
export type WithdrawalBody = Static<typeof WithdrawalBody>;
export type OywApplicationBody = Static<typeof OywApplicationBody>;
export type OywDecisionBody = Static<typeof OywDecisionBody>;
