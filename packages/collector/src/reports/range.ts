import { addDays, addMonths, formatDate, localDateOf, parseDate, startOfLocalDay, type LocalDate } from './zoned.js';

const DAY_MS = 86_400_000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Longest range a report may cover. */
const MAX_DAYS = 731;

/** A resolved report range: `from` inclusive, `to` exclusive. */
export interface DateRange {
  from: Date;
  to: Date;
}

/**
 * Resolves `from` / `to` query values into a half-open range.
 *
 * A bare date means local midnight in `tz` (UTC unless given), and a bare `to` date
 * includes that whole day, because "from 2026-11-01 to 2026-11-24" means the 24th too to
 * anyone reading a chart. A date-time `to` is exclusive. Without values, the range is the
 * last 30 days.
 *
 * @returns the range, or a reason string when the values are not valid.
 */
export function parseRange(from: string | undefined, to: string | undefined, now: Date, tz = 'UTC'): DateRange | string {
  const parse = (value: string, name: string, endOfDay: boolean): Date | string => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const date = parseDate(value);
      // A real date survives the round trip; 2026-02-30 does not.
      if (!date) return `${name}: not a valid date`;
      return startOfLocalDay(endOfDay ? addDays(date, 1) : date, tz);
    }
    if (DATE_TIME.test(value)) {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? `${name}: not a valid date-time` : date;
    }
    return `${name}: expected YYYY-MM-DD or an ISO 8601 date-time with an offset`;
  };
  const end = to ? parse(to, 'to', true) : now;
  if (typeof end === 'string') return end;
  const start = from ? parse(from, 'from', false) : new Date(end.getTime() - 30 * DAY_MS);
  if (typeof start === 'string') return start;
  return checked(start, end);
}

function checked(from: Date, to: Date): DateRange | string {
  if (from >= to) return 'from: must be before to';
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) return 'range: at most two years';
  return { from, to };
}

/**
 * Resolves a `range=` preset in `tz`, relative to `now`'s local date ("today"):
 *
 * - `<N>d` (1 ≤ N ≤ 731): the N whole days before today, today excluded, so that every
 *   bucket is complete and a comparison compares like with like;
 * - `today`: today so far (to the next local midnight); `yesterday`;
 * - `this_month`: the 1st of this month to the next local midnight (today included);
 * - `last_month`: the whole previous calendar month;
 * - `this_year`: 1 January to the next local midnight.
 *
 * @returns the range, or a reason string.
 */
export function parseRangePreset(range: string, now: Date, tz: string): DateRange | string {
  const today = localDateOf(now, tz);
  const day = (date: LocalDate) => startOfLocalDay(date, tz);
  const tomorrow = day(addDays(today, 1));
  const days = /^(\d{1,3})d$/.exec(range);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_DAYS) return `range: <N>d needs 1 ≤ N ≤ ${MAX_DAYS}`;
    return checked(day(addDays(today, -n)), day(today));
  }
  const firstOfMonth = { y: today.y, m: today.m, d: 1 };
  switch (range) {
    case 'today':
      return checked(day(today), tomorrow);
    case 'yesterday':
      return checked(day(addDays(today, -1)), day(today));
    case 'this_month':
      return checked(day(firstOfMonth), tomorrow);
    case 'last_month':
      return checked(day(addMonths(firstOfMonth, -1)), day(firstOfMonth));
    case 'this_year':
      return checked(day({ y: today.y, m: 1, d: 1 }), tomorrow);
    default:
      return `range: expected <N>d (such as 7d, 30d, 90d), today, yesterday, this_month, last_month or this_year, not "${range.slice(0, 40)}"`;
  }
}

/** Today's local date in `tz`, as `YYYY-MM-DD` (for messages and tests). */
export const todayIn = (now: Date, tz: string) => formatDate(localDateOf(now, tz));
