import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BATCH_PATH, FUNNEL_PATH, type ErrorResponse } from '@vitrine/schema';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { processBatch } from '../ingest/process-batch.js';
import { QueueFullError } from '../lib/group-commit-queue.js';
import { parseFunnelQuery, toFunnelReport } from '../reports/funnel.js';
import type { EventStore } from '../store/event-store.js';
import { hasBearerToken } from './auth.js';

/** What the HTTP layer needs. */
export interface AppOptions {
  store: EventStore;
  /** Bearer token that reading data (reports, rejected events) requires. */
  adminToken: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** The server clock; injectable for tests. */
  now?: () => Date;
}

const error = (c: Context, status: 400 | 401 | 404 | 413 | 503, body: ErrorResponse) => c.json(body, status);

/**
 * The collector's HTTP API:
 * - `POST /v1/batch`: ingest (public site key only; `text/plain` so browsers skip the CORS preflight);
 * - `GET /v1/reports/funnel`: the funnel report (Bearer token);
 * - `GET /v1/rejected`: rejected payloads with their reasons (Bearer token);
 * - `GET /vitrine.js`: the tracker script, so a store needs only the collector's address;
 * - `GET /healthz`.
 */
export function createApp(options: AppOptions): Hono {
  const { store, adminToken } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono();

  // Any origin may call: writes carry only the public site key, reads a Bearer token
  // (never a cookie), so there is no ambient credential for another origin to abuse.
  app.use(
    '/v1/*',
    cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'], maxAge: 86_400 }),
  );

  app.post(
    BATCH_PATH,
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 256 * 1024,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request.
        c.header('Connection', 'close');
        return error(c, 413, { error: 'payload_too_large', reason: 'the batch body is over the size limit' });
      },
    }),
    async (c) => {
      const result = await processBatch(await c.req.text(), now(), (site) => store.hasSite(site));
      try {
        await store.write(result.events, result.rejected);
      } catch (cause) {
        if (cause instanceof QueueFullError) {
          c.header('Retry-After', '1');
          return error(c, 503, { error: 'overloaded', reason: 'the write queue is full; retry later' });
        }
        throw cause;
      }
      return c.json(result.body, result.status);
    },
  );

  const requireToken = async (c: Context, next: () => Promise<void>) => {
    if (!hasBearerToken(c.req.header('Authorization'), adminToken)) {
      return error(c, 401, { error: 'unauthorized', reason: 'send a valid token as Authorization: Bearer …' });
    }
    await next();
  };
  app.use('/v1/reports/*', requireToken);
  app.use('/v1/rejected', requireToken);

  app.get(FUNNEL_PATH, async (c) => {
    const query = parseFunnelQuery(new URL(c.req.url).searchParams, now());
    if (typeof query === 'string') return error(c, 400, { error: 'invalid_query', reason: query });
    if (!(await store.hasSite(query.site))) return error(c, 404, { error: 'unknown_site', reason: `no site "${query.site}"` });
    return c.json(toFunnelReport(query, await store.funnelCounts(query)));
  });

  app.get('/v1/rejected', async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    return c.json({ rejected: await store.rejected(c.req.query('site') ?? null, limit) });
  });

  let trackerScript: Promise<string> | undefined;
  app.get('/vitrine.js', async (c) => {
    trackerScript ??= readFile(fileURLToPath(import.meta.resolve('@vitrine/tracker/vitrine.js')), 'utf8');
    try {
      const script = await trackerScript;
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=300');
      return c.body(script);
    } catch {
      trackerScript = undefined;
      return error(c, 404, { error: 'not_built', reason: 'the tracker bundle is missing; run pnpm build' });
    }
  });

  app.get('/healthz', (c) => c.json({ ok: true, pending_rows: 'pendingRows' in store ? store.pendingRows : undefined }));

  app.notFound((c) => error(c, 404, { error: 'not_found' }));
  app.onError((cause, c) => {
    console.error(`[vitrine] ${c.req.method} ${c.req.path} failed:`, cause);
    return c.json({ error: 'internal_error' } satisfies ErrorResponse, 500);
  });
  return app;
}
