import type { ReportScope, RetentionQuery } from '../../event-store.js';
import { QUARTER_MS, partsCover } from '../session-parts.js';
import { DuckParams, bucket, localDate, scope, type DuckQuery } from './scope.js';

/**
 * A period's number on a continuous scale (so that "period k after the cohort" is a
 * subtraction): local days since 1970-01-01, ISO weeks (1970-01-01 was a Thursday, so
 * `+ 3` makes weeks start on Monday), or months since year 0. ClickHouse's
 * `store/clickhouse/queries/retention.ts` uses the same numbers.
 */
export function periodIndex(period: 'day' | 'week' | 'month', expr: string, p: DuckParams, tz: string): string {
  const day = localDate(expr, p.bind(tz, 'tz'));
  if (period === 'day') return `(${day} - DATE '1970-01-01')`;
  if (period === 'week') return `((${day} - DATE '1970-01-01' + 3) // 7)`;
  return `(year(${day}) * 12 + month(${day}))`;
}

/**
 * The quarter hour of a TIMESTAMPTZ, as an integer. Every zone's offset and DST change
 * is a whole number of quarter hours (in the zone database, since Monrovia's −0:44:30
 * ended in 1972), so no local midnight falls inside one: all instants of a quarter hour
 * share a local date. Reports convert each distinct quarter hour once instead of each
 * event: ICU's zone conversion costs more than the scan.
 */
export const quarterHour = (expr: string) => `(epoch_ms(${expr}) // 900000)`;

/** The period number of a quarter-hour number `q` (see {@link quarterHour}). */
export const quarterPeriod = (period: 'day' | 'week' | 'month', q: string, p: DuckParams, tz: string) =>
  periodIndex(period, `to_timestamp(${q} * 900)`, p, tz);

/**
 * CTEs ending in `cohort` (`visitor_id, cohort, c`): the visitors whose first-ever
 * counted event (or purchase) on the site lies in the range, with their cohort's label
 * and period number. The first in the range is the first ever exactly when the visitor
 * has no such event before `from`, which needs only a probe of the earlier events, not a
 * minimum over them. With filters, only visitors whose first event's session is in the
 * filtered scope (the filters pick the cohort); the scope's sessions are then the CTE
 * `scope_sessions`, for the caller's use too. Periods come from distinct quarter hours
 * ({@link quarterHour}). `firstSeen`, when given, is the body of `first_seen`
 * (`visitor_id, ft`: the first in-range event of every visitor with one), for a caller
 * that has it cheaper. Binds `site` and `tz`, and `from` and `to` when it reads the events
 * (without filters, the rollup covering the range is read instead: see below).
 */
export function cohortCtes(q: ReportScope & Pick<RetentionQuery, 'cohort' | 'period'>, p: DuckParams, firstSeen?: string): string {
  const filtered = q.filters.length > 0;
  const purchase = q.cohort === 'first_purchase' ? ` AND name = 'purchase'` : '';
  const firstSession = filtered ? `, arg_min(session_id, (ts, event_id)) AS fs` : '';
  const inScope = filtered ? ` AND fs IN (SELECT session_id FROM scope_sessions)` : '';
  const sessions = filtered ? `scope_sessions AS MATERIALIZED (SELECT DISTINCT session_id FROM ${scope(q, p)}),
    ` : '';
  // First visits without filters come from the rollup when it covers the range (see
  // session-parts.ts): its rows hold each visitor's earliest time per quarter hour, 16×
  // fewer rows than the events, both in the range and in the history probed before it.
  const probeParts = !filtered && q.cohort === 'first_visit' && partsCover(q);
  const fromParts = probeParts && !firstSeen;
  const firstQ = probeParts ? `CAST(${p.bind(q.from.getTime() / QUARTER_MS, 'first_q')} AS INTEGER)` : '';
  const first = fromParts
    ? `SELECT visitor_id, min(t0) AS ft FROM session_parts WHERE site = ${p.bind(q.site, 'site')} AND q >= ${firstQ}
        AND q < CAST(${p.bind(q.to.getTime() / QUARTER_MS, 'end_q')} AS INTEGER) GROUP BY visitor_id`
    : (firstSeen ?? `SELECT visitor_id, min(ts) AS ft${firstSession} FROM ${scope({ ...q, filters: [] }, p)} WHERE true${purchase} GROUP BY visitor_id`);
  const before = probeParts
    ? `SELECT visitor_id FROM session_parts WHERE site = $site AND q < ${firstQ}`
    : `SELECT visitor_id FROM events WHERE site = $site AND NOT is_bot${purchase} AND ts < CAST(${p.bind(q.from.toISOString(), 'from')} AS TIMESTAMPTZ)`;
  return `${sessions}first_seen AS MATERIALIZED (${first}),
    cohort_first AS MATERIALIZED (SELECT visitor_id, ${quarterHour('ft')} AS q FROM first_seen
      WHERE visitor_id NOT IN (${before} AND visitor_id IN (SELECT visitor_id FROM first_seen))${inScope}),
    cohort_periods AS (SELECT q, ${bucket(q.period, 'to_timestamp(q * 900)', p, q.tz)} AS cohort, ${quarterPeriod(q.period, 'q', p, q.tz)} AS c
      FROM (SELECT DISTINCT q FROM cohort_first)),
    cohort AS MATERIALIZED (SELECT f.visitor_id, m.cohort, m.c FROM cohort_first f JOIN cohort_periods m ON m.q = f.q)`;
}

/** The result sets of the retention statement, told apart by its `kind` column. */
export const RETENTION_KINDS = ['cohorts', 'returns'] as const;

/**
 * The retention report for DuckDB as one statement, its rows tagged with `kind`:
 * `cohorts` (label and size) and `returns` (distinct cohort visitors with a return event
 * in period k = 1…N after their cohort's). Return events are any of the site's non-bot
 * events (or purchases) in `[from, activityTo)`, filters not applied (docs/metrics.md,
 * "Retention"). `store/clickhouse/queries/retention.ts` has the same meaning on 18.16.
 */
export function retentionQuery(q: RetentionQuery): DuckQuery {
  const p = new DuckParams();
  p.bind(q.site, 'site');
  const purchase = q.returnEvent === 'purchase' ? ` AND name = 'purchase'` : '';
  // Bound only when used: DuckDB refuses parameters a statement does not read.
  const activity = () => `site = $site AND NOT is_bot${purchase} AND ts >= CAST(${p.bind(q.from.toISOString(), 'from')} AS TIMESTAMPTZ)
        AND ts < CAST(${p.bind(q.activityTo.toISOString(), 'activity_to')} AS TIMESTAMPTZ)`;
  // The default report (first visits, any return, no filters) reads the events once: the
  // visitor-quarter hours from `from` to activity_to give both the first visits (their
  // earliest event, when it is before `to`) and the returns.
  const oneScan = q.cohort === 'first_visit' && q.returnEvent === 'any' && q.filters.length === 0;
  // The same visitor-quarter hours are rows of the rollup (session-parts.ts) when it covers the span.
  const visits = () => partsCover({ from: q.from, to: q.activityTo, filters: q.filters })
    ? `SELECT visitor_id, q, min(t0) AS mt FROM session_parts WHERE site = $site AND q >= CAST(${p.bind(q.from.getTime() / QUARTER_MS, 'first_q')} AS INTEGER)
        AND q < CAST(${p.bind(q.activityTo.getTime() / QUARTER_MS, 'activity_q')} AS INTEGER) GROUP BY visitor_id, q`
    : `SELECT visitor_id, ${quarterHour('ts')} AS q, min(ts) AS mt FROM events WHERE ${activity()} GROUP BY visitor_id, q`;
  const sql = oneScan
    ? `WITH visits AS MATERIALIZED (${visits()}),
    ${cohortCtes(q, p, `SELECT visitor_id, min(mt) AS ft FROM visits GROUP BY visitor_id HAVING min(mt) < CAST(${p.bind(q.to.toISOString(), 'to')} AS TIMESTAMPTZ)`)},
    active AS (SELECT visitor_id, q FROM visits),`
    : `WITH ${cohortCtes(q, p)},
    active AS MATERIALIZED (SELECT DISTINCT visitor_id, ${quarterHour('ts')} AS q FROM events
      WHERE ${activity()} AND visitor_id IN (SELECT visitor_id FROM cohort)),`;
  const rest = `
    periods AS (SELECT q, ${quarterPeriod(q.period, 'q', p, q.tz)} AS pi FROM (SELECT DISTINCT q FROM active))
    SELECT 'cohorts' AS kind, cohort, count(*) AS size FROM cohort GROUP BY cohort
    UNION ALL BY NAME
    SELECT 'returns' AS kind, k.cohort, m.pi - k.c AS period, count(DISTINCT k.visitor_id) AS visitors
    FROM cohort k JOIN active a ON a.visitor_id = k.visitor_id JOIN periods m ON m.q = a.q
    WHERE m.pi - k.c BETWEEN 1 AND ${p.bind(q.periods, 'periods')}
    GROUP BY k.cohort, period`;
  return { sql: `${sql}${rest}`, params: p.values };
}
