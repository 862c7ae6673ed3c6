/**
 * What the Temporal UI shows of a case under "Current details" (spec §5: what ops see): its stage, next deadline and
 * what it waits for, as Markdown. No personal data: stages, decision names, effect ids and their errors in words.
 * Pure: the workflow sets it (`setCurrentDetails`) after every change.
 */
import { overdue, shownDeadline, type CaseState } from './case';
import { awaitingMidi } from './search-attributes';
import type { Policy } from './policy';
import { actionsOpen } from '../workflows/rules/open';

/**
 * What every case shows under "Details" in the Temporal UI (set when it opens, like its summary; Markdown): where
 * its state is read, and how ops repair a failed effect from the UI. The same for every case: no personal data.
 */
export const CASE_STATIC_DETAILS =
  'Stage, next deadline and what the case waits for: **Current Details** (press R to read them again). ' +
  'A failed effect, once its cause is mended: **Send a Signal** `retryEffect` with input `{"effectId": "e3"}` ' +
  '(its id as Current Details names it); a Signal the case cannot apply is kept in `rejectedSignals`.';

/**
 * The case's current details as Markdown, one bullet a line: `Stage`, `Next deadline` (its kind, what it is about,
 * its instant in UTC, ISO 8601), `Waiting for` (MIDI's decisions asked for, the decisions open now, effects queued,
 * the database's copy left out), then, when there are any, `Late` (`overdue`), `Failed effects` (id, kind, error:
 * retried by the Signal `retryEffect`) and the last rejected Signal. Never throws; names no person.
 */
export function caseDetails(s: CaseState, policy: Policy): string {
  const lines = [`**Stage:** ${s.stage}${s.outcome ? ` (outcome: ${s.outcome})` : ''} · ${s.stream} · visa office ${s.visaOffice}`];
  const next = shownDeadline(s, policy);
  const due = next && Number.isFinite(next.dueAt) ? new Date(next.dueAt).toISOString() : null;
  lines.push(`**Next deadline:** ${next && due ? `${next.kind}${next.about ? ` (${next.about})` : ''}, ${due}` : 'none'}`);
  const waits: string[] = [];
  const midi = awaitingMidi(s);
  if (midi.length) waits.push(`MIDI's decision on ${midi.join(', ')}`);
  if (s.sponsorship.reassessment && !s.outcome) waits.push('on hold: MIDI reassesses the sponsorship');
  const open = actionsOpen(s);
  if (open.length) waits.push(`decisions open: ${open.join(', ')}`);
  const effects = s.effects ?? [];
  // Writing the database's copy is not news (the case view leaves it out too); its end changes nothing shown.
  const pending = effects.filter((e) => e.status === 'pending' && e.request.kind !== 'case-record').length;
  if (pending) waits.push(`${pending} effect${pending > 1 ? 's' : ''} queued`);
  lines.push(`**Waiting for:** ${waits.length ? waits.join('; ') : 'nothing'}`);
  const late = overdue(s);
  if (late.length) lines.push(`**Late:** ${late.join(', ')}`);
  const failed = effects.filter((e) => e.status === 'failed');
  if (failed.length) {
    const named = failed.map((e) => {
      const what = e.request.kind === 'notice' ? `notice ${e.request.notice.kind} to ${e.request.notice.party}` : e.request.kind;
      return `${e.effectId} (${what}): ${e.error ?? 'failed'}`;
    });
    lines.push(`**Failed effects** (Send a Signal \`retryEffect\`, input \`{"effectId": "…"}\`): ${named.join('; ')}`);
  }
  const rejected = s.rejectedSignals?.[s.rejectedSignals.length - 1];
  // The reason as code: the UI's markdown would curl its quotes, and ops copy the JSON it shows.
  if (rejected) lines.push(`**Last rejected Signal:** ${rejected.signal} at ${rejected.at}: \`${rejected.reason.replace(/`/g, "'")}\``);
  return lines.map((line) => `- ${line}`).join('\n');
}
