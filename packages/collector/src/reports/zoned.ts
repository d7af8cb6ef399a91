/**
 * Calendar arithmetic in an IANA time zone, with nothing but `Intl`: reports define days,
 * weeks and months in the site's (or the request's) zone, and DST makes a local day 23
 * or 25 hours long, so ranges are computed on local dates and turned into instants here.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Whether `tz` is an IANA zone name this runtime knows. Only names are accepted (not
 * offsets such as `+08:00`), because the stores resolve the same name with their own
 * zone databases.
 */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(tz) || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The runtime's canonical spelling of a valid zone name (`asia/shanghai` becomes
 * `Asia/Shanghai`), or null. Reports send this spelling to the stores: ClickHouse loads
 * zone files by exact, case-sensitive name.
 */
export function canonicalTimeZone(tz: string): string | null {
  return isTimeZone(tz) ? formatter(tz).resolvedOptions().timeZone : null;
}

/** A local calendar date. `m` is 1–12. */
export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

/** The local wall-clock fields of `instant` in `tz`. */
function wallClock(instant: number, tz: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetAt(instant: number, tz: string): number {
  const w = wallClock(instant, tz);
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - whole;
}

/** Hours between the samples of {@link fixedOffset}: no zone changes its offset twice within them. */
const OFFSET_STEP_MS = 3 * 3_600_000;

/**
 * The zone's offset from UTC in ms when it is the same throughout [`from`, `to`) (no DST
 * change, no other change of rule inside), else null. It samples every three hours and
 * the last instant: a range of 30 days costs about 240 lookups.
 */
export function fixedOffset(tz: string, from: Date, to: Date): number | null {
  const start = from.getTime();
  const end = to.getTime() - 1;
  const offset = offsetAt(start, tz);
  for (let t = start + OFFSET_STEP_MS; t < end; t += OFFSET_STEP_MS) if (offsetAt(t, tz) !== offset) return null;
  return offsetAt(end, tz) === offset ? offset : null;
}

/** The local date of `instant` in `tz`. */
export function localDateOf(instant: Date, tz: string): LocalDate {
  const { y, m, d } = wallClock(instant.getTime(), tz);
  return { y, m, d };
}

/**
 * The instant of local midnight starting `date` in `tz`. Where midnight does not exist
 * (a DST jump at 00:00), the first instant of that day.
 */
export function startOfLocalDay(date: LocalDate, tz: string): Date {
  const wall = Date.UTC(date.y, date.m - 1, date.d);
  let t = wall - offsetAt(wall, tz);
  const second = offsetAt(t, tz);
  if (wall - second !== t) t = Math.min(t, wall - second);
  // After a DST jump at midnight the guess can land in the previous day; step to this one.
  const here = localDateOf(new Date(t), tz);
  if (compareDates(here, date) < 0) t += 3_600_000;
  return new Date(t);
}

/** Normalises out-of-range fields (day 0, month 13) the way `Date.UTC` does. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The same day `months` months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const first = new Date(Date.UTC(date.y, date.m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return { y: first.getUTCFullYear(), m: first.getUTCMonth() + 1, d: Math.min(date.d, last) };
}

/** The Monday on or before `date` (ISO weeks). */
export function mondayOf(date: LocalDate): LocalDate {
  const dow = (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

/** `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD`, or null when it is not a real date. */
export function parseDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  return formatDate(addDays(date, 0)) === text ? date : null;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/**
 * Moves an instant by whole local days or months, keeping its local wall-clock time, so
 * that "the same period last week" across a DST change still starts at local midnight.
 */
export function shiftLocal(instant: Date, tz: string, by: { days?: number; months?: number }): Date {
  const date = localDateOf(instant, tz);
  const midnight = startOfLocalDay(date, tz).getTime();
  const intoDay = instant.getTime() - midnight;
  let target = date;
  if (by.months) target = addMonths(target, by.months);
  if (by.days) target = addDays(target, by.days);
  return new Date(startOfLocalDay(target, tz).getTime() + intoDay);
}
