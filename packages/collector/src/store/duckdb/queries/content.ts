import type { ContentQuery } from '../../event-store.js';
import { propsFields, scopeParts } from './named-scope.js';
import { DuckParams, type DuckQuery } from './scope.js';

const DAY_MS = 86_400_000;

/**
 * The content report as one DuckDB query (docs/metrics.md, "Content"); the ClickHouse
 * twin is `store/clickhouse/queries/content.ts`. Its rows carry a `part`, and each part
 * is one of the result sets of `RawContentRows` (`splitParts` sorts them apart):
 *
 * - `items`: per content name and piece, impression and click events and visitors.
 * - `articles`: per article, each reader's deepest depth and longest `read_ms`, then
 *   readers per depth and the nearest-rank median read time (the `⌈n/2⌉`-th of the
 *   sorted values, with integer arithmetic so both stores pick the same element).
 * - `assistVisitors` / `assistMoney`: touches (content clicks and article reads in the
 *   scope) joined to the same visitor's orders (site-wide, unfiltered, from `from` to
 *   `to` + the window) placed at or after a touch and at most `windowDays` later; each
 *   (key, order) pair once; one `GROUPING SETS` pass gives both.
 *
 * One query and one scan (`ev`): the content events and the orders are read together,
 * from `from` to `to` + the window, and `in_scope` marks the content events of the scope
 * (before `to`, and in a filtered session): the 30-day budget allows no second pass.
 */
export function contentQuery(q: ContentQuery): DuckQuery {
  const p = new DuckParams();
  const f = propsFields(['content_name', 'content_piece', 'article', 'depth', 'read_ms']);
  const { sessions } = scopeParts(q, p);
  const end = p.bind(new Date(q.to.getTime() + q.windowDays * DAY_MS).toISOString(), 'end');
  // One scan per name (`name = …` is pushed into the scan, an IN list is not), and
  // `props` parsed only for the content events: orders carry their items in `props`.
  const scans = ['content_impression', 'content_click', 'article_progress', 'purchase', 'refund'].map(
    (name) => `SELECT name, event_id, visitor_id, ts, transaction_id, value, currency,
        ts < CAST($to AS TIMESTAMPTZ)${sessions ? ` AND ${sessions}` : ''} AS in_scope,
        ${name === 'purchase' || name === 'refund' ? 'CAST(NULL AS JSON[]) AS j' : f.column}
      FROM events WHERE site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ) AND ts < CAST(${end} AS TIMESTAMPTZ) AND name = '${name}'`,
  );
  const sql = `WITH ev AS MATERIALIZED (${scans.join('\n      UNION ALL ')}),
    ce AS (
      SELECT name, visitor_id, ts,
        CASE WHEN name = 'article_progress' THEN ${f.str('article')} ELSE ${f.str('content_name')} END AS k1,
        CASE WHEN name = 'article_progress' THEN '' ELSE ${f.str('content_piece')} END AS k2,
        ${f.num('depth')} AS depth, ${f.num('read_ms')} AS read_ms
      FROM ev WHERE in_scope AND name IN ('content_impression', 'content_click', 'article_progress')),
    e AS (SELECT name, event_id, ts, visitor_id, transaction_id, value, currency FROM ev WHERE name IN ('purchase', 'refund')),
    o AS (SELECT coalesce(nullif(transaction_id, ''), event_id) AS tk, min(ts) AS t, arg_min(visitor_id, (ts, event_id)) AS vid,
            max(coalesce(value, 0)) AS v, min(upper(coalesce(currency, ${p.bind(q.currency, 'cur')}))) AS c
          FROM e WHERE name = 'purchase' GROUP BY tk),
    r AS (SELECT transaction_id AS tk, sum(coalesce(value, 0)) AS refunded FROM e
          WHERE name = 'refund' AND coalesce(transaction_id, '') <> '' GROUP BY transaction_id),
    pairs AS (SELECT DISTINCT t.kind, t.k1, t.k2, o.tk, o.vid, o.c, o.v - coalesce(r.refunded, 0) AS net
      FROM (SELECT CASE WHEN name = 'article_progress' THEN 'article' ELSE 'content' END AS kind, k1, k2, visitor_id, ts
            FROM ce WHERE name <> 'content_impression' AND k1 <> '') t
      JOIN o ON o.vid = t.visitor_id AND o.t >= t.ts AND epoch_ms(o.t) - epoch_ms(t.ts) <= ${p.bind(q.windowDays * DAY_MS, 'w')}
      LEFT JOIN r ON r.tk = o.tk)
    SELECT 'items' AS part, k1 AS cname, k2 AS cpiece,
        count(*) FILTER (WHERE name = 'content_impression') AS impressions, count(*) FILTER (WHERE name = 'content_click') AS clicks,
        count(DISTINCT visitor_id) FILTER (WHERE name = 'content_impression') AS impression_visitors,
        count(DISTINCT visitor_id) FILTER (WHERE name = 'content_click') AS click_visitors
      FROM ce WHERE name <> 'article_progress' AND k1 <> '' GROUP BY k1, k2
    UNION ALL BY NAME
    SELECT 'articles' AS part, article, count(*) AS readers,
        count(*) FILTER (WHERE depth >= 25) AS r25, count(*) FILTER (WHERE depth >= 50) AS r50,
        count(*) FILTER (WHERE depth >= 75) AS r75, count(*) FILTER (WHERE depth >= 100) AS r100,
        list_sort(list(read_ms))[(count(*) + 1) // 2] AS median_read_ms
      FROM (SELECT k1 AS article, visitor_id, max(depth) AS depth, max(read_ms) AS read_ms
            FROM ce WHERE name = 'article_progress' AND k1 <> '' GROUP BY k1, visitor_id)
      GROUP BY article
    UNION ALL BY NAME
    SELECT CASE WHEN grouping(c) = 1 THEN 'assistVisitors' ELSE 'assistMoney' END AS part, kind, k1, k2, c AS cur_code,
        count(DISTINCT vid) AS visitors, count(*) AS orders, sum(net) AS net
      FROM pairs GROUP BY GROUPING SETS ((kind, k1, k2), (kind, k1, k2, c))`;
  return { sql, params: p.values };
}
