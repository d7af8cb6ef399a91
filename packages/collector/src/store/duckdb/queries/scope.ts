import type { FilterDimension } from '@vitrine/schema';
import type { ReportFilter, ReportScope } from '../../event-store.js';
import { PASSIVE_EVENTS } from '../../report-rows.js';

/** A DuckDB query and its named parameters (`$name`). */
export interface DuckQuery {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * Collects bound parameters: every value from a request becomes a `$name` parameter,
 * and only names actually used are bound (DuckDB refuses unused ones).
 */
export class DuckParams {
  readonly values: Record<string, string | number> = {};
  #next = 0;
  /** Binds `value` under `name` (or a fresh name) and returns its placeholder. */
  bind(value: string | number, name = `p${this.#next++}`): string {
    this.values[name] = value;
    return `$${name}`;
  }
}

/**
 * The allowlist from filter dimension to SQL expression. Identifiers come only from
 * here; `product` and `content` read `props`, which the collector stores as compact
 * `JSON.stringify` text. `product` matches an item's `item_id` or `item_name` with the
 * same RE2 pattern ClickHouse uses, so both stores agree on every input.
 */
const FILTER_EXPRESSIONS: Record<Exclude<FilterDimension, 'product'>, string> = {
  channel: 'channel',
  source: 'source',
  referrer: 'referrer_host',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  device: 'device_type',
  browser: 'browser',
  os: 'os',
  country: 'country',
  path: 'path',
  content: `json_extract_string(props, '$.content_name')`,
};
const PRODUCT_IDS = `regexp_extract_all(props, '"item_(?:id|name)":"([^"]*)"', 1)`;

/** One clause: any of its values (a `path` value ending in `*` is a prefix). */
export function clause(filter: ReportFilter, p: DuckParams): string {
  const alternatives = filter.values.map((value) => {
    if (filter.dimension === 'product') return `list_contains(${PRODUCT_IDS}, ${p.bind(value)})`;
    const column = FILTER_EXPRESSIONS[filter.dimension];
    if (filter.dimension === 'path' && value.endsWith('*')) return `starts_with(${column}, ${p.bind(value.slice(0, -1))})`;
    return `${column} = ${p.bind(value)}`;
  });
  return `coalesce(${alternatives.join(' OR ')}, false)`;
}

/** The columns reports read; listing them lets DuckDB skip `props`, `url` and the rest. */
const REPORT_COLUMNS =
  'event_id, name, ts, visitor_id, session_id, path, value, currency, transaction_id, channel, source, referrer_host, utm_campaign, device_type, browser, os, country';

/**
 * The report scope as a subquery: the site's non-bot events with `ts` in the range, and
 * with filters only the sessions having at least one event in the range matching every
 * clause (the session's other events in the range count too).
 *
 * @param range names of the already-bound `from`/`to` parameters to use
 */
export function scopeSql(q: ReportScope, p: DuckParams, range: { from: string; to: string }): string {
  const where = `site = $site AND NOT is_bot AND ts >= CAST(${range.from} AS TIMESTAMPTZ) AND ts < CAST(${range.to} AS TIMESTAMPTZ)`;
  p.bind(q.site, 'site');
  const sessions = q.filters.length === 0 ? '' : ` AND session_id IN (SELECT session_id FROM events WHERE ${where} AND ${q.filters.map((f) => clause(f, p)).join(' AND ')})`;
  return `(SELECT ${REPORT_COLUMNS} FROM events WHERE ${where}${sessions})`;
}

/** Binds the scope's range and returns the scope subquery over it. */
export function scope(q: ReportScope, p: DuckParams): string {
  return scopeSql(q, p, { from: p.bind(q.from.toISOString(), 'from'), to: p.bind(q.to.toISOString(), 'to') });
}

/** `name NOT IN (…passive events…)`; the names are constants of the code, not input. */
export const INTERACTION = `name NOT IN (${PASSIVE_EVENTS.map((n) => `'${n}'`).join(', ')})`;

/** The local date of `expr` (a TIMESTAMPTZ) in the bound zone `tz`. */
export const localDate = (expr: string, tz: string) => `CAST(timezone(${tz}, ${expr}) AS DATE)`;

/**
 * The bucket of `expr` as `YYYY-MM-DD` text (local day, Monday of the ISO week, or first
 * of the month), or the constant `'total'`.
 */
export function bucket(interval: 'day' | 'week' | 'month' | 'total', expr: string, p: DuckParams, tz: string): string {
  if (interval === 'total') return `'total'`;
  const day = localDate(expr, p.bind(tz, 'tz'));
  if (interval === 'day') return `CAST(${day} AS VARCHAR)`;
  return `CAST(CAST(date_trunc('${interval}', ${day}) AS DATE) AS VARCHAR)`;
}

/** The width of a lookup slot of {@link bucketIn}, in seconds: a quarter hour. */
const SLOT_S = 900;

/**
 * The bucket of `expr` as {@link bucket} gives it, computed fast for times inside
 * `range` (names of bound TIMESTAMPTZ parameters, from inclusive, to exclusive).
 *
 * Why: `timezone()` costs DuckDB about 0.2 µs per row, which over the 3.8M events of 30
 * days on 10M was most of a daily trends series (measured: 611 → 166 ms). Every zone's
 * offset since 2000 is a whole number of quarter hours and changes on a quarter hour, so
 * all the instants of one quarter hour have the same local date: the range's quarter
 * hours are converted once, into a list of bucket texts (96 entries a day), and each row
 * reads its entry by index. Times outside the range, and ranges starting before 2000 (some
 * zones had odd offsets until the 1970s), take the exact, slow path, so the result is the
 * same for any input.
 */
export function bucketIn(interval: 'day' | 'week' | 'month' | 'total', expr: string, p: DuckParams, tz: string, range: { from: string; to: string }): string {
  if (interval === 'total') return `'total'`;
  const text = (day: string) =>
    interval === 'day' ? `CAST(${day} AS VARCHAR)` : `CAST(CAST(date_trunc('${interval}', ${day}) AS DATE) AS VARCHAR)`;
  return bySlot(text, expr, p.bind(tz, 'tz'), range);
}

/**
 * {@link bucketIn} as the bucket's first local date (a DATE, not text): a key that groups
 * much faster than text (the series of the vitals report group 1.8M samples by it).
 */
export function bucketDateIn(interval: 'day' | 'week' | 'month', expr: string, p: DuckParams, tz: string, range: { from: string; to: string }): string {
  return bySlot((day) => (interval === 'day' ? day : `CAST(date_trunc('${interval}', ${day}) AS DATE)`), expr, p.bind(tz, 'tz'), range);
}

/** {@link bucketIn} for a local date (a DATE, not text), as {@link localDate} gives it. */
export function localDateIn(expr: string, p: DuckParams, tz: string, range: { from: string; to: string }): string {
  return bySlot((day) => day, expr, p.bind(tz, 'tz'), range);
}

/** `value` of the local date of `expr` in the bound zone `zone`, by quarter-hour lookup inside `range`. */
function bySlot(value: (day: string) => string, expr: string, zone: string, range: { from: string; to: string }): string {
  const from = `CAST(${range.from} AS TIMESTAMPTZ)`;
  const to = `CAST(${range.to} AS TIMESTAMPTZ)`;
  const first = `(epoch_ms(${from}) // ${SLOT_S * 1000})`;
  const slots = `(SELECT list(${value(localDate(`to_timestamp(s * ${SLOT_S})`, zone))} ORDER BY s)
      FROM range(${first}, epoch_ms(${to}) // ${SLOT_S * 1000} + 1) t(s))`;
  return `(CASE WHEN ${expr} >= ${from} AND ${expr} < ${to} AND ${from} >= CAST('2000-01-01 00:00:00+00' AS TIMESTAMPTZ)
      THEN ${slots}[epoch_ms(${expr}) // ${SLOT_S * 1000} - ${first} + 1]
      ELSE ${value(localDate(expr, zone))} END)`;
}
