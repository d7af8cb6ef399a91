import { VITAL_METRICS, VITAL_THRESHOLDS } from '@vitrine/schema';
import type { VitalsQuery } from '../../event-store.js';
import { namedScope, propsFields } from './named-scope.js';
import { DuckParams, bucketIn, type DuckQuery } from './scope.js';

/** `metric`'s thresholds as SQL conditions on `v`; the numbers are constants of the code (cast, so 0.1 is the same double on both stores). */
const atMost = (limit: 'good' | 'poor') =>
  `(${VITAL_METRICS.map((m) => `(metric = '${m}' AND v <= CAST(${VITAL_THRESHOLDS[m][limit]} AS DOUBLE))`).join(' OR ')})`;
/** A sample's rating, from its own value (docs/metrics.md: the tracker's `rating` is not trusted). */
const RATING = `CASE WHEN ${atMost('good')} THEN 'good' WHEN ${atMost('poor')} THEN 'needs-improvement' ELSE 'poor' END`;
/** The rating of a session's LCP, `lcp`. */
const LCP_RATING = `CASE WHEN lcp <= CAST(${VITAL_THRESHOLDS.LCP.good} AS DOUBLE) THEN 'good' WHEN lcp <= CAST(${VITAL_THRESHOLDS.LCP.poor} AS DOUBLE) THEN 'needs-improvement' ELSE 'poor' END`;

/**
 * The vitals report as one DuckDB query (docs/metrics.md, "Web vitals"); the ClickHouse
 * twin is `store/clickhouse/queries/vitals.ts`. Rows carry a `part` (`overall`, `pages`,
 * `series`, `lcp`: the result sets of `RawVitalsRows`).
 *
 * A sample is a `web_vital` event in the scope whose `props.metric` is one of the five and
 * whose `props.value` is a non-negative number (the `value` column is not read). Each
 * group's p75 is the nearest-rank one: the `⌈3n/4⌉`-th of its sorted values, computed as
 * `(3n + 3) // 4` so that both stores pick the same element. DuckDB's `quantile_disc(v, 0.75)`
 * is that element (it takes the `⌈qn⌉`-th, and 0.75·n is exact in a double) and selects
 * it without sorting and copying every group's list (0.5 s of 1.9 s on 10M events). `pages` keeps the top
 * `pages` paths by samples, then path; `lcp` rates each session by its first LCP sample
 * (by `ts`, then `event_id`) and says whether the session purchased.
 *
 * The samples are parsed and rated once (`s`), and the three sample groupings are one
 * `GROUPING SETS` pass: the 30-day budget allows no more. Purchases are a scan of their
 * own (12k rows in 30 days of 10M events): carrying them through `s` cost more.
 */
export function vitalsQuery(q: VitalsQuery): DuckQuery {
  const p = new DuckParams();
  const f = propsFields(['metric', 'value']);
  const samples = namedScope(q, p, ['web_vital'], `session_id, ts, event_id, path, ${f.column}`);
  // `props.value` is cast once (`v`) and typed once (`t`), and `ok` (the test of
  // `f.isNumber`) is a column of the materialized `s`, tested where `s` is read: as a
  // WHERE, DuckDB pushed it below the projection and parsed `props` once per use in it
  // (1.3 s of 2 s on 1.8M samples).
  const sql = `WITH s AS MATERIALIZED (SELECT session_id, ts, event_id, path, metric, v, ${RATING} AS rating,
        coalesce(t IN ('UBIGINT', 'DOUBLE') AND v >= 0 AND metric IN (${VITAL_METRICS.map((m) => `'${m}'`).join(', ')}), false) AS ok
      FROM (SELECT session_id, ts, event_id, path, ${f.str('metric')} AS metric, json_type(${f.at('value')}) AS t, TRY_CAST(${f.at('value')} AS DOUBLE) AS v FROM ${samples})),
    top AS (SELECT path FROM s WHERE ok GROUP BY path ORDER BY count(*) DESC, path LIMIT ${p.bind(q.pages, 'pages')})
    SELECT CASE WHEN grouping(tp) = 0 THEN 'pages' WHEN grouping(bk) = 0 THEN 'series' ELSE 'overall' END AS part,
        coalesce(tp, bk, 'total') AS grp, metric, count(*) AS samples, count(*) FILTER (WHERE rating = 'good') AS good,
        count(*) FILTER (WHERE rating = 'needs-improvement') AS needs_improvement, count(*) FILTER (WHERE rating = 'poor') AS poor,
        quantile_disc(v, 0.75) AS p75
      FROM (SELECT metric, v, rating, CASE WHEN path IN (SELECT path FROM top) THEN path END AS tp, ${bucketIn(q.interval, 'ts', p, q.tz, { from: '$from', to: '$to' })} AS bk FROM s WHERE ok)
      GROUP BY GROUPING SETS ((metric), (tp, metric), (bk, metric))
      HAVING grouping(tp) = 1 OR tp IS NOT NULL
    UNION ALL BY NAME
    SELECT 'lcp' AS part, rating, count(*) AS sessions, count(*) FILTER (WHERE conv) AS converted_sessions
      FROM (SELECT ${LCP_RATING} AS rating, sid IN (SELECT session_id FROM ${namedScope(q, p, ['purchase'], 'session_id')}) AS conv
            FROM (SELECT session_id AS sid, arg_min(v, (ts, event_id)) AS lcp FROM s WHERE ok AND metric = 'LCP' GROUP BY session_id))
      GROUP BY rating`;
  return { sql, params: p.values };
}
