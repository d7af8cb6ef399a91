import type { FunnelBreakdownDimension } from '@vitrine/schema';
import type { FunnelCountQuery } from '../event-store.js';
import { ChParams, clause } from './queries/scope.js';
import { epochMs, type QueryValue } from './sql.js';
import { SESSION_DIMENSION_COLUMNS } from '../dimension-columns.js';

/** Who walks the funnel, as the column that identifies them (an allowlist). */
const UNIT_COLUMNS = { visitors: 'visitor_id', sessions: 'session_id' } as const;

/** Larger than any epoch-ms: the time of a step that was not reached, so that no later step can follow it. */
const NEVER = '18446744073709551615';

/** As DuckDB's: `counts` (`c<k>`), `times` (`l<k>`) or `groups` (both, per `key`). */
export type FunnelOutput = 'counts' | 'times' | 'groups';

/**
 * Builds the funnel query for ClickHouse 18.16, with the same answers as the DuckDB
 * store's (`store/duckdb/funnel-query.ts`, docs/metrics.md "Funnel").
 *
 * DuckDB walks the steps with one CTE and JOIN per step. 18.16 has neither subquery
 * CTEs nor window functions, and repeating the filtered subquery per step would read the
 * table once per step. So the walk happens on arrays, in one pass: per unit, `groupArray`
 * collects the times of its funnel events and, per step k, `m<k>`: whether each event
 * matches step k (its name and its own filters).
 *
 * - **ordered, no window**: `x<k>` keeps the step-k matches at or after `t<k-1>` (strictly
 *   after when the step repeats the previous event name), `t<k>` is their minimum (the
 *   earliest match, which makes the greedy walk exact), `r<k>` whether steps 0..k were all
 *   reached. `arrayReduce('min', [])` is 0 rather than NULL, harmless because an empty
 *   `x<k>` also makes `r<k>` false and every later step requires `r<k>`. The lambdas
 *   capture `t<k-1>` and must sit in the same SELECT as the `groupArray`: 18.16 fails with
 *   "Unknown identifier" when a lambda captures a column of a subquery and iterates over one.
 * - **ordered, window**: from every start `s` (step-1 event), `T<k>(s)` is step k's time
 *   or {@link NEVER} (the minimum of the matches with NEVER appended), lambdas nested one
 *   level per step with argument names unique per depth; `x<k>` keeps the starts that
 *   reach step k, and a unit's time is the shortest over them. (Computing `starts` in a
 *   subquery and the walk outside it fails on 18.16 with "Unknown identifier", the lambda
 *   caveat above.)
 * - **strict**: the unit's funnel events as `(ts, event_id, m0, m1, …)` tuples, sorted:
 *   `groupUniqArray` drops the unmerged copies of one event a `ReplacingMergeTree` may
 *   still hold (they would otherwise interrupt the sequence); a start at index i reaches
 *   step k when `m1[i+1] … mk[i+k]` all hold (an index past the end reads 0).
 *
 * Duplicate rows change nothing in the ordered modes (minimums and existence tests), so
 * no mode needs `FINAL`. With `dimension`, each unit's key is the value on its first
 * step-1 event (`argMinIf` by `(ts, event_id)`). Only the query's shape is in the SQL
 * text; every value is a `{name:Type}` placeholder, bound by `bindQuery`.
 */
export function buildFunnelQuery(
  query: FunnelCountQuery,
  output: FunnelOutput = 'counts',
  dimension?: FunnelBreakdownDimension,
): { sql: string; params: Record<string, QueryValue> } {
  const n = query.steps.length;
  if (n === 0) throw new RangeError('a funnel needs at least one step');
  const p = new ChParams();
  p.values.site = query.site;
  p.values.steps = [...new Set(query.steps)];
  const where = `site = {site:String} AND is_bot = 0 AND ts >= ${p.bind(epochMs(query.from), 'UInt64', 'from')} AND ts < ${p.bind(epochMs(query.to), 'UInt64', 'to')}`;
  const filters = query.filters ?? [];
  const sessions = filters.length === 0 ? '' : `\n    AND session_id IN (SELECT session_id FROM events WHERE ${where} AND ${filters.map((f) => clause(f, p)).join(' AND ')})`;
  const preds = query.steps.map((step, k) => {
    const own = (query.stepFilters?.[k] ?? []).map((f) => clause(f, p));
    return `name = ${p.bind(step, 'String', `s${k}`)}${own.map((c) => ` AND ${c}`).join('')}`;
  });
  const unit = UNIT_COLUMNS[query.unit ?? 'visitors'];
  const keyed = output === 'groups';
  const key = !keyed ? [] : [dimension ? `argMinIf(ifNull(${SESSION_DIMENSION_COLUMNS[dimension]}, ''), (ts, event_id), ${preds[0]}) AS key` : `'' AS key`];
  const w = query.windowMs != null ? p.bind(query.windowMs, 'UInt64', 'w') : null;
  const after = (k: number) => (query.steps[k] === query.steps[k - 1] ? '>' : '>=');
  const from = `FROM events
  WHERE ${where}
    AND name IN {steps:In(String)}${sessions}
  GROUP BY ${unit}`;

  // Per mode: the per-unit subquery, `reached(k)` and `time(k)` over its columns.
  let inner: string;
  let reached: (k: number) => string;
  let time: (k: number) => string;
  if (query.order === 'strict') {
    const cols = [
      `arraySort(groupUniqArray((ts, event_id, ${preds.join(', ')}))) AS sq`,
      `arrayMap(q -> q.1, sq) AS tss`,
      ...preds.map((_, k) => `arrayMap(q -> q.${k + 3}, sq) AS m${k}`),
      `arrayEnumerate(tss) AS ix`,
    ];
    for (let k = 0; k < n; k++) {
      const chain = Array.from({ length: k + 1 }, (_, j) => (j === 0 ? 'm0[i]' : `m${j}[i + ${j}]`)).join(' AND ');
      const within = w === null || k === 0 ? '' : ` AND tss[i + ${k}] - tss[i] <= ${w}`;
      cols.push(`arrayFilter(i -> ${chain}${within}, ix) AS x${k}`, `notEmpty(x${k}) AS r${k}`);
      if (k > 0) cols.push(`arrayReduce('min', arrayMap(i -> tss[i + ${k}] - tss[i], x${k})) AS t${k}`);
    }
    inner = `SELECT ${[...key, ...cols].join(',\n    ')}\n  ${from}`;
    reached = (k) => `r${k}`;
    time = (k) => `t${k}`;
  } else if (w === null) {
    const cols = [`groupArray(ts) AS tss`, ...preds.map((pred, k) => `groupArray(${pred}) AS m${k}`)];
    for (let k = 0; k < n; k++) {
      cols.push(
        k === 0 ? `arrayFilter((t, f) -> f, tss, m0) AS x0` : `arrayFilter((t, f) -> f AND t ${after(k)} t${k - 1}, tss, m${k}) AS x${k}`,
        k === 0 ? `notEmpty(x0) AS r0` : `r${k - 1} AND notEmpty(x${k}) AS r${k}`,
        `arrayReduce('min', x${k}) AS t${k}`,
      );
    }
    inner = `SELECT ${[...key, ...cols].join(',\n    ')}\n  ${from}`;
    reached = (k) => `r${k}`;
    time = (k) => `t${k} - t0`;
  } else {
    // T[k] is an expression in the lambda variable `s`.
    const T: string[] = ['s'];
    for (let k = 1; k < n; k++) {
      T.push(`arrayReduce('min', arrayPushBack(arrayFilter((t${k}, n${k}) -> n${k} AND t${k} ${after(k)} ${T[k - 1]} AND t${k} <= s + ${w}, tss, m${k}), ${NEVER}))`);
    }
    // Everything in the SELECT of the groupArray: see the lambda caveat above.
    const cols = [`groupArray(ts) AS tss`, ...preds.map((pred, k) => `groupArray(${pred}) AS m${k}`), `arrayFilter((t0, n0) -> n0, tss, m0) AS starts`, `notEmpty(starts) AS r0`];
    for (let k = 1; k < n; k++) {
      cols.push(
        `arrayFilter(s -> ${T[k]} < ${NEVER}, starts) AS x${k}`,
        `notEmpty(x${k}) AS r${k}`,
        // `y`, not `t`: the lambdas' own arguments are called t<k>, and an alias may not repeat one.
        `arrayReduce('min', arrayMap(s -> ${T[k]} - s, x${k})) AS y${k}`,
      );
    }
    inner = `SELECT ${[...key, ...cols].join(',\n    ')}\n  ${from}`;
    reached = (k) => `r${k}`;
    time = (k) => `y${k}`;
  }
  const counts = query.steps.map((_, k) => `countIf(${reached(k)}) AS c${k}`);
  const lists = query.steps.slice(1).map((_, j) => `arraySort(groupArrayIf(${time(j + 1)}, ${reached(j + 1)})) AS l${j + 1}`);
  const columns = output === 'counts' ? counts : output === 'times' ? (lists.length > 0 ? lists : ['1 AS none']) : ['key', ...counts, ...lists];
  const sql = `SELECT ${columns.join(', ')}
FROM (
  ${inner}
)${keyed ? '\nGROUP BY key' : ''}`;
  return { sql, params: p.values };
}
