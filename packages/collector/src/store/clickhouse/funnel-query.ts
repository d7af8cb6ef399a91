import type { FunnelCountQuery } from '../event-store.js';
import { epochMs, type QueryValue } from './sql.js';

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
 * Only the query's shape (how many steps, and `>` or `>=` between them) is in the SQL
 * text; every value is a `{name:Type}` placeholder, bound by `bindQuery`.
 */
export function buildFunnelQuery(query: FunnelCountQuery): { sql: string; params: Record<string, QueryValue> } {
  if (query.steps.length === 0) throw new RangeError('a funnel needs at least one step');
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
  const counts = query.steps.map((_, k) => `countIf(r${k}) AS c${k}`).join(', ');
  const sql = `SELECT ${counts}
FROM (
  SELECT
    visitor_id,
    groupArray(ts) AS tss,
    groupArray(name) AS names,
    ${perVisitor.join(',\n    ')}
  FROM events
  WHERE site = {site:String} AND is_bot = 0
    AND ts >= {from:UInt64} AND ts < {to:UInt64}
    AND name IN {steps:In(String)}
  GROUP BY visitor_id
)`;
  return { sql, params };
}
