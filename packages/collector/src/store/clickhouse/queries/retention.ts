import type { ReportScope, RetentionQuery } from '../../event-store.js';
import { epochMs } from '../sql.js';
import { ChParams, bucket, localDate, scope, type ChQuery } from './scope.js';

/**
 * A period's number on a continuous scale, the same numbers as DuckDB's `periodIndex`
 * (`store/duckdb/queries/retention.ts`): local days since 1970-01-01, Monday weeks, or
 * year × 12 + month. Signed, so that differences are.
 */
export function periodIndex(period: 'day' | 'week' | 'month', expr: string, p: ChParams, tz: string): string {
  const day = localDate(expr, p.bind(tz, 'String', 'tz'));
  if (period === 'day') return `toInt64(toUInt32(${day}))`;
  if (period === 'week') return `toInt64(intDiv(toUInt32(${day}) + 3, 7))`;
  return `toInt64(toYear(${day}) * 12 + toMonth(${day}))`;
}

/**
 * The scope's events with `props` but without the scope's `LIMIT 1 BY event_id`, for
 * aggregates that unmerged copies of an event cannot change (min, max, argMin, distinct
 * counts): deduplicating every event of the range costs more than the rest of a report.
 * Site, non-bot, in the range, and with filters only the scope's sessions. Binds `site`,
 * `from` and `to`.
 */
export function rangeEvents(q: ReportScope, p: ChParams): string {
  p.values.site = q.site;
  const from = p.bind(epochMs(q.from), 'UInt64', 'from');
  const to = p.bind(epochMs(q.to), 'UInt64', 'to');
  const sessions = q.filters.length === 0 ? '' : ` AND session_id IN (SELECT session_id FROM ${scope(q, p)})`;
  return `(SELECT name, visitor_id, session_id, event_id, ts, transaction_id, value, currency, props FROM events
    WHERE site = {site:String} AND is_bot = 0 AND ts >= ${from} AND ts < ${to}${sessions})`;
}

/**
 * `(visitor_id, cohort, c)`: the cohorts of DuckDB's `cohortCtes`, as the first event per
 * visitor over all history (18.16 has no CTEs to share a probe with). `e` is
 * {@link rangeEvents}.
 */
export function cohortSql(q: ReportScope & Pick<RetentionQuery, 'cohort' | 'period'>, p: ChParams, e: string): string {
  const purchase = q.cohort === 'first_purchase' ? ` AND name = 'purchase'` : '';
  const inScope = q.filters.length === 0 ? '' : ` AND fs IN (SELECT session_id FROM ${e})`;
  return `(SELECT visitor_id, ${bucket(q.period, 'ft', p, q.tz)} AS cohort, ${periodIndex(q.period, 'ft', p, q.tz)} AS c
    FROM (SELECT visitor_id, min(ts) AS ft, argMin(session_id, (ts, event_id)) AS fs FROM events
          WHERE site = {site:String} AND is_bot = 0${purchase}
            AND visitor_id IN (SELECT visitor_id FROM ${e}${purchase ? ` WHERE name = 'purchase'` : ''})
          GROUP BY visitor_id)
    WHERE ft >= {from:UInt64} AND ft < {to:UInt64}${inScope})`;
}

/**
 * The retention queries for ClickHouse 18.16, with the meaning of DuckDB's one-statement
 * `retentionQuery` (its two result sets as two queries, run in parallel). Unmerged
 * copies of an event are harmless here: cohorts take a minimum and returns count
 * distinct visitor-periods.
 */
export function retentionQueries(q: RetentionQuery): { cohorts: ChQuery; returns: ChQuery } {
  const c = new ChParams();
  const cohortsSql = `SELECT cohort, count() AS size FROM ${cohortSql(q, c, rangeEvents(q, c))} GROUP BY cohort`;

  const r = new ChParams();
  const cohort = cohortSql(q, r, rangeEvents(q, r));
  const purchase = q.returnEvent === 'purchase' ? ` AND name = 'purchase'` : '';
  // uniqExact, not count(): 18.16's multi-threaded DISTINCT under an IN subquery was seen to let a duplicate (visitor, period) through.
  const returnsSql = `SELECT cohort, pi - c AS period, uniqExact(visitor_id) AS visitors
    FROM ${cohort}
    ALL INNER JOIN (SELECT DISTINCT visitor_id, ${periodIndex(q.period, 'ts', r, q.tz)} AS pi FROM events
          WHERE site = {site:String} AND is_bot = 0${purchase} AND ts >= {from:UInt64}
            AND ts < ${r.bind(epochMs(q.activityTo), 'UInt64', 'activity_to')}
            AND visitor_id IN (SELECT visitor_id FROM ${cohort})) USING visitor_id
    WHERE period >= 1 AND period <= ${r.bind(q.periods, 'UInt32', 'periods')}
    GROUP BY cohort, period`;
  return { cohorts: { sql: cohortsSql, params: c.values }, returns: { sql: returnsSql, params: r.values } };
}
