import type { ContentQuery } from '../../event-store.js';
import { scopeParts } from './named-scope.js';
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
 * The fields of `props` come from typed columns filled when each event was stored
 * (store/derived-columns.ts, with this report's rules), so no JSON is parsed here. Each
 * event name is a scan of its own (DuckDB pushes `name = …` into a scan, not an IN list)
 * reading only the columns its parts need: impressions, 560k in 30 days of 10M events,
 * only their visitor and key.
 */
export function contentQuery(q: ContentQuery): DuckQuery {
  const p = new DuckParams();
  const { sessions } = scopeParts(q, p);
  const end = p.bind(new Date(q.to.getTime() + q.windowDays * DAY_MS).toISOString(), 'end');
  const site = 'site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ)';
  /** Events of `name` in the scope (the range, and with filters a filtered session). */
  const scoped = (name: string, columns: string) =>
    `SELECT ${columns} FROM events WHERE ${site} AND ts < CAST($to AS TIMESTAMPTZ) AND name = '${name}'${sessions ? ` AND ${sessions}` : ''}`;
  const sql = `WITH clicks AS MATERIALIZED (${scoped('content_click', 'visitor_id, ts, content_name AS k1, content_piece AS k2')}),
    reads AS MATERIALIZED (${scoped('article_progress', 'visitor_id, ts, article AS k1, article_depth AS depth, article_read_ms AS read_ms')}),
    -- Orders and refunds of the whole site from $from to the end of the window after $to,
    -- unfiltered, from the store's copy of them (money-events.ts).
    o AS (SELECT coalesce(nullif(transaction_id, ''), event_id) AS tk, min(ts) AS t, arg_min(visitor_id, (ts, event_id)) AS vid,
            max(coalesce(value, 0)) AS v, min(upper(coalesce(currency, ${p.bind(q.currency, 'cur')}))) AS c
          FROM money_events WHERE ${site} AND ts < CAST(${end} AS TIMESTAMPTZ) AND name = 'purchase' GROUP BY tk),
    r AS (SELECT transaction_id AS tk, sum(coalesce(value, 0)) AS refunded FROM money_events
          WHERE ${site} AND ts < CAST(${end} AS TIMESTAMPTZ) AND name = 'refund' AND coalesce(transaction_id, '') <> '' GROUP BY transaction_id),
    pairs AS (SELECT DISTINCT t.kind, t.k1, t.k2, o.tk, o.vid, o.c, o.v - coalesce(r.refunded, 0) AS net
      FROM (SELECT 'content' AS kind, k1, k2, visitor_id, ts FROM clicks WHERE k1 <> ''
            UNION ALL SELECT 'article' AS kind, k1, '' AS k2, visitor_id, ts FROM reads WHERE k1 <> '') t
      JOIN o ON o.vid = t.visitor_id AND o.t >= t.ts AND epoch_ms(o.t) - epoch_ms(t.ts) <= ${p.bind(q.windowDays * DAY_MS, 'w')}
      LEFT JOIN r ON r.tk = o.tk)
    SELECT 'items' AS part, k1 AS cname, k2 AS cpiece,
        count(*) FILTER (WHERE click = 0) AS impressions, count(*) FILTER (WHERE click = 1) AS clicks,
        count(DISTINCT visitor_id) FILTER (WHERE click = 0) AS impression_visitors,
        count(DISTINCT visitor_id) FILTER (WHERE click = 1) AS click_visitors
      FROM (${scoped('content_impression', '0 AS click, visitor_id, content_name AS k1, content_piece AS k2')}
            UNION ALL SELECT 1 AS click, visitor_id, k1, k2 FROM clicks)
      WHERE k1 <> '' GROUP BY k1, k2
    UNION ALL BY NAME
    SELECT 'articles' AS part, article, count(*) AS readers,
        count(*) FILTER (WHERE depth >= 25) AS r25, count(*) FILTER (WHERE depth >= 50) AS r50,
        count(*) FILTER (WHERE depth >= 75) AS r75, count(*) FILTER (WHERE depth >= 100) AS r100,
        list_sort(list(read_ms))[(count(*) + 1) // 2] AS median_read_ms
      FROM (SELECT k1 AS article, visitor_id, max(depth) AS depth, max(read_ms) AS read_ms FROM reads WHERE k1 <> '' GROUP BY k1, visitor_id)
      GROUP BY article
    UNION ALL BY NAME
    SELECT CASE WHEN grouping(c) = 1 THEN 'assistVisitors' ELSE 'assistMoney' END AS part, kind, k1, k2, c AS cur_code,
        count(DISTINCT vid) AS visitors, count(*) AS orders, sum(net) AS net
      FROM pairs GROUP BY GROUPING SETS ((kind, k1, k2), (kind, k1, k2, c))`;
  return { sql, params: p.values };
}
