import { CONTENT_LIMIT, CONTENT_WINDOW_DAYS, type ArticleRow, type AssistedConversions, type ContentReport, type ContentRow } from '@vitrine/schema';
import type { AssistCounts, ContentData, ContentQuery, Site } from '../store/event-store.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';

/** A parsed content request. */
export interface ContentRequest extends ReportRequest {
  windowDays: number;
  limit: number;
}

/** An integer query parameter from `min` to `max`, `fallback` when absent; a reason string when wrong. */
export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number | string {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= min && value <= max ? value : `${name}: expected an integer from ${min} to ${max}`;
}

/**
 * Reads `GET /v1/reports/content`: the common parameters (without `compare`, which this
 * report does not offer) plus `window_days=` (1–90, default 7) and `limit=` (1–1000,
 * default 50).
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseContentRequest(params: URLSearchParams, site: Site, now: Date): ContentRequest | string {
  const unknown = unknownParams(params, ['window_days', 'limit']);
  if (unknown) return unknown;
  if (params.has('compare')) return 'compare: the content report has no comparison period';
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const windowDays = intParam(params, 'window_days', CONTENT_WINDOW_DAYS.default, CONTENT_WINDOW_DAYS.min, CONTENT_WINDOW_DAYS.max);
  if (typeof windowDays === 'string') return windowDays;
  const limit = intParam(params, 'limit', CONTENT_LIMIT.default, 1, CONTENT_LIMIT.max);
  if (typeof limit === 'string') return limit;
  return { ...request, windowDays, limit };
}

/** The store query of the request. */
export const contentStoreQuery = (request: ContentRequest): ContentQuery => ({ ...request.scope, windowDays: request.windowDays });

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function assisted(a: AssistCounts | undefined): AssistedConversions {
  return {
    visitors: a?.visitors ?? 0,
    orders: Object.fromEntries((a?.money ?? []).map((m) => [m.currency, m.orders])),
    revenue: Object.fromEntries((a?.money ?? []).map((m) => [m.currency, m.net])),
  };
}

/**
 * The whole answer of `GET /v1/reports/content`: content rows by impression visitors,
 * then click visitors (both descending), then name and piece; articles by readers, then
 * name; each list cut to `limit`, each row with its assisted conversions.
 */
export function toContentReport(request: ContentRequest, data: ContentData): ContentReport {
  const assists = new Map(data.assists.map((a) => [`${a.kind}\u0000${a.name}\u0000${a.piece}`, a]));
  const content: ContentRow[] = [...data.items]
    .sort((a, b) => b.impression_visitors - a.impression_visitors || b.click_visitors - a.click_visitors || byText(a.name, b.name) || byText(a.piece, b.piece))
    .slice(0, request.limit)
    .map((i) => ({
      ...i,
      ctr: i.impression_visitors === 0 ? null : i.click_visitors / i.impression_visitors,
      assisted: assisted(assists.get(`content\u0000${i.name}\u0000${i.piece}`)),
    }));
  const articles: ArticleRow[] = [...data.articles]
    .sort((a, b) => b.readers - a.readers || byText(a.article, b.article))
    .slice(0, request.limit)
    .map((a) => ({
      article: a.article,
      readers: a.readers,
      reached: a.reached,
      reached_share: a.reached.map((r) => (a.readers === 0 ? 0 : r / a.readers)) as ArticleRow['reached_share'],
      median_read_s: a.median_read_ms === null ? null : a.median_read_ms / 1000,
      assisted: assisted(assists.get(`article\u0000${a.article}\u0000`)),
    }));
  return { ...echoScope(request), window_days: request.windowDays, limit: request.limit, content, articles };
}
