import type { FunnelCountQuery } from '../event-store.js';

/**
 * Builds the ordered-funnel query: step k counts the distinct visitors who did steps
 * 1..k in order within the range, each step at or after the earliest qualifying time of
 * the previous one. Taking the earliest match at every step is what makes this greedy
 * walk exact for an ordered funnel without a conversion window.
 *
 * Only the query's shape (how many steps) is built into the SQL text; every value (site,
 * range, step names) is a bound parameter.
 */
export function buildFunnelQuery(query: FunnelCountQuery): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
  };
  query.steps.forEach((step, i) => (params[`s${i}`] = step));
  const names = query.steps.map((_, i) => `$s${i}`).join(', ');

  const ctes = [
    `e AS (
       SELECT visitor_id, name, ts FROM events
       WHERE site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ) AND ts < CAST($to AS TIMESTAMPTZ) AND name IN (${names})
     )`,
    `f0 AS (SELECT visitor_id, min(ts) AS t FROM e WHERE name = $s0 GROUP BY visitor_id)`,
  ];
  for (let i = 1; i < query.steps.length; i++) {
    // A step that repeats the previous event name must be a later event, not the same one.
    const after = query.steps[i] === query.steps[i - 1] ? '>' : '>=';
    ctes.push(
      `f${i} AS (
         SELECT e.visitor_id, min(e.ts) AS t FROM e JOIN f${i - 1} p ON e.visitor_id = p.visitor_id
         WHERE e.name = $s${i} AND e.ts ${after} p.t GROUP BY e.visitor_id
       )`,
    );
  }
  const counts = query.steps.map((_, i) => `(SELECT count(*) FROM f${i}) AS c${i}`).join(', ');
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${counts}`, params };
}
