/**
 * Effects (rule 19): what follows a decision — GCMS, notices, the database's copy of the case — kept
 * as a queue in the case's state, run after the decision is answered, in order, durably (the queue
 * survives continue-as-new). Pure: the workflow owns the queue, the view shows it.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Language, NoticeKind, Party, Role } from './case-types';
import type { CaseView } from './case';
import type { GcmsDocument } from './documents';

/** What one effect does. */
export type EffectRequest =
  | { kind: 'gcms-application' }
  /** Spec §6: stored documents with their checksums; on paper, a type and a file name (as every case filed before). */
  | { kind: 'gcms-documents'; documents: GcmsDocument[] }
  | { kind: 'gcms-member'; memberId: string }
  | { kind: 'gcms-closure'; reason: string }
  | { kind: 'notice'; notice: QueuedNotice }
  /** The database's copy of the case (the read model), written as the case is when it runs. */
  | { kind: 'case-record' };

export type EffectKind = EffectRequest['kind'];

/** A notice as the case queues it; the GCMS number is added when it is sent. */
export interface QueuedNotice {
  kind: NoticeKind;
  party: Party;
  /** With kind and party, the notice's identity: the outbox records it once. */
  step: string;
  /** Set for a sponsor whose contact names one; otherwise the party's language from configuration. */
  language?: Language;
  natNumber?: string;
  amends?: string;
  details?: Record<string, unknown>;
}

export type EffectStatus = 'pending' | 'done' | 'failed';

export interface Effect {
  /** e1, e2, …: how ops name it to retry it. */
  effectId: string;
  request: EffectRequest;
  status: EffectStatus;
  /** Why it failed for good, in words and without personal data. */
  error?: string;
  /** Times ops sent it again after a failure. */
  retries: number;
}

/** The failure type an activity raises for a failure that retrying cannot mend (rule 19). */
export const PERMANENT_EFFECT_FAILURE = 'PermanentEffectFailure';

/** Done effects a case keeps in its state (and view); older ones are dropped, failed and pending never. */
export const DONE_EFFECTS_KEPT = 100;

/** An effect as `effects` in the case shows it: `{effectId, kind, status, error?, notice?, party?}`. */
export function effectView(e: Effect) {
  return {
    effectId: e.effectId,
    kind: e.request.kind,
    status: e.status,
    ...(e.error !== undefined && { error: e.error }),
    ...(e.request.kind === 'notice' && { notice: e.request.notice.kind, party: e.request.notice.party }),
    ...(e.retries > 0 && { retries: e.retries }),
  };
}
export type EffectView = ReturnType<typeof effectView>;

/** Ops (or ROC-O) run a failed effect again: `POST /applications/:caseId/effects/:effectId/retry` (rule 19). */
export const retryEffectUpdate = defineUpdate<CaseView, [{ effectId: string; by: Role }]>('retryEffect');

/** An effect's id as the case lists it and the retry route's schema takes it (`effectId` in domain/schemas.ts). */
export const EFFECT_ID_PATTERN = /^e[0-9]{1,9}$/;

/**
 * Ops retry a failed effect from the Temporal UI's "Send a Signal" dialog: signal `retryEffect`, input
 * `{"effectId": "e3"}` (JSON). Checked like `POST …/effects/:effectId/retry` (the id's form, then rule 19's
 * `retryEffectRefusal`); a Signal cannot be refused, so one that would be is kept on the case as rejected
 * (`rejectedSignals`) and changes nothing else.
 */
export const retryEffectSignal = defineSignal<[unknown]>('retryEffect');

/** A Signal the case did not apply, as `rejectedSignals` in the case shows it: no input is repeated but a well-formed effect id. */
export interface RejectedSignal {
  signal: 'retryEffect';
  /** The effect named, when its id has the form of one (`e3`); null otherwise. */
  effectId: string | null;
  /** Why, in words. */
  reason: string;
  /** ISO 8601 instant the case received it. */
  at: string;
}

/** Rejected Signals a case keeps, newest last; older ones are dropped (a flood of bad Signals never grows the case). */
export const REJECTED_SIGNALS_KEPT = 20;

/** The words for a `retryEffect` Signal whose input is not `{"effectId": "e<n>"}`. */
export const RETRY_SIGNAL_MALFORMED =
  'The retryEffect signal takes one JSON object, {"effectId": "e3"}, naming an effect as the case lists it in effects.';

/**
 * The effect id a `retryEffect` Signal's input names, or null when the input is not exactly `{effectId}` with an
 * id of the form `e<1 to 9 digits>` (anything else: not an object, an array, null, other fields, another form).
 */
export function retryEffectSignalId(input: unknown): string | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const keys = Object.keys(input);
  const effectId = (input as { effectId?: unknown }).effectId;
  if (keys.length !== 1 || typeof effectId !== 'string' || !EFFECT_ID_PATTERN.test(effectId)) return null;
  return effectId;
}
