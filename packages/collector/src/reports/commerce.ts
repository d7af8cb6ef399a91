import {
  LTV_PERIOD_LIMIT,
  LTV_PERIODS,
  PRODUCT_LIMIT,
  RFM_SEGMENTS,
  type CommerceReport,
  type LtvPeriod,
  type LtvTable,
  type RfmSegment,
} from '@vitrine/schema';
import type { CommerceData, CommerceQuery, Site } from '../store/event-store.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';
import { nearestRank } from './funnel.js';
import { activityEnd, intParam, oneOf, periodLabels, periodStarted } from './retention.js';

/** A parsed commerce request. */
export interface CommerceRequest extends ReportRequest {
  /** Acquisition-cohort period of the LTV table. */
  period: LtvPeriod;
  periods: number;
  limit: number;
  /** The end of the last acquisition cohort's last period: how far LTV orders are read. */
  activityTo: Date;
  /** The request's clock: LTV periods starting after it are not observable yet (null). */
  now: Date;
}

/**
 * Reads `GET /v1/reports/commerce`: the common parameters (without `compare`) plus
 * `period=week|month` (LTV cohorts; default `month`), `periods=` (LTV periods after the
 * first, 1 to 24, default 6) and `limit=` (products, 1 to 1000, default 20).
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseCommerceRequest(params: URLSearchParams, site: Site, now: Date): CommerceRequest | string {
  const unknown = unknownParams(params, ['period', 'periods', 'limit']);
  if (unknown) return unknown;
  if (params.has('compare')) return 'compare: not available for commerce';
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const period = oneOf(params, 'period', LTV_PERIODS, 'month');
  if (typeof period === 'object') return period.reason;
  const periods = intParam(params, 'periods', LTV_PERIOD_LIMIT);
  if (typeof periods === 'string') return periods;
  const limit = intParam(params, 'limit', PRODUCT_LIMIT);
  if (typeof limit === 'string') return limit;
  return { ...request, period, periods, limit, activityTo: activityEnd(request.scope, request.scope.tz, period, periods), now };
}

/** The store query of a request. */
export const commerceStoreQuery = (request: CommerceRequest): CommerceQuery => ({
  ...request.scope,
  period: request.period,
  periods: request.periods,
  limit: request.limit,
  activityTo: request.activityTo,
});

const SEGMENT_LABELS: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  new: 'New',
  at_risk: 'At risk',
  hibernating: 'Hibernating / lost',
};
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** Money to 10⁻⁶ of a unit, as the stores round their sums. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The LTV table: cumulative net revenue per acquired visitor, per currency and period. */
function ltvTable(request: CommerceRequest, data: CommerceData): LtvTable {
  const { period, periods, now } = request;
  const currencies = [...new Set(data.ltvMoney.map((m) => m.currency))].sort();
  const net = new Map(data.ltvMoney.map((m) => [`${m.cohort}\u0000${m.period}\u0000${m.currency}`, m.net]));
  const cohorts = data.ltvCohorts.map(({ cohort, size }) => {
    const ltv = Object.fromEntries(
      currencies.map((currency) => {
        let sum = 0;
        const series = Array.from({ length: periods + 1 }, (_, k) => {
          sum += net.get(`${cohort}\u0000${k}\u0000${currency}`) ?? 0;
          return k > 0 && !periodStarted(cohort, k, period, request.scope.tz, now) ? null : round(sum / size);
        });
        return [currency, series];
      }),
    );
    return { label: cohort, size, ltv };
  });
  const xs = Array.from({ length: periods + 1 }, (_, k) => k);
  const chart = Object.fromEntries(currencies.map((currency) => [currency, [xs, ...cohorts.map((c) => c.ltv[currency]!)]])) as LtvTable['data'];
  return { period, periods, labels: periodLabels(period, periods), currencies, cohorts, data: chart };
}

/** The whole answer of `GET /v1/reports/commerce`. */
export function toCommerceReport(request: CommerceRequest, data: CommerceData): CommerceReport {
  const customers = data.segments.reduce((n, s) => n + s.customers, 0);
  const repeat = data.segments.reduce((n, s) => n + s.repeat_customers, 0);
  const gap = (p: number) => {
    const ms = nearestRank(data.gaps, p);
    return ms === null ? null : ms / 1000;
  };
  const revenueOf = (rows: { currency: string; net: number }[]) => Object.fromEntries(rows.map((m) => [m.currency, m.net]));
  return {
    ...echoScope(request),
    repurchase: {
      customers,
      repeat_customers: repeat,
      rate: ratio(repeat, customers),
      orders: data.segments.reduce((n, s) => n + s.orders, 0),
      time_between_orders: { gaps: data.gaps.length, median_s: gap(0.5), p90_s: gap(0.9) },
    },
    ltv: ltvTable(request, data),
    rfm: RFM_SEGMENTS.map((key) => {
      const s = data.segments.find((x) => x.segment === key);
      return {
        key, label: SEGMENT_LABELS[key], customers: s?.customers ?? 0, orders: s?.orders ?? 0,
        revenue: revenueOf(data.segmentMoney.filter((m) => m.segment === key)),
      };
    }),
    products: {
      limit: request.limit,
      rows: data.products.map((p) => ({
        ...p,
        view_to_cart: p.view_visitors === 0 ? null : p.cart_visitors / p.view_visitors,
        cart_to_purchase: p.cart_visitors === 0 ? null : p.purchase_visitors / p.cart_visitors,
        revenue: revenueOf(data.productMoney.filter((m) => m.item_id === p.item_id)),
      })),
    },
  };
}
