import type { FunnelCountQuery } from '../event-store.js';
import { epochMs, type QueryValue } from './sql.js';

/** Who walks the funnel, as the column that identifies them (an allowlist). */
const UNIT_COLUMNS = { visitors: 'visitor_id', sessions: 'session_id' } as const;

/**
 * Builds the ordered-funnel query for ClickHouse 18.16, with the same answers as the
 * DuckDB store's (`store/duckdb/funnel-query.ts`): step k counts the distinct non-bot
 * visitors of `site` who did steps 1..k in order within `[from, to)` of the corrected
 * `ts`, each step at or after the earliest qualifying time of the previous one (`>=`,
 * so two steps in one millisecond count as ordered), and strictly after it when a step
 * repeats the previous step's event name (it must be another event).
 *
 * DuckDB walks the steps with one CTE and JOIN per step. 18.16 has neither subquery
 * CTEs (`WITH` only names expressions there) nor window functions, and repeating the
 * filtered subquery per step would read the table once per step. So the walk happens on
 * arrays instead, in one pass: per visitor, `groupArray` collects the `(ts, name)` pairs
 * of the range, and for each step `m<k>` keeps the pairs of that step's name at or after
 * `t<k-1>`, `t<k>` is their minimum (the earliest match, which is what makes the greedy
 * walk exact), and `r<k>` says whether steps 0..k were all reached.
 *
 * Two 18.16 details shape the SQL:
 * - the lambdas capture `t<k-1>` and must sit in the same SELECT as the `groupArray`:
 *   18.16 fails with "Unknown identifier" when a lambda captures a column of a subquery
 *   and also iterates over one;
 * - `arrayReduce('min', [])` is 0 rather than NULL, which is harmless because an empty
 *   `m<k>` also makes `r<k>` false and every later step requires `r<k>`.
 *
 * `windowFunnel` is not used: it needs a window, treats events of one timestamp
 * differently, and cannot express "a later event of the same name" for repeated steps.
 *
 * Duplicate rows that a `ReplacingMergeTree` has not merged yet change nothing here
 * (a minimum and an existence test), so the query needs no `FINAL`.
 *
 * `unit: 'sessions'` groups by session instead of visitor; `output: 'times'` answers, per
 * later step, the sorted times from the first step of those who reached it (as DuckDB's).
 *
 * Only the query's shape (how many steps, and `>` or `>=` between them) is in the SQL
 * text; every value is a `{name:Type}` placeholder, bound by `bindQuery`.
 */
export function buildFunnelQuery(query: FunnelCountQuery, output: 'counts' | 'times' = 'counts'): { sql: string; params: Record<string, QueryValue> } {
  if (query.steps.length === 0) throw new RangeError('a funnel needs at least one step');
  if (query.windowMs != null) return buildWindowFunnelQuery(query, output);
  const params: Record<string, QueryValue> = {
    site: query.site,
    from: epochMs(query.from),
    to: epochMs(query.to),
    steps: query.steps,
  };
  const perVisitor: string[] = [];
  query.steps.forEach((step, k) => {
    params[`s${k}`] = step;
    if (k === 0) {
      perVisitor.push(
        `arrayFilter((t, n) -> n = {s0:String}, tss, names) AS m0`,
        `notEmpty(m0) AS r0`,
        `arrayReduce('min', m0) AS t0`,
      );
      return;
    }
    // A step that repeats the previous event name must be a later event, not the same one.
    const after = step === query.steps[k - 1] ? '>' : '>=';
    perVisitor.push(
      `arrayFilter((t, n) -> n = {s${k}:String} AND t ${after} t${k - 1}, tss, names) AS m${k}`,
      `r${k - 1} AND notEmpty(m${k}) AS r${k}`,
      `arrayReduce('min', m${k}) AS t${k}`,
    );
  });
  const counts =
    output === 'times'
      ? query.steps.length > 1
        ? query.steps.slice(1).map((_, j) => `arraySort(groupArrayIf(t${j + 1} - t0, r${j + 1})) AS d${j + 1}`).join(', ')
        : '1 AS none'
      : query.steps.map((_, k) => `countIf(r${k}) AS c${k}`).join(', ');
  const sql = `SELECT ${counts}
FROM (
  SELECT
    ${UNIT_COLUMNS[query.unit ?? 'visitors']},
    groupArray(ts) AS tss,
    groupArray(name) AS names,
    ${perVisitor.join(',\n    ')}
  FROM events
  WHERE site = {site:String} AND is_bot = 0
    AND ts >= {from:UInt64} AND ts < {to:UInt64}
    AND name IN {steps:In(String)}
  GROUP BY ${UNIT_COLUMNS[query.unit ?? 'visitors']}
)`;
  return { sql, params };
}

/** Larger than any epoch-ms: the time of a step that was not reached, so that no later step can follow it. */
const NEVER = '18446744073709551615';

/**
 * The funnel with a conversion window, with the meaning of DuckDB's
 * `buildWindowFunnelQuery`: the walk runs from every step-1 event `s` of the unit, each
 * step taking its earliest event at or after the previous step's time and at most `w`
 * ms after `s`. Per start, on arrays, with lambdas nested one level per step:
 * `T<k>(s)` is step k's time for start `s`, or {@link NEVER} when not reached (the
 * minimum of the matches with NEVER appended), so that `T<k>(s) < NEVER` says whether
 * steps 1..k were all reached and no separate flag has to be carried. Lambda argument
 * names are unique per depth so that no lambda shadows another's.
 */
function buildWindowFunnelQuery(query: FunnelCountQuery, output: 'counts' | 'times'): { sql: string; params: Record<string, QueryValue> } {
  const params: Record<string, QueryValue> = {
    site: query.site,
    from: epochMs(query.from),
    to: epochMs(query.to),
    steps: query.steps,
    w: query.windowMs!,
  };
  query.steps.forEach((step, k) => (params[`s${k}`] = step));
  // T[k] is an expression in the lambda variable `s`.
  const T: string[] = ['s'];
  for (let k = 1; k < query.steps.length; k++) {
    const after = query.steps[k] === query.steps[k - 1] ? '>' : '>=';
    T.push(
      `arrayReduce('min', arrayPushBack(arrayFilter((t${k}, n${k}) -> n${k} = {s${k}:String} AND t${k} ${after} ${T[k - 1]} AND t${k} <= s + {w:UInt64}, tss, names), ${NEVER}))`,
    );
  }
  const reached = (k: number) => (k === 0 ? 'notEmpty(starts)' : `arrayExists(s -> ${T[k]} < ${NEVER}, starts)`);
  const columns =
    output === 'times'
      ? query.steps.length > 1
        ? query.steps
            .slice(1)
            .map((_, j) => `arraySort(groupArrayIf(arrayReduce('min', arrayMap(s -> ${T[j + 1]} - s, arrayFilter(s -> ${T[j + 1]} < ${NEVER}, starts))), ${reached(j + 1)})) AS d${j + 1}`)
            .join(', ')
        : '1 AS none'
      : query.steps.map((_, k) => `countIf(${reached(k)}) AS c${k}`).join(', ');
  const unit = UNIT_COLUMNS[query.unit ?? 'visitors'];
  const sql = `SELECT ${columns}
FROM (
  SELECT tss, names, arrayFilter((t0, n0) -> n0 = {s0:String}, tss, names) AS starts
  FROM (
    SELECT ${unit}, groupArray(ts) AS tss, groupArray(name) AS names
    FROM events
    WHERE site = {site:String} AND is_bot = 0
      AND ts >= {from:UInt64} AND ts < {to:UInt64}
      AND name IN {steps:In(String)}
    GROUP BY ${unit}
  )
)`;
  return { sql, params };
}
