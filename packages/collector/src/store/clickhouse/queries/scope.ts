import type { FilterDimension } from '@vitrine/schema';
import type { ReportFilter, ReportScope } from '../../event-store.js';
import { PASSIVE_EVENTS } from '../../report-rows.js';
import { epochMs, type QueryValue } from '../sql.js';

/** A ClickHouse query with `{name:Type}` placeholders, for `bindQuery`. */
export interface ChQuery {
  sql: string;
  params: Record<string, QueryValue>;
}

/**
 * Collects values for `bindQuery`: every value from a request becomes a `{name:Type}`
 * placeholder, and only names actually used are bound (`bindQuery` refuses unused ones).
 */
export class ChParams {
  readonly values: Record<string, QueryValue> = {};
  #next = 0;
  /** Binds `value` under `name` (or a fresh name) and returns its typed placeholder. */
  bind(value: QueryValue, type: 'String' | 'UInt32' | 'UInt64', name = `p${this.#next++}`): string {
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

/**
 * The allowlist from filter dimension to SQL expression, the same as DuckDB's
 * (`store/duckdb/queries/scope.ts`). `visitParamExtractString` reads a top-level string
 * field of the compact JSON text, as DuckDB's `json_extract_string` does for it.
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
  content: `visitParamExtractString(props, 'content_name')`,
};
const PRODUCT_IDS = `extractAll(props, '"item_(?:id|name)":"([^"]*)"')`;

/** One clause: any of its values. 18.16 has no `startsWith`, so a prefix compares the leading bytes. */
export function clause(filter: ReportFilter, p: ChParams): string {
  const alternatives = filter.values.map((value) => {
    if (filter.dimension === 'product') return `has(${PRODUCT_IDS}, ${p.bind(value, 'String')})`;
    const column = FILTER_EXPRESSIONS[filter.dimension];
    if (filter.dimension === 'path' && value.endsWith('*')) {
      const prefix = p.bind(value.slice(0, -1), 'String');
      return `substring(${column}, 1, length(${prefix})) = ${prefix}`;
    }
    return `${column} = ${p.bind(value, 'String')}`;
  });
  // A Nullable column compared with a value is NULL where the column is; that is "no match".
  return `ifNull(${alternatives.join(' OR ')}, 0)`;
}

const REPORT_COLUMNS =
  'event_id, name, ts, visitor_id, session_id, path, value, currency, transaction_id, channel, source, referrer_host, utm_campaign, device_type, browser, os, country';

/**
 * The report scope as a subquery, with the same meaning as DuckDB's: non-bot events of
 * the site in the range, restricted by filters to the sessions with a matching event.
 *
 * `events` is a `ReplacingMergeTree` that may still hold unmerged copies of a delivered
 * event, so the scope keeps one row per `event_id` (`LIMIT 1 BY`): every count and sum
 * then sees each event once, exactly as on DuckDB, merged or not.
 */
export function scopeSql(q: ReportScope, p: ChParams, range: { from: string; to: string }): string {
  const where = `site = {site:String} AND is_bot = 0 AND ts >= ${range.from} AND ts < ${range.to}`;
  p.values.site = q.site;
  const sessions = q.filters.length === 0 ? '' : ` AND session_id IN (SELECT session_id FROM events WHERE ${where} AND ${q.filters.map((f) => clause(f, p)).join(' AND ')})`;
  return `(SELECT ${REPORT_COLUMNS} FROM events WHERE ${where}${sessions} LIMIT 1 BY event_id)`;
}

/** Binds the scope's range and returns the scope subquery over it. */
export function scope(q: ReportScope, p: ChParams): string {
  return scopeSql(q, p, { from: p.bind(epochMs(q.from), 'UInt64', 'from'), to: p.bind(epochMs(q.to), 'UInt64', 'to') });
}

/** `name NOT IN (…passive events…)`; the names are constants of the code, not input. */
export const INTERACTION = `name NOT IN (${PASSIVE_EVENTS.map((n) => `'${n}'`).join(', ')})`;

/** The local date of an epoch-ms expression in the bound zone. */
export const localDate = (expr: string, tz: string) => `toDate(toDateTime(intDiv(${expr}, 1000)), ${tz})`;

/** The bucket of `expr` as `YYYY-MM-DD` text, or the constant `'total'` (as DuckDB's). */
export function bucket(interval: 'day' | 'week' | 'month' | 'total', expr: string, p: ChParams, tz: string): string {
  if (interval === 'total') return `'total'`;
  const day = localDate(expr, p.bind(tz, 'String', 'tz'));
  if (interval === 'day') return `toString(${day})`;
  return interval === 'week' ? `toString(toMonday(${day}))` : `toString(toStartOfMonth(${day}))`;
}
