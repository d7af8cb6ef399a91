import type { BreakdownDimension } from '@vitrine/schema';
import type { BreakdownQuery } from '../../event-store.js';
import { ChParams, scope, type ChQuery } from './scope.js';
import { SESSION_DIMENSION_COLUMNS } from '../../dimension-columns.js';

/** Ties within one millisecond go to the smaller event id, as on DuckDB. */
const FIRST = '(ts, event_id)';

/** `(sid, vid, key)` per session, with DuckDB's meaning; `more` adds aggregates (not for `page`). */
function sessionKeys(dimension: BreakdownDimension, e: string, more = ''): string {
  if (dimension === 'page') {
    return `(SELECT session_id AS sid, min(visitor_id) AS vid, path AS key FROM ${e} WHERE name = 'page_view' GROUP BY sid, key)`;
  }
  if (dimension === 'entry_page') {
    return `(SELECT session_id AS sid, argMin(visitor_id, ${FIRST}) AS vid, argMinIf(path, ${FIRST}, name = 'page_view') AS key${more}
      FROM ${e} GROUP BY sid HAVING countIf(name = 'page_view') > 0)`;
  }
  return `(SELECT session_id AS sid, argMin(visitor_id, ${FIRST}) AS vid, argMin(ifNull(${SESSION_DIMENSION_COLUMNS[dimension]}, ''), ${FIRST}) AS key${more}
    FROM ${e} GROUP BY sid)`;
}

/** The breakdown queries for ClickHouse 18.16, with the meaning of DuckDB's `breakdownQueries`. */
export function breakdownQueries(q: BreakdownQuery): { ranked: ChQuery; money: ChQuery } {
  const ranked = new ChParams();
  const e1 = scope(q, ranked);
  const limit = ranked.bind(q.limit, 'UInt32', 'limit');
  // As DuckDB's: one GROUP BY per session gives its key, visitor and purchase (not for `page`).
  const rankedSql =
    q.dimension === 'page'
      ? `SELECT key, uniqExact(vid) AS visitors, uniqExact(sid) AS sessions, uniqExactIf(sid, conv = 1) AS converted_sessions
    FROM ${sessionKeys(q.dimension, e1)}
    ALL INNER JOIN (SELECT session_id AS sid, max(name = 'purchase') AS conv FROM ${e1} GROUP BY sid) USING sid
    GROUP BY key ORDER BY visitors DESC, key LIMIT ${limit}`
      : `SELECT key, uniqExact(vid) AS visitors, count() AS sessions, countIf(conv = 1) AS converted_sessions
    FROM ${sessionKeys(q.dimension, e1, `, max(name = 'purchase') AS conv`)}
    GROUP BY key ORDER BY visitors DESC, key LIMIT ${limit}`;

  const m = new ChParams();
  const e2 = scope(q, m);
  const moneySql = `SELECT key, c AS cur_code, count() AS orders, sum(v - refunded) AS net
    FROM (
      SELECT sid, v, c, refunded FROM (
        SELECT if(ifNull(transaction_id, '') = '', event_id, ifNull(transaction_id, '')) AS tk, argMin(session_id, ${FIRST}) AS sid,
          max(ifNull(value, 0)) AS v, min(upper(ifNull(currency, ${m.bind(q.currency, 'String', 'cur')}))) AS c
        FROM ${e2} WHERE name = 'purchase' GROUP BY tk)
      ANY LEFT JOIN (SELECT ifNull(transaction_id, '') AS tk, sum(ifNull(value, 0)) AS refunded FROM ${e2}
                     WHERE name = 'refund' AND ifNull(transaction_id, '') != '' GROUP BY tk) USING tk)
    ALL INNER JOIN ${sessionKeys(q.dimension, e2)} USING sid
    GROUP BY key, cur_code`;
  return { ranked: { sql: rankedSql, params: ranked.values }, money: { sql: moneySql, params: m.values } };
}
