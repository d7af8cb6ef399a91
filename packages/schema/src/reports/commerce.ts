import type { MoneyByCurrency, ReportQueryParams, ReportScopeEcho } from './common.js';

/** Path of the commerce report endpoint. */
export const COMMERCE_PATH = '/v1/reports/commerce';

/** Acquisition-cohort periods of the LTV table, in the report's time zone (weeks from Monday). */
export const LTV_PERIODS = ['week', 'month'] as const;
/** One of {@link LTV_PERIODS}. */
export type LtvPeriod = (typeof LTV_PERIODS)[number];

/** Default and largest `periods=` of the LTV table (periods after period 0). */
export const LTV_PERIOD_LIMIT = { default: 6, max: 24 } as const;
/** Default and largest `limit=` of the product table. */
export const PRODUCT_LIMIT = { default: 20, max: 1000 } as const;

/** RFM segments, in display order; docs/metrics.md defines the scoring. */
export const RFM_SEGMENTS = ['champions', 'loyal', 'new', 'at_risk', 'hibernating'] as const;
/** One of {@link RFM_SEGMENTS}. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * Query parameters of `GET /v1/reports/commerce`: the common ones (no `compare`) plus
 * `period=` and `periods=` for the LTV table and `limit=` for the product table.
 */
export interface CommerceQueryParams extends Omit<ReportQueryParams, 'compare'> {
  /** LTV cohort period; default `month`. */
  period?: LtvPeriod;
  /** LTV periods after period 0; default 6. */
  periods?: number;
  /** Products shown; default 20. */
  limit?: number;
}

/** Repurchase rate and time between orders. */
export interface RepurchaseStats {
  /** Visitors with at least one order in the range. */
  customers: number;
  /** Customers with two orders or more. */
  repeat_customers: number;
  /** `repeat_customers / customers`; null without customers. */
  rate: number | null;
  /** Orders (deduplicated by transaction id), all currencies. */
  orders: number;
  /** Gaps between a customer's consecutive orders: how many, and their nearest-rank median and p90 in seconds (null without gaps). */
  time_between_orders: { gaps: number; median_s: number | null; p90_s: number | null };
}

/** One acquisition cohort of the LTV table. */
export interface LtvCohort {
  /** The cohort's period start as a local date (`YYYY-MM-DD`). */
  label: string;
  /** Visitors acquired (first-ever visit) in the period. */
  size: number;
  /**
   * Per currency: cumulative net revenue per acquired visitor after period 0…N (index =
   * period). Null where the period has not started yet.
   */
  ltv: Record<string, (number | null)[]>;
}

/** The LTV-by-acquisition-cohort table. */
export interface LtvTable {
  period: LtvPeriod;
  periods: number;
  /** Column headings, `Month 0` … `Month N`. */
  labels: string[];
  /** Currencies present, sorted; each cohort's `ltv` has one series per currency. */
  currencies: string[];
  cohorts: LtvCohort[];
  /**
   * uPlot-ready curves per currency: `[periods 0…N, one cumulative LTV series per cohort
   * (in the order of cohorts)]`.
   */
  data: Record<string, [number[], ...(number | null)[][]]>;
}

/** One RFM segment. */
export interface RfmRow {
  key: RfmSegment;
  label: string;
  customers: number;
  orders: number;
  /** Net revenue per currency. */
  revenue: MoneyByCurrency;
}

/** One product's funnel and sales. */
export interface ProductRow {
  /** `items[].item_id`. */
  item_id: string;
  /** The largest (byte order) `item_name` seen with it; `""` when none. */
  item_name: string;
  /** Visitors with a `view_item` event listing it. */
  view_visitors: number;
  /** Visitors with an `add_to_cart` event listing it. */
  cart_visitors: number;
  /** Visitors with an order listing it. */
  purchase_visitors: number;
  /** `cart_visitors / view_visitors`, `purchase_visitors / cart_visitors` (null over zero). */
  view_to_cart: number | null;
  cart_to_purchase: number | null;
  /** Units ordered (`quantity`, 1 when absent). */
  units: number;
  /** Net item revenue (price × quantity, less the order's refunded share) per currency. */
  revenue: MoneyByCurrency;
}

/** The answer of `GET /v1/reports/commerce`. */
export interface CommerceReport extends ReportScopeEcho {
  repurchase: RepurchaseStats;
  ltv: LtvTable;
  rfm: RfmRow[];
  /** Top `limit` products by purchase visitors, then view visitors, then item id. */
  products: { limit: number; rows: ProductRow[] };
}
