import type { BreakdownDimension } from '@vitrine/schema';
import type { BreakdownQuery } from '../../event-store.js';
import { DuckParams, scope, type DuckQuery } from './scope.js';
import { SESSION_DIMENSION_COLUMNS } from '../../dimension-columns.js';

/** Ties within one millisecond go to the smaller event id, the same on both stores. */
const FIRST = '(ts, event_id)';

/**
 * `(sid, vid, key)`: the key(s) of each session. `page`: every path the session viewed
 * (one row each). `entry_page`: the path of its first page view (sessions without one
 * are left out). Others: the column on the session's first event, `''` when null.
 * `more` adds aggregates over the session's events (not for `page`).
 */
function sessionKeys(dimension: BreakdownDimension, e: string, more = ''): string {
  if (dimension === 'page') {
    return `(SELECT session_id AS sid, min(visitor_id) AS vid, path AS key FROM ${e} WHERE name = 'page_view' GROUP BY session_id, path)`;
  }
  if (dimension === 'entry_page') {
    return `(SELECT session_id AS sid, arg_min(visitor_id, ${FIRST}) AS vid, arg_min(path, ${FIRST}) FILTER (WHERE name = 'page_view') AS key${more}
      FROM ${e} GROUP BY session_id HAVING count(*) FILTER (WHERE name = 'page_view') > 0)`;
  }
  return `(SELECT session_id AS sid, arg_min(visitor_id, ${FIRST}) AS vid, arg_min(coalesce(${SESSION_DIMENSION_COLUMNS[dimension]}, ''), ${FIRST}) AS key${more}
    FROM ${e} GROUP BY session_id)`;
}

/**
 * The breakdown queries for DuckDB: `ranked`, the top keys by visitors (then key), and
 * `money`, orders and net revenue per key and currency (an order counts for the keys of
 * the session of its earliest purchase event; refunds in range are netted against their
 * order by transaction id).
 */
export function breakdownQueries(q: BreakdownQuery): { ranked: DuckQuery; money: DuckQuery } {
  const ranked = new DuckParams();
  const e1 = scope(q, ranked);
  const limit = ranked.bind(q.limit, 'limit');
  // Sessions keyed by their first event (or first page view): the key, the visitor and
  // whether the session purchased come out of the same GROUP BY, one pass over the scope
  // instead of two passes joined by session (measured 0.55 s → 0.3 s for channels on 10M).
  const rankedSql =
    q.dimension === 'page'
      ? `SELECT k.key, count(DISTINCT k.vid) AS visitors, count(DISTINCT k.sid) AS sessions,
      count(DISTINCT k.sid) FILTER (WHERE s.conv) AS converted_sessions
    FROM ${sessionKeys(q.dimension, e1)} k
    JOIN (SELECT session_id AS sid, bool_or(name = 'purchase') AS conv FROM ${e1} GROUP BY session_id) s ON k.sid = s.sid
    GROUP BY k.key ORDER BY visitors DESC, k.key LIMIT ${limit}`
      : `SELECT key, count(DISTINCT vid) AS visitors, count(*) AS sessions, count(*) FILTER (WHERE conv) AS converted_sessions
    FROM ${sessionKeys(q.dimension, e1, `, bool_or(name = 'purchase') AS conv`)}
    GROUP BY key ORDER BY visitors DESC, key LIMIT ${limit}`;

  const m = new DuckParams();
  const e2 = scope(q, m);
  const moneySql = `SELECT k.key, o.c AS cur_code, count(*) AS orders, sum(o.v - coalesce(r.refunded, 0)) AS net
    FROM (SELECT coalesce(nullif(transaction_id, ''), event_id) AS tk, arg_min(session_id, ${FIRST}) AS sid,
            max(coalesce(value, 0)) AS v, min(upper(coalesce(currency, ${m.bind(q.currency, 'cur')}))) AS c
          FROM ${e2} WHERE name = 'purchase' GROUP BY tk) o
    LEFT JOIN (SELECT transaction_id AS tk, sum(coalesce(value, 0)) AS refunded FROM ${e2}
               WHERE name = 'refund' AND coalesce(transaction_id, '') <> '' GROUP BY transaction_id) r ON o.tk = r.tk
    JOIN ${sessionKeys(q.dimension, e2)} k ON k.sid = o.sid
    GROUP BY k.key, o.c`;
  return { ranked: { sql: rankedSql, params: ranked.values }, money: { sql: moneySql, params: m.values } };
}
