import { VITAL_METRICS, VITAL_THRESHOLDS } from '@vitrine/schema';
import type { VitalsQuery } from '../../event-store.js';
import { namedScope } from './named-scope.js';
import { fixedOffset } from '../../../reports/zoned.js';
import { QUARTER_MS, lcpMinimaSql, lcpRatingSql, partsCover } from '../session-parts.js';
import { DuckParams, bucketDateIn, type DuckQuery } from './scope.js';

/**
 * A sample's metric as its 1-based position in `VITAL_METRICS`: the groupings key on a
 * small integer instead of text (−20 to −30 ms on the 10M bench file), and the answer
 * turns it back into the name with {@link METRIC_NAME}.
 */
const METRIC_CODE = `CAST(CASE metric ${VITAL_METRICS.map((m, i) => `WHEN '${m}' THEN ${i + 1}`).join(' ')} END AS UTINYINT)`;
/** The name of metric code `metric`. */
const METRIC_NAME = `[${VITAL_METRICS.map((m) => `'${m}'`).join(', ')}][metric]`;
/** Every metric's `limit` threshold, a list indexed by metric code; the numbers are constants of the code (cast, so 0.1 is the same double on both stores). */
const thresholds = (limit: 'good' | 'poor') => `[${VITAL_METRICS.map((m) => `CAST(${VITAL_THRESHOLDS[m][limit]} AS DOUBLE)`).join(', ')}]`;
/**
 * A sample's rating from its own value `v` and metric code `m` (docs/metrics.md: the
 * tracker's `rating` is not trusted): 0 good, 1 needs improvement, 2 poor. A list lookup
 * by code costs less than a CASE on the metric's name per sample.
 */
const RATING = `CASE WHEN v <= ${thresholds('good')}[m] THEN 0 WHEN v <= ${thresholds('poor')}[m] THEN 1 ELSE 2 END`;
/** The rating of an LCP sample's value `v`: 0 good, 1 needs improvement, 2 poor. */
const LCP_RATING = lcpRatingSql('v');
/** The name of rating `r` (0, 1, 2). */
const RATING_NAME = `CASE r WHEN 0 THEN 'good' WHEN 1 THEN 'needs-improvement' ELSE 'poor' END`;

/**
 * The vitals report as one DuckDB query (docs/metrics.md, "Web vitals"); the ClickHouse
 * twin is `store/clickhouse/queries/vitals.ts`. Rows carry a `part` (`overall`, `pages`,
 * `series`, `lcp`: the result sets of `RawVitalsRows`).
 *
 * A sample is a `web_vital` event in the scope whose `props.metric` is one of the five and
 * whose `props.value` is a non-negative number (the `value` column is not read): exactly
 * the events with a `vital_value`, a typed column filled from `props` when the event was
 * stored (store/derived-columns.ts), so no JSON is parsed here (it was 1.4 s of 1.9 s on
 * 10M events). Each group's p75 is
 * the nearest-rank one: the `⌈3n/4⌉`-th of its sorted values, computed as
 * `(3n + 3) // 4` so that both stores pick the same element. DuckDB's `quantile_disc(v, 0.75)`
 * is that element (it takes the `⌈qn⌉`-th, and 0.75·n is exact in a double) and selects
 * it without sorting and copying every group's list. `pages` keeps the top `pages` paths
 * by samples, then path; `lcp` rates each session by its first LCP sample (by `ts`, then
 * `event_id`) and says whether the session purchased.
 *
 * A sample's rating comes from its own value (docs/metrics.md: the tracker's `rating` is
 * not trusted). Purchases are a scan of their own (12k rows in 30 days of 10M events).
 *
 * Where the time goes (`EXPLAIN ANALYZE` on 30 days of the 10M bench file, 1.8M samples,
 * 2 cores): reading and bucketing the samples, one `quantile_disc` grouping each for
 * the series, the pages and the overall p75, and each session's first LCP. The shape
 * below keeps what is not essential out of that:
 * - the rating counts are taken once, in the per-day grouping, and the overall counts
 *   are their sums (counts add up exactly; only the p75 needs its own grouping);
 * - pages are grouped by path for every path in one pass and the top ones picked from
 *   that result, instead of a first pass for the top paths and a semi-join of every
 *   sample against them (−50 ms alone);
 * - a session's first LCP is found without `event_id` and without a composite key (the
 *   `arg_min(v, (ts, event_id))` of 420k samples cost 60 ms): only its rating is reported,
 *   so each sample becomes one integer, `epoch µs × 4 + rating`, and the session's
 *   `min` of it is the rating of a first sample by `ts`. A second `min`, with the rating
 *   reversed (`3 − rating`), gives the highest rating among the samples at that same
 *   first `ts`: when the two agree, every tie at the first `ts` has that rating and the
 *   answer is exact whatever `event_id` would pick. Only sessions whose tied first
 *   samples disagree are decided by `(ts, event_id)`, in a scan joined to them, which
 *   reads next to nothing when there are none (the usual case: none on the bench file).
 *   Everything here is `NOT NULL` (`session_id`, `ts`, `event_id`), so `IN` is exact.
 */
export function vitalsQuery(q: VitalsQuery): DuckQuery {
  const p = new DuckParams();
  const samples = (columns: string) => namedScope(q, p, ['web_vital'], columns);
  const counts = `count(*) AS samples, count(*) FILTER (WHERE r = 0) AS good, count(*) FILTER (WHERE r = 1) AS needs_improvement,
        count(*) FILTER (WHERE r = 2) AS poor`;
  const sums = `CAST(sum(samples) AS BIGINT) AS samples, CAST(sum(good) AS BIGINT) AS good,
        CAST(sum(needs_improvement) AS BIGINT) AS needs_improvement, CAST(sum(poor) AS BIGINT) AS poor`;
  const lcp = `${samples('session_id, ts, event_id, vital_value AS v, vital_metric AS metric')} WHERE metric = 'LCP' AND v IS NOT NULL`;
  // Each session's two minima (`lcpMinimaSql`): from the rollup, which keeps them per
  // quarter hour, when it covers the scope (no filters, ends on quarter hours: −50 ms on
  // the 10M bench file); else from the samples themselves, with the same SQL.
  const firstLcp = partsCover(q)
    ? `SELECT session_id AS sid, min(lcp_lo) AS lo, min(lcp_hi) AS hi FROM session_parts
        WHERE site = ${p.bind(q.site, 'site')} AND q >= CAST(${p.bind(q.from.getTime() / QUARTER_MS, 'first_q')} AS INTEGER)
          AND q < CAST(${p.bind(q.to.getTime() / QUARTER_MS, 'end_q')} AS INTEGER) AND lcp_lo IS NOT NULL GROUP BY session_id`
    : `SELECT session_id AS sid, ${lcpMinimaSql('ts', 'v')} FROM ${lcp} GROUP BY session_id`;
  // `s` holds only what the groupings read, each sample's bucket (a DATE: it groups much
  // faster than text) and rating computed once; one plain GROUP BY per grouping (three
  // beat one GROUPING SETS pass on 1.8M samples).
  // A daily series in a zone whose offset does not change over the range: each sample's
  // local day number by arithmetic, turned into a date only for the 30-odd groups (−15 to
  // −30 ms on the 10M bench file); otherwise the quarter-hour lookup of `bucketDateIn`.
  // (The check costs about 1 ms per 30 days of range, so a range over a year keeps the lookup.)
  const days = (q.to.getTime() - q.from.getTime()) / 86_400_000;
  const offset = q.interval === 'day' && q.from.getTime() >= Date.UTC(2000, 0, 1) && days <= 366 ? fixedOffset(q.tz, q.from, q.to) : null;
  const bucket =
    offset === null
      ? bucketDateIn(q.interval, 'ts', p, q.tz, { from: '$from', to: '$to' })
      : `CAST((epoch_ms(ts) + CAST(${p.bind(offset, 'offset_ms')} AS BIGINT)) // 86400000 AS INTEGER)`;
  const bucketText = offset === null ? 'CAST(bk AS VARCHAR)' : 'CAST(CAST(to_timestamp(bk * 86400) AS DATE) AS VARCHAR)';
  const sql = `WITH s AS MATERIALIZED (SELECT m AS metric, v, path, bk, ${RATING} AS r
        FROM (SELECT ${METRIC_CODE} AS m, v, path, ${bucket} AS bk
          FROM ${samples('ts, path, vital_value AS v, vital_metric AS metric')} WHERE v IS NOT NULL)),
    series AS MATERIALIZED (SELECT bk, metric, ${counts}, quantile_disc(v, 0.75) AS p75 FROM s GROUP BY bk, metric),
    paths AS MATERIALIZED (SELECT path, metric, ${counts}, quantile_disc(v, 0.75) AS p75 FROM s GROUP BY path, metric),
    top AS (SELECT path FROM paths GROUP BY path ORDER BY sum(samples) DESC, path LIMIT ${p.bind(q.pages, 'pages')}),
    first_lcp AS MATERIALIZED (${firstLcp}),
    tied AS (SELECT sid FROM first_lcp WHERE lo % 4 <> 3 - hi % 4),
    lcps AS (SELECT sid, lo % 4 AS r FROM first_lcp WHERE lo % 4 = 3 - hi % 4
      UNION ALL
      SELECT session_id, ${LCP_RATING.replaceAll('v <=', 'arg_min(v, (ts, event_id)) <=')} FROM ${lcp} AND session_id IN (SELECT sid FROM tied) GROUP BY session_id)
    SELECT 'overall' AS part, 'total' AS grp, * REPLACE (${METRIC_NAME} AS metric)
      FROM (SELECT metric, ${sums} FROM series GROUP BY metric) JOIN (SELECT metric, quantile_disc(v, 0.75) AS p75 FROM s GROUP BY metric) USING (metric)
    UNION ALL BY NAME
    SELECT 'pages' AS part, path AS grp, * EXCLUDE (path) REPLACE (${METRIC_NAME} AS metric) FROM paths WHERE path IN (SELECT path FROM top)
    UNION ALL BY NAME
    SELECT 'series' AS part, ${bucketText} AS grp, * EXCLUDE (bk) REPLACE (${METRIC_NAME} AS metric) FROM series
    UNION ALL BY NAME
    SELECT 'lcp' AS part, ${RATING_NAME} AS rating, count(*) AS sessions, count(*) FILTER (WHERE conv) AS converted_sessions
      FROM (SELECT r, sid IN (SELECT session_id FROM ${namedScope(q, p, ['purchase'], 'session_id')}) AS conv FROM lcps)
      GROUP BY r`;
  return { sql, params: p.values };
}
