/**
 * The policy durations of spec §3. A case keeps the policy it started with: the API puts the
 * resolved policy in the workflow's input.
 */
import { addDays, addWorkingDays, quebecDate, startOfQuebecDay } from './calendar';

const DAY_MS = 86_400_000;

/** A span of time: elapsed milliseconds, or working days (Monday to Friday) in Quebec. */
export type Duration = { ms: number } | { workingDays: number };

export const POLICY_DURATION_KEYS = [
  'prApplicationDeadline',
  'midiFollowUp',
  'undertakingLapse',
  'medicalValidity',
  'natLeadTime',
  'noShowAfter',
  'sponsorshipPeriod',
  'settlementReportDue',
  'oywWindow',
  'oywDecisionDue',
] as const;
export type PolicyDurationKey = (typeof POLICY_DURATION_KEYS)[number];

export type Policy = Record<PolicyDurationKey, Duration> & { attentionReportCron: string };

/** What a policy file holds: any key of the defaults, durations written as text. */
export type PolicyText = Partial<Record<PolicyDurationKey | 'attentionReportCron', string>>;

export const DEFAULT_POLICY_TEXT: Required<PolicyText> = {
  prApplicationDeadline: '120 days',
  midiFollowUp: '30 days',
  undertakingLapse: '48 months',
  medicalValidity: '365 days',
  natLeadTime: '10 working days',
  noShowAfter: '2 days',
  sponsorshipPeriod: '365 days',
  settlementReportDue: '90 days',
  oywWindow: '365 days',
  oywDecisionDue: '30 days',
  attentionReportCron: '0 6 * * *',
};

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  // A month is a twelfth of a Julian year: "48 months" is four years, leap days included.
  month: (365.25 / 12) * 86_400_000,
  year: 365.25 * 86_400_000,
};

/** Parses "30 days", "2s", "10 working days", "48 months"; throws with the reason otherwise. */
export function parseDuration(text: string): Duration {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z ]+?)\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration such as "30 days", "2s" or "10 working days"`);
  const amount = Number(match[1]);
  const written = match[2].toLowerCase().replace(/\s+/g, ' ');
  // "ms" and "s" are units of their own; otherwise a plural "s" is dropped ("days", "working days").
  const unit = Object.hasOwn(UNIT_MS, written) ? written : written.replace(/s$/, '');
  if (unit === 'working day') return { workingDays: amount };
  const ms = Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit] : undefined;
  if (ms === undefined) throw new Error(`"${text}" has an unknown unit "${match[2]}"`);
  return { ms: amount * ms };
}

/** The default policy overridden by the keys of `overrides`; throws naming a bad key or value. */
export function resolvePolicy(overrides: Record<string, unknown> = {}): Policy {
  const text: Record<string, string> = { ...DEFAULT_POLICY_TEXT };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULT_POLICY_TEXT, key)) throw new Error(`unknown policy key "${key}"`);
    if (typeof value !== 'string') throw new Error(`policy key "${key}" must be a string such as "30 days"`);
    text[key] = value;
  }
  const policy = { attentionReportCron: text.attentionReportCron } as Policy;
  for (const key of POLICY_DURATION_KEYS) {
    try {
      policy[key] = parseDuration(text[key]);
    } catch (err) {
      throw new Error(`policy key "${key}": ${(err as Error).message}`);
    }
  }
  return policy;
}

/** The instant `duration` after `fromMs`. Working days keep the time of day. */
export function addDuration(fromMs: number, duration: Duration): number {
  if ('ms' in duration) return fromMs + duration.ms;
  const date = quebecDate(fromMs);
  const timeOfDay = fromMs - startOfQuebecDay(date);
  return startOfQuebecDay(addWorkingDays(date, duration.workingDays)) + timeOfDay;
}

/** A fraction of a duration, as milliseconds from `fromMs` (reminders at one half, seven eighths). */
export function fractionOf(fromMs: number, duration: Duration, fraction: number): number {
  return fromMs + (addDuration(fromMs, duration) - fromMs) * fraction;
}

/** The first calendar date allowed `duration` after a date (natLeadTime: "0" allows the date itself). */
export function dateAfter(date: string, duration: Duration): string {
  if ('workingDays' in duration) return addWorkingDays(date, duration.workingDays);
  // Whole days count on the calendar, so that a change to or from daylight time moves no date.
  if (duration.ms % DAY_MS === 0) return addDays(date, duration.ms / DAY_MS);
  return quebecDate(startOfQuebecDay(date) + duration.ms);
}
