import { BREAKDOWN_PATH, FUNNEL_PATH, TRENDS_PATH } from '@vitrine/schema';
import { CONTENT_PATH, VITALS_PATH, type FunnelReport } from '@vitrine/schema';
import { COMMERCE_PATH, RETENTION_PATH } from '@vitrine/schema';
import type { Context } from 'hono';
import type { Hono } from 'hono';
import { allows, looksLikeEmbedToken, verifyEmbedToken } from '../../auth/embed-tokens.js';
import { bearerToken, sameSecret } from '../../auth/bearer.js';
import { breakdownStoreQuery, parseBreakdownRequest, toBreakdownReport } from '../../reports/breakdown.js';
import { mergeFunnelGroups, parseFunnelQuery, toFunnelReport } from '../../reports/funnel.js';
import { contentStoreQuery, parseContentRequest, toContentReport } from '../../reports/content.js';
import { parseVitalsRequest, toVitalsReport, vitalsStoreQuery } from '../../reports/vitals.js';
import { parseTrendsRequest, toTrendsReport, trendsStoreQuery } from '../../reports/trends.js';
import { parseRetentionRequest, retentionStoreQuery, toRetentionReport } from '../../reports/retention.js';
import { commerceStoreQuery, parseCommerceRequest, toCommerceReport } from '../../reports/commerce.js';
import type { Site } from '../../store/event-store.js';
import { fail, type CollectorServices } from '../context.js';

/**
 * Checks that the request may read `report` of `site`: an embed token scoped to both,
 * or the admin secret (which can mint any token, so it may as well read). A public site
 * key is refused outright: it identifies a site to the tracker and is in every page.
 *
 * @returns an error response, or null when allowed
 */
function authorize(c: Context, s: CollectorServices, site: string, report: string): Response | null {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) return fail(c, 401, 'missing_token', 'send an embed token as Authorization: Bearer …');
  if (sameSecret(token, s.adminSecret)) return null;
  if (!looksLikeEmbedToken(token)) {
    if (s.sites.isSiteKey(token)) return fail(c, 403, 'site_key_not_allowed', 'a public site key cannot read data; mint an embed token');
    return fail(c, 401, 'invalid_token', 'not an embed token');
  }
  const claims = verifyEmbedToken(s.adminSecret, token, s.now().getTime());
  if (claims === 'expired') return fail(c, 401, 'token_expired', 'the embed token has expired; mint a new one');
  if (typeof claims === 'string') return fail(c, 401, 'invalid_token', `the embed token is ${claims.replace('_', ' ')}`);
  const scope = allows(claims, site, report);
  if (scope === 'wrong_site') return fail(c, 403, 'wrong_site', `the token is for another site than "${site}"`);
  if (scope === 'wrong_report') return fail(c, 403, 'wrong_report', `the token does not open the ${report} report`);
  return null;
}

/** The query API: one endpoint per report, each behind {@link authorize}. */
export function reportRoutes(app: Hono, s: CollectorServices): void {
  app.get(FUNNEL_PATH, async (c) => {
    const started = performance.now();
    const site = c.req.query('site') ?? '';
    const denied = authorize(c, s, site, 'funnel');
    if (denied) return denied;
    const known = s.sites.get(site);
    const query = parseFunnelQuery(new URL(c.req.url).searchParams, s.now(), known?.timezone);
    if (typeof query === 'string') return fail(c, 400, 'invalid_query', query);
    if (!known) return fail(c, 404, 'unknown_site', `no site "${query.site}"`);
    let report: FunnelReport;
    if (query.breakdown) {
      // Every unit has one breakdown key, so the overall funnel is the groups' sum: one query.
      const groups = await s.store.funnelBreakdown({ ...query, dimension: query.breakdown.dimension });
      const total = mergeFunnelGroups(groups, query.steps.length);
      report = toFunnelReport(query, total.counts, total.times, groups);
    } else {
      // Counts and times in one call: DuckDB walks the funnel once for both.
      const { counts, times } = await s.store.funnel(query);
      report = toFunnelReport(query, counts, times);
    }
    s.metrics.reportLatency.observe({ report: 'funnel' }, (performance.now() - started) / 1000);
    return c.json(report);
  });

  /**
   * One report endpoint: authorise, look the site up (404), parse (400 with the reason),
   * then answer from the store and record the latency.
   */
  const report = <R>(path: string, name: 'trends' | 'breakdown' | 'content' | 'vitals' | 'retention' | 'commerce', parse: (params: URLSearchParams, site: Site, now: Date) => R | string, run: (request: R) => Promise<unknown>) => {
    app.get(path, async (c) => {
      const started = performance.now();
      const key = c.req.query('site') ?? '';
      const denied = authorize(c, s, key, name);
      if (denied) return denied;
      if (!key) return fail(c, 400, 'invalid_query', 'site: required');
      const site = s.sites.get(key);
      if (!site) return fail(c, 404, 'unknown_site', `no site "${key}"`);
      const request = parse(new URL(c.req.url).searchParams, site, s.now());
      if (typeof request === 'string') return fail(c, 400, 'invalid_query', request);
      const body = await run(request);
      s.metrics.reportLatency.observe({ report: name }, (performance.now() - started) / 1000);
      return c.json(body as object);
    });
  };

  report(TRENDS_PATH, 'trends', parseTrendsRequest, async (request) => {
    // Both periods at once: the stores read them side by side (DuckDB on its reader pool).
    const [current, previous] = await Promise.all([
      s.store.trends(trendsStoreQuery(request, request.scope)),
      request.compare ? s.store.trends(trendsStoreQuery(request, request.compare.range)) : null,
    ]);
    return toTrendsReport(request, current, previous);
  });

  report(BREAKDOWN_PATH, 'breakdown', parseBreakdownRequest, async (request) => {
    const current = await s.store.breakdown(breakdownStoreQuery(request, request.scope));
    const previous = request.compare ? await s.store.breakdown(breakdownStoreQuery(request, request.compare.range)) : null;
    return toBreakdownReport(request, current, previous);
  });

  report(CONTENT_PATH, 'content', parseContentRequest, async (request) => toContentReport(request, await s.store.content(contentStoreQuery(request))));

  report(VITALS_PATH, 'vitals', parseVitalsRequest, async (request) => toVitalsReport(request, await s.store.vitals(vitalsStoreQuery(request))));

  report(RETENTION_PATH, 'retention', parseRetentionRequest, async (request) => toRetentionReport(request, await s.store.retention(retentionStoreQuery(request))));

  report(COMMERCE_PATH, 'commerce', parseCommerceRequest, async (request) => toCommerceReport(request, await s.store.commerce(commerceStoreQuery(request))));
}
