import type { TrendsQuery } from '../../event-store.js';
import { DuckParams, INTERACTION, bucket, localDate, scope, scopeSql, type DuckQuery } from './scope.js';

/** `'total'` or a series interval. */
type Grain = TrendsQuery['interval'] | 'total';

/**
 * The trends queries for DuckDB, one per result set of `RawTrendRows`, each grouped by
 * bucket (`grain`). docs/metrics.md defines every count; `store/clickhouse/queries/trends.ts`
 * is the same on ClickHouse 18.16, and the reports contract holds both to the same numbers.
 */
export function trendsQueries(q: TrendsQuery, grain: Grain): Record<'events' | 'sessions' | 'newVisitors' | 'purchases' | 'refunds', DuckQuery> {
  const build = (make: (p: DuckParams, e: string) => string): DuckQuery => {
    const p = new DuckParams();
    const sql = make(p, scope(q, p));
    return { sql, params: p.values };
  };
  const b = (p: DuckParams, expr: string) => bucket(grain, expr, p, q.tz);
  return {
    // Visitors: distinct visitor ids with any event in the bucket. Page views by event time.
    events: build((p, e) => `SELECT ${b(p, 'ts')} AS bucket, count(DISTINCT visitor_id) AS visitors,
      count(*) FILTER (WHERE name = 'page_view') AS pageviews FROM ${e} GROUP BY bucket`),
    // Sessions belong to the bucket of their first event in range.
    sessions: build((p, e) => `SELECT ${b(p, 'start_ts')} AS bucket, count(*) AS sessions,
      count(*) FILTER (WHERE pv = 1 AND interactions = 0) AS bounces, coalesce(sum(dur), 0) AS duration_ms,
      coalesce(sum(pv), 0) AS session_pageviews, count(*) FILTER (WHERE conv) AS converted_sessions
      FROM (SELECT session_id, min(ts) AS start_ts, epoch_ms(max(ts)) - epoch_ms(min(ts)) AS dur,
              count(*) FILTER (WHERE name = 'page_view') AS pv, count(*) FILTER (WHERE ${INTERACTION}) AS interactions,
              bool_or(name = 'purchase') AS conv
            FROM ${e} GROUP BY session_id) s
      GROUP BY bucket`),
    // New: the visitor's first-ever non-bot event of the site (any session, unfiltered)
    // lies in this bucket and in the range.
    newVisitors: build((p, e) => `SELECT a.bucket, count(*) AS new_visitors
      FROM (SELECT DISTINCT ${b(p, 'ts')} AS bucket, visitor_id FROM ${e}) a
      JOIN (SELECT visitor_id, min(ts) AS first_ts FROM events
            WHERE site = $site AND NOT is_bot AND visitor_id IN (SELECT visitor_id FROM ${e}) GROUP BY visitor_id) f
        ON a.visitor_id = f.visitor_id
      WHERE f.first_ts >= CAST($from AS TIMESTAMPTZ) AND ${b(p, 'f.first_ts')} = a.bucket
      GROUP BY a.bucket`),
    // One order per transaction id (or per event without one): its earliest time, its
    // largest value, its smallest currency code (they agree unless the tracker lied).
    purchases: build((p, e) => `SELECT ${b(p, 't')} AS bucket, c AS cur_code, count(*) AS orders, sum(v) AS gross
      FROM (SELECT coalesce(nullif(transaction_id, ''), event_id) AS k, min(ts) AS t, max(coalesce(value, 0)) AS v,
              min(upper(coalesce(currency, ${p.bind(q.currency, 'cur')}))) AS c
            FROM ${e} WHERE name = 'purchase' GROUP BY k) o
      GROUP BY bucket, cur_code`),
    refunds: build((p, e) => `SELECT ${b(p, 'ts')} AS bucket, upper(coalesce(currency, ${p.bind(q.currency, 'cur')})) AS cur_code,
      sum(coalesce(value, 0)) AS refunds FROM ${e} WHERE name = 'refund' GROUP BY bucket, cur_code`),
  };
}

/**
 * Daily active visitors of each local day from `first` to `last`: that day (DAU), its
 * trailing 7 days (WAU) and trailing 30 days (MAU), days ending with it. Each visitor-day
 * is fanned out over the 30 days it counts towards, so one pass answers all three.
 */
export function activeQuery(q: TrendsQuery, first: string, last: string, extendedFrom: Date): DuckQuery {
  const p = new DuckParams();
  const e = scopeSql(q, p, { from: p.bind(extendedFrom.toISOString(), 'from'), to: p.bind(q.to.toISOString(), 'to') });
  const sql = `SELECT CAST(d + CAST(k AS INTEGER) AS VARCHAR) AS day,
      count(DISTINCT visitor_id) FILTER (WHERE k = 0) AS dau,
      count(DISTINCT visitor_id) FILTER (WHERE k < 7) AS wau,
      count(DISTINCT visitor_id) AS mau
    FROM (SELECT DISTINCT visitor_id, ${localDate('ts', p.bind(q.tz, 'tz'))} AS d FROM ${e}) v,
         (SELECT range AS k FROM range(30)) r
    WHERE d + CAST(k AS INTEGER) BETWEEN CAST(${p.bind(first, 'first')} AS DATE) AND CAST(${p.bind(last, 'last')} AS DATE)
    GROUP BY day`;
  return { sql, params: p.values };
}
