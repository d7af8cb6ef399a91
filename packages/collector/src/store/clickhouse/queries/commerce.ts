import type { CommerceQuery, ReportScope } from '../../event-store.js';
import { epochMs } from '../sql.js';
import { cohortSql, periodIndex, rangeEvents } from './retention.js';
import { ChParams, type ChQuery } from './scope.js';

/** Ties within one millisecond go to the smaller event id, as on DuckDB. */
const FIRST = '(ts, event_id)';

/** Order lines and their fields, with DuckDB's patterns (`store/duckdb/queries/commerce.ts`). */
const ITEM_OBJECTS = `extractAll(props, '[{][^{}]*[}]')`;
const NUMBER = '(-?[0-9]+(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?)';
const LINE_FIELDS = `extract(o, '"item_id":"([^"]*)"') AS item_id, extract(o, '"item_name":"([^"]*)"') AS item_name,
    toFloat64OrZero(extract(o, '"price":${NUMBER}')) AS price,
    if(extract(o, '"quantity":${NUMBER}') = '', 1, toFloat64OrZero(extract(o, '"quantity":${NUMBER}'))) AS qty`;
/** Every `item_id` of a view or cart event, and its name when it lists one item, as on DuckDB. */
const VIEW_IDS = `extractAll(props, '"item_id":"([^"]*)"')`;
const VIEW_NAME = `extract(props, '"item_name":"([^"]*)"')`;

/**
 * Orders with their net value, as DuckDB's `netOrdersSql` (see there). Refund events are
 * kept once per `event_id` (`LIMIT 1 BY`), because they are summed; the orders' own
 * aggregates (min, max, argMin) do not mind unmerged copies.
 */
export function netOrdersSql(q: ReportScope, p: ChParams, purchases: string, withProps = false): string {
  return `(SELECT tk, vid, t, v, c${withProps ? ', props' : ''},
      if(whole = 1, 0, greatest(0, v - amount)) AS n, if(whole = 1, 0, if(v > 0, greatest(0, v - amount) / v, 1)) AS share
    FROM (SELECT if(ifNull(transaction_id, '') = '', event_id, ifNull(transaction_id, '')) AS tk, argMin(visitor_id, ${FIRST}) AS vid, min(ts) AS t,
            max(ifNull(value, 0)) AS v, min(upper(ifNull(currency, ${p.bind(q.currency, 'String', 'cur')}))) AS c
            ${withProps ? `, argMin(props, ${FIRST}) AS props` : ''}
          FROM ${purchases} GROUP BY tk)
    ANY LEFT JOIN (SELECT ifNull(transaction_id, '') AS tk, sum(ifNull(value, 0)) AS amount, max(isNull(value)) AS whole
                   FROM (SELECT event_id, transaction_id, value FROM events
                         WHERE site = {site:String} AND is_bot = 0 AND name = 'refund' AND ts >= {from:UInt64} AND ifNull(transaction_id, '') != ''
                         LIMIT 1 BY event_id)
                   GROUP BY tk) USING tk)`;
}

/**
 * The commerce queries for ClickHouse 18.16, with the meaning of DuckDB's
 * `commerceQuery` (see there and docs/metrics.md), one query per result set. No window functions: gaps between
 * orders come from `arrayDifference` over each customer's sorted order times.
 */
export function commerceQueries(q: CommerceQuery): Record<'segments' | 'segmentMoney' | 'gaps' | 'ltvCohorts' | 'ltvMoney' | 'products' | 'productMoney', ChQuery> {
  const build = (make: (p: ChParams, e: string) => string): ChQuery => {
    const p = new ChParams();
    const sql = make(p, rangeEvents(q, p));
    return { sql, params: p.values };
  };
  const orders = (p: ChParams, e: string) => netOrdersSql(q, p, `(SELECT * FROM ${e} WHERE name = 'purchase')`);
  const mid = (p: ChParams) => p.bind(q.from.getTime() + Math.floor((q.to.getTime() - q.from.getTime()) / 2), 'UInt64', 'mid');
  /** The RFM segment of a customer's `f` and `latest` (docs/metrics.md). */
  const segmentOf = (p: ChParams) => `multiIf(
        latest >= ${mid(p)} AND f >= 3, 'champions', latest >= ${mid(p)} AND f = 2, 'loyal', latest >= ${mid(p)}, 'new',
        f >= 2, 'at_risk', 'hibernating')`;
  const customers = (p: ChParams, e: string) => `(SELECT vid, f, ${segmentOf(p)} AS segment
    FROM (SELECT vid, count() AS f, max(t) AS latest FROM ${orders(p, e)} GROUP BY vid))`;
  const acquired = { ...q, cohort: 'first_visit' as const };
  const ltvOrders = (p: ChParams, e: string) => netOrdersSql(q, p, `(SELECT event_id, ts, visitor_id, transaction_id, value, currency FROM events
      WHERE site = {site:String} AND is_bot = 0 AND name = 'purchase'
        AND ts >= {from:UInt64} AND ts < ${p.bind(epochMs(q.activityTo), 'UInt64', 'activity_to')}
        AND visitor_id IN (SELECT visitor_id FROM ${cohortSql(acquired, p, e)}))`);
  const productEvents = (e: string) => `(SELECT * FROM ${e} WHERE name IN ('view_item', 'add_to_cart', 'purchase'))`;
  // (src, vid, c, share, item_id, item_name, price, qty): view and cart items, then order lines.
  const items = (p: ChParams, e: string) => `(
    SELECT src, vid, '' AS c, toFloat64(1) AS share, item_id, if(length(ids) = 1, ${VIEW_NAME}, '') AS item_name, toFloat64(0) AS price, toFloat64(0) AS qty
    FROM (SELECT name AS src, visitor_id AS vid, props, ${VIEW_IDS} AS ids FROM ${productEvents(e)} WHERE name != 'purchase')
    ARRAY JOIN ids AS item_id
    UNION ALL
    SELECT 'purchase' AS src, vid, c, toFloat64(share) AS share, ${LINE_FIELDS}
    FROM (SELECT vid, c, share, props FROM ${netOrdersSql(q, p, `(SELECT * FROM ${productEvents(e)} WHERE name = 'purchase')`, true)})
    ARRAY JOIN ${ITEM_OBJECTS} AS o)`;
  const ranked = (p: ChParams, e: string) => `SELECT item_id, max(item_name) AS top_name,
      uniqExactIf(vid, src = 'view_item') AS view_visitors, uniqExactIf(vid, src = 'add_to_cart') AS cart_visitors,
      uniqExactIf(vid, src = 'purchase') AS purchase_visitors, sumIf(qty, src = 'purchase') AS units
    FROM ${items(p, e)} WHERE item_id != '' GROUP BY item_id
    ORDER BY purchase_visitors DESC, view_visitors DESC, item_id LIMIT ${p.bind(q.limit, 'UInt32', 'limit')}`;
  return {
    segments: build((p, e) => `SELECT segment, count() AS customers, sum(f) AS orders, countIf(f >= 2) AS repeat_customers
      FROM ${customers(p, e)} GROUP BY segment`),
    // Each customer's (currency, net) pairs ride along with the customer, so the orders are read once.
    segmentMoney: build((p, e) => `SELECT segment, tupleElement(cn, 1) AS cur_code, sum(tupleElement(cn, 2)) AS net
      FROM (SELECT ${segmentOf(p)} AS segment, cns FROM (SELECT vid, count() AS f, max(t) AS latest, groupArray((c, n)) AS cns FROM ${orders(p, e)} GROUP BY vid))
      ARRAY JOIN cns AS cn
      GROUP BY segment, cur_code`),
    gaps: build((p, e) => `SELECT arraySort(groupArray(g)) AS gaps
      FROM (SELECT vid, arrayDifference(arraySort(groupArray(t))) AS ds FROM ${orders(p, e)} GROUP BY vid)
      ARRAY JOIN arraySlice(ds, 2) AS g`),
    ltvCohorts: build((p, e) => `SELECT cohort, count() AS size FROM ${cohortSql(acquired, p, e)} GROUP BY cohort`),
    ltvMoney: build((p, e) => `SELECT cohort, pi - c AS period, cur_code, sum(n) AS net
      FROM (SELECT vid AS visitor_id, ${periodIndex(q.period, 't', p, q.tz)} AS pi, c AS cur_code, n FROM ${ltvOrders(p, e)})
      ALL INNER JOIN (SELECT visitor_id, cohort, c FROM ${cohortSql(acquired, p, e)}) USING visitor_id
      WHERE period >= 0 AND period <= ${p.bind(q.periods, 'UInt32', 'periods')}
      GROUP BY cohort, period, cur_code`),
    products: build((p, e) => `SELECT item_id, top_name AS item_name, view_visitors, cart_visitors, purchase_visitors, units FROM (${ranked(p, e)})
      ORDER BY purchase_visitors DESC, view_visitors DESC, item_id`),
    // Every product's money: keeping only the ranked ones here would read the items twice;
    // report-rows keeps those of the ranked products.
    productMoney: build((p, e) => `SELECT item_id, c AS cur_code, sum(price * qty * share) AS net FROM ${items(p, e)}
      WHERE src = 'purchase' AND item_id != '' GROUP BY item_id, cur_code`),
  };
}
