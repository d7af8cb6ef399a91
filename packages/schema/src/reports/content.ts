import type { MoneyByCurrency, ReportScopeEcho } from './common.js';

/** Path of the content performance report endpoint. */
export const CONTENT_PATH = '/v1/reports/content';

/** Default, smallest and largest `window_days=` (assisted conversions). */
export const CONTENT_WINDOW_DAYS = { default: 7, min: 1, max: 90 } as const;
/** Default and largest `limit=` (rows of each list). */
export const CONTENT_LIMIT = { default: 50, max: 1000 } as const;

/** Read depths an `article_progress` event reports, in percent. */
export const ARTICLE_DEPTHS = [25, 50, 75, 100] as const;

/**
 * Query parameters of `GET /v1/reports/content`, besides those of every report
 * (`ReportQueryParams`).
 */
export interface ContentQueryParams {
  /** Days after a click or read within which a purchase counts as assisted (1–90, default 7). */
  window_days?: number;
  /** Most rows per list (1–1000, default 50). */
  limit?: number;
}

/**
 * Orders and net revenue assisted by a piece of content: the purchases its clickers or
 * readers made within `window_days` after a click or read (docs/metrics.md).
 */
export interface AssistedConversions {
  /** Distinct visitors with at least one assisted order. */
  visitors: number;
  /** Assisted orders, per currency of the order. */
  orders: Record<string, number>;
  /** Their value net of refunds, per currency; currencies are never added together. */
  revenue: MoneyByCurrency;
}

/** One content name and piece (`content_impression` / `content_click`). */
export interface ContentRow {
  name: string;
  /** `content_piece`, `""` when the events had none. */
  piece: string;
  /** `content_impression` events. */
  impressions: number;
  /** `content_click` events. */
  clicks: number;
  /** Distinct visitors with an impression. */
  impression_visitors: number;
  /** Distinct visitors with a click. */
  click_visitors: number;
  /** `click_visitors / impression_visitors` (null without impressions; may exceed 1 when clicks come without tracked impressions). */
  ctr: number | null;
  assisted: AssistedConversions;
}

/** One article (`article_progress`). */
export interface ArticleRow {
  article: string;
  /** Distinct visitors with any progress event of the article. */
  readers: number;
  /** Distinct visitors who reached at least 25, 50, 75 and 100 % (aligned with {@link ARTICLE_DEPTHS}). */
  reached: [number, number, number, number];
  /** `reached` divided by `readers`. */
  reached_share: [number, number, number, number];
  /** Nearest-rank median over readers of each reader's longest `read_ms`, in seconds. */
  median_read_s: number | null;
  assisted: AssistedConversions;
}

/** The answer of `GET /v1/reports/content`. */
export interface ContentReport extends ReportScopeEcho {
  window_days: number;
  limit: number;
  /** By impression visitors, then click visitors (descending), then name and piece. */
  content: ContentRow[];
  /** By readers (descending), then article. */
  articles: ArticleRow[];
}
