import type { Context, Hono, Next } from 'hono';
import { REPORT_NAMES, mintEmbedToken, parseTtl } from '../../auth/embed-tokens.js';
import { bearerToken, sameSecret } from '../../auth/bearer.js';
import { parseNewSite } from '../../sites/new-site.js';
import { fail, type CollectorServices } from '../context.js';

/**
 * Admin API, behind the admin secret: sites, embed tokens, rejected events.
 * An admin backend calls these server-side; the secret never reaches a browser.
 */
export function adminRoutes(app: Hono, s: CollectorServices): void {
  const requireAdmin = async (c: Context, next: Next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) return fail(c, 401, 'missing_token', 'send the admin secret as Authorization: Bearer …');
    if (!sameSecret(token, s.adminSecret)) return fail(c, 403, 'forbidden', 'this endpoint needs the admin secret');
    await next();
  };
  const readJson = async (c: Context): Promise<Record<string, unknown> | null> => {
    try {
      const body: unknown = await c.req.json();
      return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  for (const path of ['/v1/tokens', '/v1/sites', '/v1/sites/*', '/v1/rejected']) app.use(path, requireAdmin);

  app.post('/v1/tokens', async (c) => {
    const body = await readJson(c);
    if (!body) return fail(c, 400, 'invalid_request', 'expected a JSON object {site, reports, ttl}');
    const site = typeof body.site === 'string' ? s.sites.get(body.site) : undefined;
    if (!site) return fail(c, 404, 'unknown_site', `no site with key "${String(body.site)}"`);
    const reports = body.reports ?? ['*'];
    if (!Array.isArray(reports) || reports.length === 0 || !reports.every((r) => r === '*' || (REPORT_NAMES as readonly unknown[]).includes(r))) {
      return fail(c, 400, 'invalid_request', `reports: a list of ${REPORT_NAMES.join(', ')}, or ["*"]`);
    }
    const ttl = parseTtl(body.ttl as string | number | undefined);
    if (ttl === null) return fail(c, 400, 'invalid_request', 'ttl: seconds (or 30m, 1h) up to 24h');
    return c.json(mintEmbedToken(s.adminSecret, { site: site.key, reports: reports as string[], ttlSeconds: ttl }, s.now().getTime()));
  });

  app.get('/v1/sites', async (c) => c.json({ sites: await s.store.listSites() }));

  app.post('/v1/sites', async (c) => {
    const body = await readJson(c);
    if (!body) return fail(c, 400, 'invalid_request', 'expected a JSON object');
    const site = parseNewSite(body);
    if (typeof site === 'string') return fail(c, 400, 'invalid_request', site);
    if ((await s.store.listSites()).some((existing) => existing.key === site.key)) {
      return fail(c, 400, 'invalid_request', `key: "${site.key}" is taken`);
    }
    const created = await s.store.addSite(site);
    await s.sites.refresh();
    return c.json(created, 201);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/v1/sites/:site/${action}`, async (c) => {
      const site = await s.store.setSiteDisabled(c.req.param('site'), disabled);
      if (!site) return fail(c, 404, 'unknown_site', `no site "${c.req.param('site')}"`);
      await s.sites.refresh();
      return c.json(site);
    });
  }

  app.get('/v1/rejected', async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    return c.json({ rejected: await s.store.rejected(c.req.query('site') ?? null, limit) });
  });
}
