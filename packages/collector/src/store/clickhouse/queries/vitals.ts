import { VITAL_METRICS, VITAL_THRESHOLDS } from '@vitrine/schema';
import type { VitalsQuery } from '../../event-store.js';
import { namedScope } from './named-scope.js';
import { ChParams, bucket, type ChQuery } from './scope.js';

const atMost = (limit: 'good' | 'poor') =>
  `(${VITAL_METRICS.map((m) => `(metric = '${m}' AND v <= toFloat64(${VITAL_THRESHOLDS[m][limit]}))`).join(' OR ')})`;
/** A sample's rating from its value, as DuckDB's `RATING`. */
const RATING = `multiIf(${atMost('good')}, 'good', ${atMost('poor')}, 'needs-improvement', 'poor')`;

/** The rating of a session's LCP, `lcp`. */
const LCP_RATING = `multiIf(lcp <= toFloat64(${VITAL_THRESHOLDS.LCP.good}), 'good', lcp <= toFloat64(${VITAL_THRESHOLDS.LCP.poor}), 'needs-improvement', 'poor')`;

/**
 * The vitals report's queries for ClickHouse 18.16, with the meaning of DuckDB's
 * `vitalsQueries` (see there). The p75 is exact: the sorted `groupArray` indexed at
 * `intDiv(3n + 3, 4)`, never the approximate `quantile`. No CTEs on 18.16, so the
 * samples subquery is repeated where the top paths are ranked.
 */
export function vitalsQueries(q: VitalsQuery): Record<'overall' | 'pages' | 'series' | 'lcp', ChQuery> {
  const build = (make: (p: ChParams, samples: () => string) => string): ChQuery => {
    const p = new ChParams();
    // A sample is an event with a `vital_value` (store/derived-columns.ts: a non-negative
    // `props.value` of one of the five metrics), typed when the event was stored.
    const samples = () => {
      const raw = namedScope(q, p, ['web_vital'], `event_id, session_id, ts, path, ifNull(vital_metric, '') AS metric, vital_value AS value`);
      return `(SELECT session_id, ts, event_id, path, metric, assumeNotNull(value) AS v, ${RATING} AS rating FROM ${raw} WHERE isNotNull(value))`;
    };
    return { sql: make(p, samples), params: p.values };
  };
  const stats = `count() AS samples, countIf(rating = 'good') AS good, countIf(rating = 'needs-improvement') AS needs_improvement,
      countIf(rating = 'poor') AS poor, arraySort(groupArray(v))[intDiv(3 * count() + 3, 4)] AS p75`;
  return {
    overall: build((_p, s) => `SELECT 'total' AS grp, metric, ${stats} FROM ${s()} GROUP BY metric`),
    pages: build((p, s) => `SELECT path AS grp, metric, ${stats} FROM ${s()}
      WHERE path IN (SELECT path FROM ${s()} GROUP BY path ORDER BY count() DESC, path LIMIT ${p.bind(q.pages, 'UInt32', 'pages')})
      GROUP BY path, metric`),
    series: build((p, s) => `SELECT ${bucket(q.interval, 'ts', p, q.tz)} AS grp, metric, ${stats} FROM ${s()} GROUP BY grp, metric`),
    lcp: build((p, s) => `SELECT rating, count() AS sessions, countIf(conv = 1) AS converted_sessions
      FROM (SELECT ${LCP_RATING} AS rating, sid IN (SELECT session_id FROM ${namedScope(q, p, ['purchase'], 'event_id, session_id')}) AS conv
            FROM (SELECT session_id AS sid, argMin(v, (ts, event_id)) AS lcp FROM ${s()} WHERE metric = 'LCP' GROUP BY sid))
      GROUP BY rating`),
  };
}
