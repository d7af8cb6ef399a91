const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A resolved report range: `from` inclusive, `to` exclusive. */
export interface DateRange {
  from: Date;
  to: Date;
}

/**
 * Resolves `from` / `to` query values into a half-open range.
 *
 * A bare date means UTC midnight, and a bare `to` date includes that whole day, because
 * "from 2026-11-01 to 2026-11-24" means the 24th too to anyone reading a chart. A
 * date-time `to` is exclusive. Without values, the range is the last 30 days.
 * (Time zones other than UTC arrive with the reports issue.)
 *
 * @returns the range, or a reason string when the values are not valid.
 */
export function parseRange(from: string | undefined, to: string | undefined, now: Date): DateRange | string {
  const parse = (value: string, name: string, endOfDay: boolean): Date | string => {
    if (DATE_ONLY.test(value)) {
      const date = new Date(`${value}T00:00:00Z`);
      // Date rolls 2026-02-30 over into March; a real date survives the round trip.
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return `${name}: not a valid date`;
      return endOfDay ? new Date(date.getTime() + DAY_MS) : date;
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
  if (start >= end) return 'from: must be before to';
  if (end.getTime() - start.getTime() > 731 * DAY_MS) return 'range: at most two years';
  return { from: start, to: end };
}
