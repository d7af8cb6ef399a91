import type { EventRow } from './event-store.js';

/**
 * Events whose `props` exercise every rule of store/derived-columns.ts (not strings, not
 * numbers, negative, huge, missing, unknown metrics, escaped text), for the tests that
 * hold each store's backfill SQL to `deriveColumns`. Props are `JSON.stringify` output,
 * as the collector stores them.
 */
export function derivedCases(site = 'derived'): EventRow[] {
  const at = new Date('2026-11-02T10:00:00Z');
  const row = (i: number, name: string, props: unknown): EventRow => ({
    site, event_id: `d${String(i).padStart(3, '0')}`, name, ts: at, client_ts: at, received_at: at,
    visitor_id: 'v', session_id: 's', user_id: null, url: 'https://shop.example/', host: 'shop.example', path: '/', title: null,
    referrer: null, referrer_host: null, channel: 'direct', source: null, utm_source: null, utm_medium: null, utm_campaign: null,
    utm_term: null, utm_content: null, is_bot: false, browser: null, os: null, device_type: 'desktop', country: null,
    transaction_id: null, value: null, currency: null, props: JSON.stringify(props),
  });
  const cases: [string, unknown][] = [
    ['web_vital', { metric: 'LCP', value: 1234.5, rating: 'good' }],
    ['web_vital', { metric: 'CLS', value: 0 }],
    ['web_vital', { metric: 'FCP', value: 12345678901234567890 }],
    ['web_vital', { metric: 'TTFB', value: 1e21 }],
    ['web_vital', { metric: 'INP', value: 0.000001 }],
    ['web_vital', { metric: 'INP', value: -1 }],
    ['web_vital', { metric: 'LCP', value: '12' }],
    ['web_vital', { metric: 'FID', value: 10 }],
    ['web_vital', { metric: 5, value: 3 }],
    ['web_vital', { value: 7 }],
    ['web_vital', {}],
    ['content_impression', { content_name: 'hero', content_piece: 'spring' }],
    ['content_impression', { content_name: 'say "hi" \\ 你好' }],
    ['content_impression', { content_name: 3, content_piece: null }],
    ['content_click', {}],
    ['article_progress', { article: 'how-to', depth: 50, read_ms: 1200 }],
    ['article_progress', { article: 'how-to', depth: '50', read_ms: -3 }],
    ['article_progress', { depth: 100, read_ms: 1.5 }],
    ['page_view', { metric: 'LCP', value: 1, content_name: 'x', article: 'y' }],
    ['purchase', { transaction_id: 'T1', value: 10, currency: 'CNY' }],
  ];
  return cases.map(([name, props], i) => row(i, name, props));
}
