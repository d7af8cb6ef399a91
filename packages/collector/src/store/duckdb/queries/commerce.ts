import type { CommerceQuery, ReportScope } from '../../event-store.js';
import { cohortCtes, periodIndex } from './retention.js';
import { DuckParams, type DuckQuery } from './scope.js';

/** Ties within one millisecond go to the smaller event id, the same on both stores. */
const FIRST = '(ts, event_id)';

/**
 * Order lines: the flat JSON objects inside an order's `props` (the wire format keeps
 * items flat), each read with one RE2 pattern per field, the same patterns as on
 * ClickHouse: ids and names as their raw JSON text (so ones holding `"` or `\` are cut,
 * as with the `product` filter), numbers in plain decimal or exponent form, price 0 and
 * quantity 1 when absent. Character classes instead of `\{` read the same in both
 * stores' string literals.
 */
const ITEM_OBJECTS = `regexp_extract_all(CAST(props AS VARCHAR), '[{][^{}]*[}]')`;
const NUMBER = '(-?[0-9]+(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?)';
const LINE_FIELDS = `regexp_extract(o, '"item_id":"([^"]*)"', 1) AS item_id, regexp_extract(o, '"item_name":"([^"]*)"', 1) AS item_name,
    coalesce(TRY_CAST(nullif(regexp_extract(o, '"price":${NUMBER}', 1), '') AS DOUBLE), 0) AS price,
    coalesce(TRY_CAST(nullif(regexp_extract(o, '"quantity":${NUMBER}', 1), '') AS DOUBLE), 1) AS qty`;
/**
 * Views and cart additions are many more than orders, so their items are read with one
 * pattern over the whole props (every `item_id`), never split into objects: that costs a
 * tenth. Their name is read only when the event lists one item (a product page's
 * `view_item` does), where it cannot belong to another item.
 */
const VIEW_IDS = `regexp_extract_all(CAST(props AS VARCHAR), '"item_id":"([^"]*)"', 1)`;
const VIEW_NAME = `regexp_extract(CAST(props AS VARCHAR), '"item_name":"([^"]*)"', 1)`;

/**
 * The refunds that net orders, from `events` (a relation of the site's non-bot events
 * from `from` on: an order in the range cannot be refunded before it), one row per
 * transaction id: `amount`, and `whole` when one of them has no value. From any session.
 */
export const refundsSql = (events: string) => `(SELECT transaction_id AS tk, sum(value) AS amount, bool_or(value IS NULL) AS whole FROM ${events}
    WHERE name = 'refund' AND coalesce(transaction_id, '') <> '' GROUP BY transaction_id)`;

/**
 * Orders with their net value, from `purchases` (a subquery of purchase events, with
 * `props` when `withProps`): `tk` (transaction id, or the event id of a purchase without
 * one), `vid` and `t` (of its earliest event), `v` (largest value), `c` (currency), `n`
 * (net of `refunds`, a relation shaped as {@link refundsSql}'s: one without a value
 * refunds the whole order, and refunds never take an order below zero), `share` (n ÷ v:
 * what is left of each item) and, with props, `props` of its earliest event. Binds `cur`.
 */
export function netOrdersSql(q: ReportScope, p: DuckParams, purchases: string, refunds: string, withProps = false): string {
  return `(SELECT o.*, CASE WHEN r.whole THEN 0 ELSE greatest(0, o.v - coalesce(r.amount, 0)) END AS n,
      CASE WHEN r.whole THEN 0 WHEN o.v > 0 THEN greatest(0, o.v - coalesce(r.amount, 0)) / o.v ELSE 1 END AS share
    FROM (SELECT coalesce(nullif(transaction_id, ''), event_id) AS tk, arg_min(visitor_id, ${FIRST}) AS vid, min(ts) AS t,
            max(coalesce(value, 0)) AS v, min(upper(coalesce(currency, ${p.bind(q.currency, 'cur')}))) AS c
            ${withProps ? `, arg_min(props, ${FIRST}) AS props` : ''}
          FROM ${purchases} GROUP BY tk) o
    LEFT JOIN ${refunds} r ON o.tk = r.tk)`;
}

/** The midpoint of the range: a customer whose latest order is at or after it is "recent". */
export const midpoint = (q: ReportScope) => new Date(q.from.getTime() + Math.floor((q.to.getTime() - q.from.getTime()) / 2));

/** The result sets of the commerce statement, told apart by its `kind` column. */
export const COMMERCE_KINDS = ['segments', 'segmentMoney', 'gaps', 'ltvCohorts', 'ltvMoney', 'products', 'productMoney'] as const;

/**
 * The commerce report for DuckDB as ONE statement (docs/metrics.md, "Commerce report"):
 * orders, customers, cohorts and product items are each computed once (materialised
 * CTEs) and every result set of `RawCommerceRows` comes back as rows tagged with `kind`
 * (`UNION ALL BY NAME` fills the columns a set does not have with NULL). Products carry
 * `rank`, since a union keeps no order. `store/clickhouse/queries/commerce.ts` has the
 * same meaning on 18.16, one query per set.
 */
export function commerceQuery(q: CommerceQuery): DuckQuery {
  const p = new DuckParams();
  const acquired = { ...q, cohort: 'first_visit' as const };
  const filtered = q.filters.length > 0;
  p.bind(q.from.toISOString(), 'from');
  p.bind(q.to.toISOString(), 'to');
  // cohortCtes comes first: with filters it defines `scope_sessions`.
  const sql = `WITH
    ${cohortCtes(acquired, p)},
    -- Purchases and refunds from $from on (the store's copy of them, money-events.ts): the
    -- orders of the range, the LTV orders up to activity_to and the refunds of both.
    money AS MATERIALIZED (SELECT name, session_id, visitor_id, event_id, ts, transaction_id, value, currency, props
      FROM money_events WHERE site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ)),
    refunds AS MATERIALIZED ${refundsSql('money')},
    orders AS MATERIALIZED ${netOrdersSql(q, p, `(SELECT * FROM money WHERE name = 'purchase' AND ts < CAST($to AS TIMESTAMPTZ)${
      filtered ? ' AND session_id IN (SELECT session_id FROM scope_sessions)' : ''})`, 'refunds', true)},
    customers AS MATERIALIZED (SELECT vid, f, CASE WHEN latest >= CAST(${p.bind(midpoint(q).toISOString(), 'mid')} AS TIMESTAMPTZ)
        THEN (CASE WHEN f >= 3 THEN 'champions' WHEN f = 2 THEN 'loyal' ELSE 'new' END)
        ELSE (CASE WHEN f >= 2 THEN 'at_risk' ELSE 'hibernating' END) END AS segment
      FROM (SELECT vid, count(*) AS f, max(t) AS latest FROM orders GROUP BY vid)),
    ltv_orders AS ${netOrdersSql(q, p, `(SELECT * FROM money WHERE name = 'purchase'
      AND ts < CAST(${p.bind(q.activityTo.toISOString(), 'activity_to')} AS TIMESTAMPTZ) AND visitor_id IN (SELECT visitor_id FROM cohort))`, 'refunds')},
    -- The scope's views and cart additions. Those of one product mostly carry the same props
    -- text, so ids are read once per distinct text rather than once per event.
    view_events AS MATERIALIZED (${['view_item', 'add_to_cart'].map((name) => `SELECT name AS src, visitor_id AS vid, CAST(props AS VARCHAR) AS props FROM events
      WHERE site = $site AND NOT is_bot AND ts >= CAST($from AS TIMESTAMPTZ) AND ts < CAST($to AS TIMESTAMPTZ)
        AND name = '${name}'${filtered ? ' AND session_id IN (SELECT session_id FROM scope_sessions)' : ''}`).join(' UNION ALL ')}),
    view_props AS MATERIALIZED (SELECT props, ${VIEW_IDS} AS ids FROM (SELECT DISTINCT props FROM view_events)),
    order_lines AS MATERIALIZED (SELECT vid, c, share, ${LINE_FIELDS} FROM (SELECT vid, c, share, unnest(${ITEM_OBJECTS}) AS o FROM orders)),
    -- Distinct (source, product, visitor) first: cheaper than three count(DISTINCT …) FILTER aggregates.
    reach AS (SELECT item_id, count(*) FILTER (WHERE src = 'view_item') AS view_visitors, count(*) FILTER (WHERE src = 'add_to_cart') AS cart_visitors,
        count(*) FILTER (WHERE src = 'purchase') AS purchase_visitors
      FROM (SELECT DISTINCT src, item_id, vid FROM (SELECT e.src, e.vid, unnest(v.ids) AS item_id FROM view_events e JOIN view_props v ON v.props = e.props
                                                  UNION ALL SELECT 'purchase' AS src, vid, item_id FROM order_lines))
      WHERE item_id <> '' GROUP BY item_id),
    ranked AS MATERIALIZED (SELECT r.item_id, r.view_visitors, r.cart_visitors, r.purchase_visitors, coalesce(u.units, 0) AS units
      FROM reach r LEFT JOIN (SELECT item_id, sum(qty) AS units FROM order_lines GROUP BY item_id) u ON u.item_id = r.item_id
      ORDER BY r.purchase_visitors DESC, r.view_visitors DESC, r.item_id LIMIT ${p.bind(q.limit, 'limit')}),
    -- Names only for the ranked products.
    names AS (SELECT item_id, max(item_name) AS item_name FROM (
        SELECT ids[1] AS item_id, ${VIEW_NAME} AS item_name FROM view_props WHERE len(ids) = 1 AND ids[1] IN (SELECT item_id FROM ranked)
        UNION ALL SELECT item_id, item_name FROM order_lines WHERE item_id IN (SELECT item_id FROM ranked))
      GROUP BY item_id)
    SELECT 'segments' AS kind, segment, count(*) AS customers, sum(f) AS orders, count(*) FILTER (WHERE f >= 2) AS repeat_customers
      FROM customers GROUP BY segment
    UNION ALL BY NAME
    SELECT 'segmentMoney' AS kind, s.segment, o.c AS cur_code, sum(o.n) AS net FROM orders o JOIN customers s ON s.vid = o.vid GROUP BY s.segment, o.c
    UNION ALL BY NAME
    SELECT 'gaps' AS kind, coalesce(list(g ORDER BY g), []) AS gaps
      FROM (SELECT epoch_ms(t) - epoch_ms(lag(t) OVER (PARTITION BY vid ORDER BY t, tk)) AS g FROM orders) WHERE g IS NOT NULL
    UNION ALL BY NAME
    SELECT 'ltvCohorts' AS kind, cohort, count(*) AS size FROM cohort GROUP BY cohort
    UNION ALL BY NAME
    SELECT 'ltvMoney' AS kind, k.cohort, ${periodIndex(q.period, 'o.t', p, q.tz)} - k.c AS period, o.c AS cur_code, sum(o.n) AS net
      FROM ltv_orders o JOIN cohort k ON k.visitor_id = o.vid
      WHERE ${periodIndex(q.period, 'o.t', p, q.tz)} - k.c BETWEEN 0 AND ${p.bind(q.periods, 'periods')}
      GROUP BY k.cohort, period, o.c
    UNION ALL BY NAME
    SELECT 'products' AS kind, r.*, coalesce(n.item_name, '') AS item_name,
        row_number() OVER (ORDER BY r.purchase_visitors DESC, r.view_visitors DESC, r.item_id) AS rank
      FROM ranked r LEFT JOIN names n ON n.item_id = r.item_id
    UNION ALL BY NAME
    SELECT 'productMoney' AS kind, item_id, c AS cur_code, sum(price * qty * share) AS net FROM order_lines
      WHERE item_id IN (SELECT item_id FROM ranked) GROUP BY item_id, c`;
  return { sql, params: p.values };
}
