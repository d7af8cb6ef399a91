import type { Hono } from 'hono';
import type { CollectorServices } from '../context.js';
import { openApiDocument } from '../openapi.js';

/** Operations: liveness, Prometheus metrics, and the API's own description. */
export function opsRoutes(app: Hono, s: CollectorServices): void {
  app.get('/healthz', (c) => c.json({ ok: true, store: s.store.kind, pending_rows: s.store.pendingRows }));

  app.get('/metrics', async (c) => {
    c.header('Content-Type', s.metrics.registry.contentType);
    return c.body(await s.metrics.registry.metrics());
  });

  const document = openApiDocument();
  app.get('/openapi.json', (c) => c.json(document));
}
