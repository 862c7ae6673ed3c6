/**
 * The HTTP API's shapes (spec §4) in TypeBox: request bodies (at once validation, TypeScript types
 * and the OpenAPI pages; unknown fields are refused, not stripped) and answers (the OpenAPI pages
 * and the serializer; see below).
 */
import {
  Type,
  type ObjectOptions,
  type SchemaOptions,
  type Static,
  type TProperties,
  type TSchema,
} from '@sinclair/typebox';
import { DOCUMENT_TYPES, LANGUAGES, OUTCOMES, RELATIONSHIPS, STAGES, STREAMS } from './case-types';
import { DOCUMENT_CONTENT_TYPES } from './documents';
import { DATE_FORMAT, DATE_TIME_FORMAT, DOCUMENT_ID_FORMAT, IATA_FORMAT, TEXT_FORMAT } from './formats';

const strict = <P extends TProperties>(properties: P, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A string from a list, as OpenAPI 3.0 writes it (`enum`; 3.0 has no `const`). */
const StringEnum = <T extends string>(values: readonly T[], options: SchemaOptions = {}) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], ...options }));
/**
 * Free text (spec §4): no control characters or lone surrogates (the `text` format), trimmed before
 * validation (api/content-types.ts trims every string whose schema has this format), not empty, at
 * most 200 characters unless a tighter limit is given.
 */
const Text = (options: SchemaOptions = {}) => Type.String({ format: TEXT_FORMAT, minLength: 1, maxLength: 200, ...options });
/** A calendar date that exists (domain/formats.ts). */
const CalendarDate = Type.String({ format: DATE_FORMAT, description: 'YYYY-MM-DD, a date that exists' });
/** RFC 3339 date and time with its UTC offset, both existing (domain/formats.ts). */
const IsoDateTime = Type.String({
  format: DATE_TIME_FORMAT,
  description: 'RFC 3339 with its UTC offset, e.g. 2026-12-09T14:30:00Z or 2026-12-09T09:30:00-05:00',
});
const Iata = Type.String({ format: IATA_FORMAT, description: 'IATA airport code, e.g. YUL' });
const Reason = Type.Optional(Text({ maxLength: 2000 }));

export const PersonSchema = strict({
  familyName: Text(),
  givenNames: Text(),
  dateOfBirth: CalendarDate,
  sex: Type.Optional(Text({ maxLength: 20, description: 'as on the travel document, e.g. F, M or X' })),
});

export const FamilyMemberSchema = strict({
  ...PersonSchema.properties,
  relationship: StringEnum(RELATIONSHIPS),
  accompanying: Type.Boolean(),
});

export const SponsorSchema = strict({
  groupId: Text({ maxLength: 100 }),
  name: Text(),
  contact: strict({
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'where notices to the sponsor go (RFC 5321: at most 254 characters)' })),
    phone: Type.Optional(Text({ minLength: 3, maxLength: 40 })),
    language: Type.Optional(StringEnum(LANGUAGES)),
  }),
});

export const FlightSchema = strict({
  carrier: Text({ maxLength: 60 }),
  number: Text({ maxLength: 20 }),
  from: Iata,
  to: Iata,
  departure: IsoDateTime,
  arrival: IsoDateTime,
});

export const OpenCaseBody = strict({
  stream: StringEnum(['PSR', 'GAR'] as const),
  principalApplicant: PersonSchema,
  familyMembers: Type.Array(FamilyMemberSchema, { maxItems: 30 }),
  sponsor: Type.Optional(SponsorSchema),
  visaOffice: Text({ maxLength: 100, description: "the office abroad's city, e.g. Nairobi" }),
});
export type OpenCaseBody = Static<typeof OpenCaseBody>;

const decision = <A extends string, B extends string>(yes: A, no: B) => StringEnum([yes, no] as const);

export const SponsorshipDecisionBody = strict({ decision: decision('approved', 'refused'), reason: Reason });
/** A document's id, as `POST /applications/:caseId/documents` answered it. */
const DocumentId = Type.String({ format: DOCUMENT_ID_FORMAT, maxLength: 36, description: 'as the upload answered it (201): a UUID in lowercase' });
export const PrApplicationBody = strict({
  documents: Type.Array(
    strict(
      {
        type: StringEnum(DOCUMENT_TYPES, { description: 'a document type of rule 3, or other' }),
        documentId: Type.Optional(DocumentId),
        fileName: Type.Optional(Text({ description: 'a document received on paper' })),
      },
      { description: 'a document uploaded ({type, documentId}) or received on paper ({type, fileName}): one of the two' },
    ),
    { maxItems: 100 },
  ),
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
  flights: Type.Array(FlightSchema, { maxItems: 10, description: 'the flights, as far as they are known' }),
  urgent: Type.Optional(Type.Boolean()),
});
export const ArrivalBody = strict({ arrivedOn: CalendarDate, portOfEntry: Iata });
export const DependantBody = strict({ dependant: FamilyMemberSchema });
export const WithdrawalBody = strict({ reason: Text({ maxLength: 2000 }) });
export const OywApplicationBody = strict({ memberId: Text({ maxLength: 20 }) });
export const OywDecisionBody = strict({ decision: decision('approved', 'refused'), reason: Reason });

export const CaseIdParams = strict({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });
export const OywParams = strict({ ...CaseIdParams.properties, oywId: Type.String({ minLength: 1, maxLength: 20 }) });
export const DocumentParams = strict({ ...CaseIdParams.properties, documentId: DocumentId });
export const EffectParams = strict({
  ...CaseIdParams.properties,
  effectId: Type.String({ pattern: '^e[0-9]{1,9}$', description: 'as the case lists it in effects, e.g. e3' }),
});

export const ListQuery = strict({
  stage: Type.Optional(StringEnum(STAGES)),
  stream: Type.Optional(StringEnum(STREAMS)),
  destination: Type.Optional(Type.String({ format: TEXT_FORMAT, maxLength: 100 })),
  pageToken: Type.Optional(Type.String({ maxLength: 2000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/* ------------------------------------------------------------------------------------------------
 * Answers (spec §4), for the OpenAPI pages and the serializer. Fastify writes answers with
 * fast-json-stringify, which drops every property a schema does not list, throws on a required
 * property that is missing, and throws when no branch of a union accepts the value. So every object
 * below keeps the fields it does not list (`additionalProperties: true`), nullable fields are
 * unions with Null, and only what the contract promises is required: the case's other fields are
 * listed, for the pages, as optional.
 * --------------------------------------------------------------------------------------------- */

/** An object that keeps the fields it does not list. */
const open = <P extends TProperties>(properties: P, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: true, ...options });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: DATE_TIME_FORMAT });

export const ErrorBody = open(
  { error: Type.String({ description: 'a code, e.g. bad-request, conflict' }), message: Type.String() },
  { description: 'An error: a code and words a person understands' },
);

const ERROR_MEANINGS = {
  400: 'Bad input, unknown fields included',
  401: 'No token, a bad token or an expired one',
  403: 'The role may not do this',
  404: 'No such case (or not one the sponsor may see)',
  409: "Not allowed in the case's current state: the rule, in words",
  422: 'The Idempotency-Key was first sent with a different request',
  413: 'The request body is too large',
  415: 'The request body is not of the type the route takes (JSON; a PDF, JPEG or PNG for a document)',
  429: 'Over the rate limit',
  503: 'Temporal, the database or the worker is unavailable; retry shortly',
} as const;
export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** The error answers of a route, by status: `{ 400: ErrorBody, 404: ErrorBody, ... }`. */
export function errorResponses<C extends ErrorStatus>(...statuses: C[]): { [K in C]: typeof ErrorBody } {
  const responses = {} as { [K in C]: typeof ErrorBody };
  for (const status of statuses) responses[status] = open(ErrorBody.properties, { description: ERROR_MEANINGS[status] });
  return responses;
}

// The views of what the requests carried: the same fields, keeping any the case adds.
const PersonView = open(PersonSchema.properties);

export const MemberView = open({
  memberId: Type.String({ description: 'm1, m2, ...: how decisions name the member' }),
  ...FamilyMemberSchema.properties,
});

const SponsorView = open({
  groupId: Type.String(),
  name: Type.String(),
  contact: open({
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    language: Type.Optional(StringEnum(LANGUAGES)),
  }),
});

const FlightView = open(FlightSchema.properties);

const OywView = open({
  oywId: Type.String(),
  memberId: Type.String(),
  status: StringEnum(['open', 'closed'] as const),
  outcome: Nullable(StringEnum(['approved', 'refused'] as const)),
  selection: Type.Optional(Nullable(StringEnum(['approved', 'refused'] as const, { description: "MIDI's selection" }))),
  awaiting: Type.Optional(
    Nullable(StringEnum(['midi', 'roc-o'] as const, { description: "whose decision the open application awaits: MIDI's selection, then ROC-O's under R141 (rule 13)" })),
  ),
});

const NextDeadline = open(
  {
    kind: Type.String({ description: 'e.g. pr-application-reminder, midi-follow-up, visa-expiry, settlement, oyw-decision-due' }),
    about: Type.Optional(Type.String({ description: 'which MIDI decision a follow-up is for (csq, oyw-1, …); which OYW application is due' })),
    dueAt: DateTime,
  },
  { description: 'The earliest deadline (or an OYW decision already past its due date), or null when the case waits only on people' },
);

/** The case as `GET /applications/:caseId` shows it, and as every POST on a case but OYW answers. */
export const CaseResponse = open(
  {
    caseId: Type.String({ description: 'opaque' }),
    stream: StringEnum(STREAMS),
    stage: StringEnum(STAGES),
    outcome: Nullable(StringEnum(OUTCOMES, { description: 'null while the case is open' })),
    onHold: Type.Boolean({ description: 'a dependant was added and MIDI has not yet reassessed the sponsorship' }),
    openedAt: Type.Optional(DateTime),
    closedAt: Type.Optional(Nullable(DateTime)),
    visaOffice: Type.Optional(Type.String()),
    principalApplicant: Type.Optional(PersonView),
    sponsor: Type.Optional(Nullable(SponsorView)),
    sponsorship: Type.Optional(
      open({
        status: StringEnum(['none', 'awaiting', 'approved', 'refused', 'withdrawn', 'lapsed'] as const),
        reassessmentPending: Type.Boolean(),
      }),
    ),
    missingDocuments: Type.Optional(Type.Array(Type.String())),
    documentsToDigitize: Type.Optional(
      Type.Array(Type.String(), { description: 'a complete package on paper: the required types ROC-O still has to upload (spec §6)' }),
    ),
    gcmsNumber: Nullable(Type.String()),
    csq: open({
      status: StringEnum(['not-requested', 'requested', 'issued', 'refused', 'lapsed'] as const),
      number: Type.Optional(Type.String()),
      validUntil: Type.Optional(CalendarDate),
    }),
    destination: Nullable(Type.String({ description: 'the city in Quebec' })),
    eligibility: Type.Optional(
      Nullable(open({ decision: StringEnum(['eligible', 'ineligible'] as const), refugeeClass: Type.Optional(Type.String()) })),
    ),
    admissibility: Type.Optional(
      Nullable(open({ decision: StringEnum(['admissible', 'inadmissible'] as const), medicalExamDate: Type.Optional(CalendarDate) })),
    ),
    visa: open({
      status: StringEnum(['none', 'issued', 'refused', 'expired'] as const),
      expiresOn: Type.Optional(CalendarDate),
    }),
    travel: Type.Optional(
      Nullable(
        open({
          arrivalDate: CalendarDate,
          portOfEntry: Type.String(),
          flights: Type.Array(FlightView),
          urgent: Type.Boolean(),
          natNumber: Type.String({ description: 'the Notice of Arrival Transmission' }),
        }),
      ),
    ),
    arrival: Type.Optional(Nullable(open({ arrivedOn: CalendarDate, portOfEntry: Type.String() }))),
    familyMembers: Type.Array(MemberView, { description: 'declared as the case opened' }),
    dependants: Type.Array(MemberView, { description: 'added later (rule 11)' }),
    oyw: Type.Array(OywView, { description: 'one-year window applications' }),
    nextDeadline: Nullable(NextDeadline),
    overdue: Type.Optional(Type.Array(Type.String(), { description: 'who has been reminded and has not acted' })),
    actionsOpen: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'the actions the case is open to now, as routes under /applications/:caseId/ (e.g. visa-decision, oyw-applications, oyw-applications/oyw-1/decision): the case-only part of their rules; a request may still be refused for what it carries. Empty on a closed case.',
      }),
    ),
    decisions: Type.Optional(
      Type.Array(
        open({
          name: Type.String({ description: 'the decision, e.g. csq-decision, travel, oyw-selection, oyw-r141' }),
          decision: Type.String({ description: 'its value, e.g. refused, Sherbrooke, booked' }),
          reason: Nullable(Type.String()),
          role: Type.String(),
          at: DateTime,
        }),
        { description: 'every decision taken on the case, newest last (rule 17)' },
      ),
    ),
    effects: Type.Optional(
      Type.Array(
        open({
          effectId: Type.String(),
          kind: Type.String({ description: 'gcms-application, gcms-documents, gcms-member, gcms-closure, notice or case-record' }),
          status: StringEnum(['pending', 'done', 'failed'] as const),
          error: Type.Optional(Type.String({ description: 'why it failed, in words' })),
        }),
        { description: 'what follows the decisions, in order (rule 19); a failed one is retried by ops' },
      ),
    ),
  },
  { description: 'The case' },
);

/** One case in `GET /applications`: its search attributes, no personal data. */
export const CaseSummary = open({
  caseId: Type.String(),
  stream: Nullable(Type.String()),
  stage: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  destination: Nullable(Type.String()),
  visaOffice: Nullable(Type.String()),
  csqStatus: Nullable(Type.String()),
  onHold: Type.Boolean(),
  nextDeadline: Nullable(DateTime),
});

export const CasePage = open(
  {
    items: Type.Array(CaseSummary),
    nextPageToken: Nullable(Type.String({ description: 'pass as pageToken for the next page; null on the last' })),
  },
  { description: 'A page of case summaries, newest first' },
);

export const NoticeList = Type.Array(
  open({
    kind: Type.String(),
    party: Type.String(),
    language: Type.String(),
    status: StringEnum(['queued', 'sent', 'failed', 'undeliverable'] as const, {
      description: 'queued (not yet accepted by the mail server), sent, failed (refused for good), undeliverable (no address)',
    }),
    createdAt: DateTime,
    sentAt: Type.Optional(DateTime),
    messageId: Type.Optional(Type.String({ description: "the email's Message-ID, once the mail server accepted it" })),
    error: Type.Optional(Type.String({ description: 'why it is not sent, in words (a temporary failure while queued)' })),
    natNumber: Type.Optional(Type.String()),
    amends: Type.Optional(Type.String({ description: 'the NAT number an amended NAT replaces' })),
  }),
  { description: 'The notices sent on the case (the outbox), oldest first' },
);

export const AuditList = Type.Array(
  open({
    at: DateTime,
    sub: Nullable(Type.String()),
    role: Nullable(Type.String()),
    action: Type.String({ description: 'method and route, e.g. POST /applications/:caseId/visa-decision' }),
    status: Type.Integer({ description: 'the HTTP status answered' }),
    outcome: StringEnum(['accepted', 'refused'] as const),
    reason: Nullable(Type.String({ description: 'why it was refused, in the words the person was given' })),
    requestId: Type.String(),
    documentId: Type.Optional(Type.String({ description: 'the document uploaded or read (spec §6)' })),
  }),
  { description: 'Every attempt on the case, allowed or refused, oldest first' },
);

/** `POST /applications/:caseId/oyw-applications` answers 201 with the application opened. */
export const OywOpened = open(
  {
    ...OywView.properties,
    caseId: Type.String(),
    workflowId: Type.String({ description: 'the child workflow that runs the application' }),
  },
  { description: 'The OYW application opened' },
);

export const AttentionReport = open(
  {
    generatedAt: Nullable(DateTime),
    cases: Type.Array(
      open({
        caseId: Type.String(),
        stream: Type.String(),
        stage: Type.String(),
        nextDeadline: Nullable(NextDeadline),
        overdue: Type.Array(Type.String()),
      }),
    ),
  },
  { description: 'The latest daily list of open cases past a deadline; generatedAt null before the first' },
);

export const Liveness = open({ status: StringEnum(['ok'] as const) }, { description: 'The process answers' });
export const Readiness = open(
  {
    status: StringEnum(['ready', 'unavailable'] as const),
    checks: open({
      database: Type.String({ description: 'ok, or what failed' }),
      temporal: Type.String({ description: 'ok, or what failed' }),
      worker: Type.String({ description: 'ok, or what failed' }),
    }),
  },
  { description: 'Ready (200) when Temporal, the database and a worker polling answer; 503 otherwise' },
);

/** A document stored for a case (spec §6): `POST /applications/:caseId/documents` answers it (201); the list shows each. */
export const DocumentView = open(
  {
    documentId: Type.String(),
    type: StringEnum(DOCUMENT_TYPES),
    fileName: Type.String(),
    contentType: StringEnum(Object.values(DOCUMENT_CONTENT_TYPES)),
    bytes: Type.Integer(),
    sha256: Type.String({ description: 'SHA-256 of the bytes, lowercase hex' }),
    uploadedAt: DateTime,
  },
  { description: 'A document stored for the case (its contents are read from its own URL)' },
);

/** A document's bytes, as uploaded, with its content type (application/pdf, image/jpeg or image/png). */
export const DocumentFile = Type.Unsafe<Buffer>(
  Type.String({ format: 'binary', description: 'The file, byte for byte as uploaded, as an attachment (Content-Disposition) with its content type' }),
);

export const DocumentList = Type.Array(
  open({
    ...DocumentView.properties,
    inGcmsRecord: Type.Boolean({ description: "listed in the case's GCMS record, with its checksum" }),
  }),
  { description: 'The documents stored for the case, oldest first, without their contents' },
);

/** Temporal's codec protocol: payloads with base64 metadata values and data. */
export const CodecPayloads = open({
  payloads: Type.Array(
    open({
      metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
      data: Type.Optional(Type.String()),
    }),
  ),
}, { description: 'The payloads, encoded or decoded, in the order given' });

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
