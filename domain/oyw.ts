/** The one-year window (OYW, IRPR s.141) messages, shared by the API, the case and its OYW children. */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from './case-types';
import type { CaseView } from './case';
import type { Policy } from './policy';
import type { OywDecisionBody } from './schemas';

export interface OywOpening {
  memberId: string;
}

export interface OywDecisionRequest {
  oywId: string;
  body: OywDecisionBody;
  by: Role;
}

/** ROC-O opens an OYW application on the case; the answer names it. */
export const openOywUpdate = defineUpdate<{ oywId: string; case: CaseView }, [{ body: OywOpening; by: Role }]>(
  'openOywApplication',
);

/** MIDI's selection or ROC-O's R141 decision on an OYW application, sent to the case. */
export const oywDecisionUpdate = defineUpdate<CaseView, [OywDecisionRequest]>('oywDecision');

/** The case passes each decision on to the OYW child workflow that runs the application. */
export const oywDecisionSignal = defineSignal<[{ decision: 'approved' | 'refused'; by: Role }]>('oywDecision');

export interface OywInput {
  caseId: string;
  oywId: string;
  memberId: string;
  policy: Policy;
  /** Set when the case sends MIDI the selection request itself (OYW_REQUEST_PATCH); the child then does not. */
  requestedByCase?: boolean;
}

export interface OywResult {
  oywId: string;
  selection: 'approved' | 'refused';
  outcome: 'approved' | 'refused';
}

/** The patch from which the case, not its OYW child, reminds MIDI of a selection and watches ROC-O's due date (rule 13). */
export const OYW_FOLLOW_UPS_PATCH = 'oyw-follow-ups-in-case';

/** The patch from which the case, not its OYW child, sends MIDI the selection request, as one of its effects (rule 19). */
export const OYW_REQUEST_PATCH = 'oyw-request-in-case';
