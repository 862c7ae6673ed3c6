/**
 * Calendar dates in Quebec's time zone (America/Montreal). Pure and deterministic, so the
 * workflow can use them with its own clock.
 */

const QUEBEC_TIME_ZONE = 'America/Montreal';
const DAY_MS = 24 * 60 * 60 * 1000;

const dateParts = new Intl.DateTimeFormat('en-US', {
  timeZone: QUEBEC_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function partsAt(ms: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of dateParts.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** Offset of Quebec's wall clock from UTC at an instant, in ms (negative: behind UTC). */
function quebecOffsetMs(ms: number): number {
  const p = partsAt(ms);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) in Quebec at an instant. */
export function quebecDate(ms: number): string {
  const p = partsAt(ms);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant a Quebec calendar date begins. */
export function startOfQuebecDay(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const first = utcMidnight - quebecOffsetMs(utcMidnight);
  return utcMidnight - quebecOffsetMs(first);
}

/** A date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

export function isWorkingDay(date: string): boolean {
  const d = dayOfWeek(date);
  return d !== 0 && d !== 6;
}

/** The date `n` working days (Monday to Friday) after `date`; 0 gives `date` itself. */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  // The round trip is the whole check: only YYYY-MM-DD of a day that exists comes back as written.
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}
