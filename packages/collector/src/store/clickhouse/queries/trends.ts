import type { TrendsQuery } from '../../event-store.js';
import { epochMs } from '../sql.js';
import { namedScope } from './named-scope.js';
import { ChParams, INTERACTION, bucket, localDate, scope, scopeSql, type ChQuery } from './scope.js';

type Grain = TrendsQuery['interval'] | 'total';

/**
 * The sets whose series query can also give the total, as its `WITH TOTALS` row: every
 * aggregate over all of the range's rows, which is the total (distinct visitors too,
 * `uniqExact` over every row). Not orders and refunds (a total per currency), nor new
 * visitors with filters (a visitor in the scope whose first event is in a bucket where
 * the scope has none of theirs counts in the total only). Each query of a set reads the
 * whole scope once, one row per `event_id` (`LIMIT 1 BY`): 1.5–3 s on 30 days of 10M.
 */
export const totalsSets = (q: TrendsQuery): readonly ('events' | 'sessions' | 'newVisitors')[] =>
  q.filters.length === 0 ? ['events', 'sessions', 'newVisitors'] : ['events', 'sessions'];

/**
 * The trends queries for ClickHouse 18.16, the same definitions as
 * `store/duckdb/queries/trends.ts` (see there and docs/metrics.md). 18.16 shapes: no CTEs
 * (the scope subquery is repeated), one JOIN per SELECT, `ALL INNER JOIN … USING`, and
 * `-If` combinators for DuckDB's `FILTER`. Aliases never reuse a column's name (18.16
 * calls `min(x) AS x` a cyclic alias). `uniqExact`, never the approximate `uniq`.
 */
export function trendsQueries(
  q: TrendsQuery,
  grain: Grain,
  options: { totals?: boolean } = {},
): Record<'events' | 'sessions' | 'newVisitors' | 'purchases' | 'refunds', ChQuery> {
  const build = (make: (p: ChParams, e: string) => string): ChQuery => {
    const p = new ChParams();
    const sql = make(p, scope(q, p));
    return { sql, params: p.values };
  };
  /** Without the whole scope: its range and filters come from a named scope (bound only when used). */
  const named = (make: (p: ChParams) => string): ChQuery => {
    const p = new ChParams();
    const sql = make(p);
    return { sql, params: p.values };
  };
  // `WITH TOTALS` (see {@link totalsSets}) adds the whole range's row to a series query.
  const totals = options.totals && grain !== 'total' ? ' WITH TOTALS' : '';
  const b = (p: ChParams, expr: string) => bucket(grain, expr, p, q.tz);
  const cur = (p: ChParams) => p.bind(q.currency, 'String', 'cur');
  return {
    events: build((p, e) => `SELECT ${b(p, 'ts')} AS bucket, uniqExact(visitor_id) AS visitors,
      countIf(name = 'page_view') AS pageviews FROM ${e} GROUP BY bucket${totals}`),
    sessions: build((p, e) => `SELECT ${b(p, 'start_ts')} AS bucket, count() AS sessions,
      countIf(pv = 1 AND interactions = 0) AS bounces, sum(dur) AS duration_ms,
      sum(pv) AS session_pageviews, countIf(conv = 1) AS converted_sessions
      FROM (SELECT session_id, min(ts) AS start_ts, max(ts) - min(ts) AS dur,
              countIf(name = 'page_view') AS pv, countIf(${INTERACTION}) AS interactions,
              max(name = 'purchase') AS conv
            FROM ${e} GROUP BY session_id)
      GROUP BY bucket${totals}`),
    // As DuckDB's: no event before the range (`seen`, probed only for the scope's
    // visitors), and the earliest unfiltered event in the range in this bucket; without
    // filters that is the scope's own earliest event, so the range is read once.
    newVisitors: build((p, e) => {
      const seen = `(SELECT visitor_id FROM events WHERE site = {site:String} AND is_bot = 0 AND ts < {from:UInt64}
            AND visitor_id IN (SELECT visitor_id FROM ${e}))`;
      if (q.filters.length === 0) {
        return `SELECT ${b(p, 'first_ts')} AS bucket, count() AS new_visitors
      FROM (SELECT visitor_id, min(ts) AS first_ts FROM ${e} GROUP BY visitor_id)
      WHERE visitor_id NOT IN ${seen}
      GROUP BY bucket${totals}`;
      }
      return `SELECT bucket, count() AS new_visitors
      FROM (SELECT DISTINCT ${b(p, 'ts')} AS bucket, visitor_id FROM ${e})
      ALL INNER JOIN (SELECT visitor_id, min(ts) AS first_ts FROM events
            WHERE site = {site:String} AND is_bot = 0 AND ts >= {from:UInt64} AND ts < {to:UInt64}
              AND visitor_id IN (SELECT visitor_id FROM ${e}) GROUP BY visitor_id)
        USING visitor_id
      WHERE visitor_id NOT IN ${seen} AND ${b(p, 'first_ts')} = bucket
      GROUP BY bucket`;
    }),
    // Orders and refunds from a scope narrowed to their name before it keeps one row per
    // event_id: the whole scope's LIMIT 1 BY read every event of the range (1.5 s on 10M).
    purchases: named((p) => `SELECT ${b(p, 't')} AS bucket, c AS cur_code, count() AS orders, sum(v) AS gross
      FROM (SELECT if(ifNull(transaction_id, '') = '', event_id, ifNull(transaction_id, '')) AS k, min(ts) AS t,
              max(ifNull(value, 0)) AS v, min(upper(ifNull(currency, ${cur(p)}))) AS c
            FROM ${namedScope(q, p, ['purchase'], 'event_id, ts, transaction_id, value, currency')} GROUP BY k)
      GROUP BY bucket, cur_code`),
    refunds: named((p) => `SELECT ${b(p, 'ts')} AS bucket, upper(ifNull(currency, ${cur(p)})) AS cur_code,
      sum(ifNull(value, 0)) AS refunds FROM ${namedScope(q, p, ['refund'], 'event_id, ts, currency, value')} GROUP BY bucket, cur_code`),
  };
}

/** Daily DAU/WAU/MAU from `first` to `last`, as DuckDB's `activeQuery`; `ARRAY JOIN range(30)` fans each visitor-day out. */
export function activeQuery(q: TrendsQuery, first: string, last: string, extendedFrom: Date): ChQuery {
  const p = new ChParams();
  const e = scopeSql(q, p, { from: p.bind(epochMs(extendedFrom), 'UInt64', 'from'), to: p.bind(epochMs(q.to), 'UInt64', 'to') });
  const sql = `SELECT toString(d + k) AS day,
      uniqExactIf(visitor_id, k = 0) AS dau, uniqExactIf(visitor_id, k < 7) AS wau, uniqExact(visitor_id) AS mau
    FROM (SELECT DISTINCT visitor_id, ${localDate('ts', p.bind(q.tz, 'String', 'tz'))} AS d FROM ${e})
    ARRAY JOIN range(30) AS k
    WHERE d + k >= toDate(${p.bind(first, 'String', 'first')}) AND d + k <= toDate(${p.bind(last, 'String', 'last')})
    GROUP BY day`;
  return { sql, params: p.values };
}
