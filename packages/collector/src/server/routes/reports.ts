import { FUNNEL_PATH } from '@vitrine/schema';
import type { Context } from 'hono';
import type { Hono } from 'hono';
import { allows, looksLikeEmbedToken, verifyEmbedToken } from '../../auth/embed-tokens.js';
import { bearerToken, sameSecret } from '../../auth/bearer.js';
import { parseFunnelQuery, toFunnelReport } from '../../reports/funnel.js';
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
    const query = parseFunnelQuery(new URL(c.req.url).searchParams, s.now());
    if (typeof query === 'string') return fail(c, 400, 'invalid_query', query);
    if (!s.sites.get(query.site)) return fail(c, 404, 'unknown_site', `no site "${query.site}"`);
    const report = toFunnelReport(query, await s.store.funnelCounts(query));
    s.metrics.reportLatency.observe({ report: 'funnel' }, (performance.now() - started) / 1000);
    return c.json(report);
  });
}
