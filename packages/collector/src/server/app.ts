import type { ErrorResponse } from '@vitrine/schema';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { CollectorServices } from './context.js';
import { adminRoutes } from './routes/admin.js';
import { ingestRoutes } from './routes/ingest.js';
import { opsRoutes } from './routes/ops.js';
import { reportRoutes } from './routes/reports.js';
import { trackerScriptRoutes } from './routes/tracker-script.js';

/**
 * The collector's HTTP API. Each concern has its own module under `routes/`:
 * ingest (`POST /v1/batch`), reports (`/v1/reports/*`), admin (sites, tokens,
 * rejected events), ops (`/healthz`, `/metrics`, `/openapi.json`), and the tracker script.
 */
export function createApp(services: CollectorServices): Hono {
  const app = new Hono();

  // Any origin may call: writes carry only the public site key (each site can restrict
  // its origins), reads a Bearer token, never a cookie, so no ambient credential exists
  // for another origin to abuse.
  app.use(
    '/v1/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding'],
      exposeHeaders: ['Retry-After'],
      maxAge: 86_400,
    }),
  );
  ingestRoutes(app, services);
  reportRoutes(app, services);
  adminRoutes(app, services);
  opsRoutes(app, services);
  trackerScriptRoutes(app, services);

  app.notFound((c) => c.json({ error: 'not_found' } satisfies ErrorResponse, 404));
  app.onError((cause, c) => {
    services.logger.error({ err: cause, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal_error' } satisfies ErrorResponse, 500);
  });
  return app;
}
