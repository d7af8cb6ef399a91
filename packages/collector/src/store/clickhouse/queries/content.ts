import type { ContentQuery } from '../../event-store.js';
import { epochMs } from '../sql.js';
import { namedScope } from './named-scope.js';
import { ChParams, type ChQuery } from './scope.js';

const DAY_MS = 86_400_000;

/** The typed fields of `props` (store/derived-columns.ts), `''` where a column is NULL (never, for these events). */
const CONTENT_NAME = `ifNull(content_name, '')`;
const CONTENT_PIECE = `ifNull(content_piece, '')`;
const ARTICLE = `ifNull(article, '')`;

/**
 * The content report's queries for ClickHouse 18.16, with the meaning of DuckDB's
 * `contentQueries` (see there and docs/metrics.md). 18.16 shapes: a JOIN only `USING`
 * equal columns (the time condition of an assisted order is a WHERE after it), one JOIN
 * per SELECT, `-If` combinators, and `LIMIT 1 BY event_id` wherever a sum could see an
 * unmerged copy of an event.
 */
export function contentQueries(q: ContentQuery): Record<'items' | 'articles' | 'assistVisitors' | 'assistMoney', ChQuery> {
  const build = (make: (p: ChParams) => string): ChQuery => {
    const p = new ChParams();
    const sql = make(p);
    return { sql, params: p.values };
  };
  const pairs = (p: ChParams) => {
    const clicks = namedScope(q, p, ['content_click'], `event_id, visitor_id, ts, ${CONTENT_NAME} AS k1, ${CONTENT_PIECE} AS k2`);
    const reads = namedScope(q, p, ['article_progress'], `event_id, visitor_id, ts, ${ARTICLE} AS k1, '' AS k2`);
    const end = p.bind(epochMs(new Date(q.to.getTime() + q.windowDays * DAY_MS)), 'UInt64', 'end');
    const site = `site = {site:String} AND is_bot = 0 AND ts >= {from:UInt64} AND ts < ${end}`;
    const cur = p.bind(q.currency, 'String', 'cur');
    return `(SELECT DISTINCT kind, k1, k2, tk, vid, c, net
      FROM (SELECT kind, k1, k2, visitor_id AS vid, ts AS tts FROM (
              SELECT 'content' AS kind, k1, k2, visitor_id, ts FROM ${clicks} WHERE k1 != ''
              UNION ALL SELECT 'article' AS kind, k1, k2, visitor_id, ts FROM ${reads} WHERE k1 != ''))
      ALL INNER JOIN (
        SELECT tk, vid, t, c, v - refunded AS net FROM (
          SELECT if(ifNull(transaction_id, '') = '', event_id, ifNull(transaction_id, '')) AS tk, min(ts) AS t,
            argMin(visitor_id, (ts, event_id)) AS vid, max(ifNull(value, 0)) AS v, min(upper(ifNull(currency, ${cur}))) AS c
          FROM events WHERE ${site} AND name = 'purchase' GROUP BY tk)
        ANY LEFT JOIN (SELECT ifNull(transaction_id, '') AS tk, sum(ifNull(value, 0)) AS refunded
                       FROM (SELECT event_id, transaction_id, value FROM events
                             WHERE ${site} AND name = 'refund' AND ifNull(transaction_id, '') != '' LIMIT 1 BY event_id)
                       GROUP BY tk) USING tk) USING vid
      WHERE t >= tts AND t - tts <= ${p.bind(q.windowDays * DAY_MS, 'UInt64', 'w')})`;
  };
  return {
    items: build((p) => `SELECT k1 AS cname, k2 AS cpiece,
        countIf(name = 'content_impression') AS impressions, countIf(name = 'content_click') AS clicks,
        uniqExactIf(visitor_id, name = 'content_impression') AS impression_visitors,
        uniqExactIf(visitor_id, name = 'content_click') AS click_visitors
      FROM ${namedScope(q, p, ['content_impression', 'content_click'], `event_id, name, visitor_id, ${CONTENT_NAME} AS k1, ${CONTENT_PIECE} AS k2`)}
      WHERE k1 != '' GROUP BY k1, k2`),
    articles: build((p) => `SELECT article, count() AS readers,
        countIf(depth >= 25) AS r25, countIf(depth >= 50) AS r50, countIf(depth >= 75) AS r75, countIf(depth >= 100) AS r100,
        arraySort(groupArray(read_ms))[intDiv(count() + 1, 2)] AS median_read_ms
      FROM (SELECT article, visitor_id, max(d) AS depth, max(r) AS read_ms
            FROM ${namedScope(q, p, ['article_progress'], `event_id, visitor_id, ${ARTICLE} AS article, ifNull(article_depth, 0) AS d, ifNull(article_read_ms, 0) AS r`)}
            WHERE article != '' GROUP BY article, visitor_id)
      GROUP BY article`),
    assistVisitors: build((p) => `SELECT kind, k1, k2, uniqExact(vid) AS visitors FROM ${pairs(p)} GROUP BY kind, k1, k2`),
    assistMoney: build((p) => `SELECT kind, k1, k2, c AS cur_code, count() AS orders, sum(net) AS net FROM ${pairs(p)} GROUP BY kind, k1, k2, c`),
  };
}
