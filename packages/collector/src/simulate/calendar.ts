import { addDays, formatDate, mondayOf, parseDate, startOfLocalDay, type LocalDate } from '../reports/zoned.js';

/**
 * The simulated period: `days` whole local days in `tz` ending with `end` (included),
 * with each day's start instant, so that the model can place visits on local hours and
 * the ground truth can bucket by local day and ISO week exactly as reports do.
 */
export class SimCalendar {
  /** Local dates of the days, oldest first. */
  readonly dates: LocalDate[];
  /** Start instants (epoch ms) of each day, plus the end of the last day: `days + 1` entries. */
  readonly bounds: number[];
  /** For each day, the index of its ISO week (Monday-based) among {@link weeks}. */
  readonly weekOfDay: number[];
  /** The Mondays of the weeks the period touches, as `YYYY-MM-DD`. */
  readonly weeks: string[];

  constructor(end: string, readonly days: number, readonly tz: string) {
    const last = parseDate(end);
    if (!last) throw new Error(`end: "${end}" is not a YYYY-MM-DD date`);
    if (!Number.isInteger(days) || days < 1) throw new Error(`days: expected a whole number ≥ 1, got ${days}`);
    this.dates = Array.from({ length: days }, (_, i) => addDays(last, i - days + 1));
    this.bounds = [...this.dates, addDays(last, 1)].map((d) => startOfLocalDay(d, tz).getTime());
    this.weeks = [];
    this.weekOfDay = this.dates.map((d) => {
      const monday = formatDate(mondayOf(d));
      if (this.weeks.at(-1) !== monday) this.weeks.push(monday);
      return this.weeks.length - 1;
    });
  }

  /** First instant of the period. */
  get from(): number {
    return this.bounds[0]!;
  }

  /** The instant just after the period (exclusive end). */
  get to(): number {
    return this.bounds[this.days]!;
  }

  /** `YYYY-MM-DD` of day `index`. */
  date(index: number): string {
    return formatDate(this.dates[index]!);
  }

  /** The day index of an instant inside the period (binary search over the day bounds). */
  dayOf(ts: number): number {
    let lo = 0;
    let hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bounds[mid]! <= ts) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Day of the week of day `index`: 0 Monday … 6 Sunday. */
  weekday(index: number): number {
    const d = this.dates[index]!;
    return (new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay() + 6) % 7;
  }
}
