import type { FunnelCountQuery } from '../event-store.js';

/** Who walks the funnel, as the column that identifies them (an allowlist). */
const UNIT_COLUMNS = { visitors: 'visitor_id', sessions: 'session_id' } as const;

/**
 * Builds the ordered-funnel query: step k counts the distinct visitors who did steps
 * 1..k in order within the range, each step at or after the earliest qualifying time of
 * the previous one. Taking the earliest match at every step is what makes this greedy
 * walk exact for an ordered funnel without a conversion window.
 *
 * With `unit: 'sessions'` each session walks on its own (the column called `visitor_id`
 * here then holds the session id). `output: 'times'` answers, instead of the counts, the
 * per-step lists of times from the first step (ms), from the same walk.
 *
 * Only the query's shape (how many steps) is built into the SQL text; every value (site,
 * range, step names) is a bound parameter.
 */
export function buildFunnelQuery(query: FunnelCountQuery, output: 'counts' | 'times' = 'counts'): { sql: string; params: Record<string, string | number> } {
  if (query.windowMs != null) return buildWindowFunnelQuery(query, output);
  const params: Record<string, string | number> = {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
  };
  query.steps.forEach((step, i) => (params[`s${i}`] = step));
  const names = query.steps.map((_, i) => `$s${i}`).join(', ');

  const ctes = [
    `e AS (
       SELECT ${UNIT_COLUMNS[query.unit ?? 'visitors']} AS visitor_id, name, ts FROM events
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
  if (output === 'times') {
    // Per later step, the sorted times from the first step, of those who reached it.
    const times = query.steps.slice(1).map((_, j) =>
      `(SELECT coalesce(list(epoch_ms(f${j + 1}.t) - epoch_ms(f0.t) ORDER BY epoch_ms(f${j + 1}.t) - epoch_ms(f0.t)), []) FROM f${j + 1} JOIN f0 ON f0.visitor_id = f${j + 1}.visitor_id) AS d${j + 1}`,
    );
    return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${times.length > 0 ? times.join(', ') : '1'}`, params };
  }
  const counts = query.steps.map((_, i) => `(SELECT count(*) FROM f${i}) AS c${i}`).join(', ');
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${counts}`, params };
}

/**
 * The funnel with a conversion window. The earliest start is no longer always best (a
 * later step-1 event may finish inside its window when the first does not), so the walk
 * runs from **every** step-1 event `s`: each later step takes its earliest qualifying
 * event at or after the previous step's and at most `windowMs` after `s`, which is exact
 * per start; a unit reaches step k when some start does. Times are the shortest
 * (over the starts that reach the step) from the start to the step.
 */
function buildWindowFunnelQuery(query: FunnelCountQuery, output: 'counts' | 'times'): { sql: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    w: query.windowMs!,
  };
  query.steps.forEach((step, i) => (params[`s${i}`] = step));
  const names = query.steps.map((_, i) => `$s${i}`).join(', ');
  const ctes = [
    `e AS (
       SELECT ${UNIT_COLUMNS[query.unit ?? 'visitors']} AS visitor_id, name, ts FROM events
       WHERE site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ) AND ts < CAST($to AS TIMESTAMPTZ) AND name IN (${names})
     )`,
    `f0 AS (SELECT DISTINCT visitor_id, ts AS s, ts AS t FROM e WHERE name = $s0)`,
  ];
  for (let i = 1; i < query.steps.length; i++) {
    const after = query.steps[i] === query.steps[i - 1] ? '>' : '>=';
    ctes.push(
      `f${i} AS (
         SELECT p.visitor_id, p.s, min(e.ts) AS t FROM e JOIN f${i - 1} p ON e.visitor_id = p.visitor_id
         WHERE e.name = $s${i} AND e.ts ${after} p.t AND epoch_ms(e.ts) - epoch_ms(p.s) <= $w GROUP BY p.visitor_id, p.s
       )`,
    );
  }
  if (output === 'times') {
    const times = query.steps.slice(1).map((_, j) =>
      `(SELECT coalesce(list(d ORDER BY d), []) FROM (SELECT visitor_id, min(epoch_ms(t) - epoch_ms(s)) AS d FROM f${j + 1} GROUP BY visitor_id)) AS d${j + 1}`,
    );
    return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${times.length > 0 ? times.join(', ') : '1'}`, params };
  }
  const counts = query.steps.map((_, i) => `(SELECT count(DISTINCT visitor_id) FROM f${i}) AS c${i}`).join(', ');
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${counts}`, params };
}
