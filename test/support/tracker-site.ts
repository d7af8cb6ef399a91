import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, ROOT, startProcess, type Started } from './processes.js';

/** The loader stub that a store pastes before the script tag, verbatim. */
export const LOADER_STUB = '<script>window.vitrine = window.vitrine || function () { (vitrine.q = vitrine.q || []).push(arguments); };</script>';

/**
 * A storefront for the tracker's end-to-end tests: serves `pages` (path → HTML) and the
 * built tracker bundles (`/vitrine.js`, `/vitrine.full.js` from packages/tracker/dist),
 * uncached, on its own origin, so the tracker talks to the collector cross-origin as on
 * a real shop.
 */
export async function startTrackerSite(pages: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    try {
      if (/^\/vitrine(\.full)?\.js$/.test(path)) {
        const script = await readFile(join(ROOT, 'packages/tracker/dist', path));
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(script);
      } else if (pages[path] !== undefined) {
        // `no-cache`, not `no-store`: fresh on every load all the same, and a page stays
        // eligible for the back/forward cache, which `no-store` rules out.
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(pages[path]);
      } else res.writeHead(404).end();
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An HTML page with the loader stub, `head` (before the tracker), the tracker tag with `attributes`, and `body`. */
export function shopPage({ endpoint, attributes = '', head = '', body = '', script = 'vitrine.js' }: { endpoint: string; attributes?: string; head?: string; body?: string; script?: string }): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Lotus & Loom · 莲织</title>${LOADER_STUB}${head}
<script defer src="/${script}" data-site="shop" data-endpoint="${endpoint}" ${attributes}></script></head><body>${body}</body></html>`;
}

export const ADMIN_TOKEN = 'tracker-e2e-token';

/** The real collector (`vitrine serve`), with the site `shop`, on a free port. */
export async function startCollector(dir: string): Promise<Started & { url: string }> {
  const port = await freePort();
  const started = await startProcess(
    ['packages/collector/dist/cli.js', 'serve', '--port', String(port), '--db', join(dir, 'tracker.duckdb'), '--site', 'shop', '--admin-token', ADMIN_TOKEN],
    {},
    'listening on',
  );
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** A report of the site `shop` over the last seven days, from the collector's report API: `path` with the query `params`. */
export async function report<T>(collector: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const query = new URLSearchParams({ site: 'shop', from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), ...params });
  const res = await fetch(`${collector}${path}?${query}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Distinct visitors per funnel step, from the collector's report API. */
export async function funnel(collector: string, steps: string[]): Promise<number[]> {
  const { steps: results } = await report<{ steps: Array<{ visitors: number }> }>(collector, '/v1/reports/funnel', { steps: steps.join(',') });
  return results.map((step) => step.visitors);
}

/** Events the collector refused for the site, with their reasons. */
export async function rejected(collector: string): Promise<unknown[]> {
  const res = await fetch(`${collector}/v1/rejected?site=shop`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`rejected: ${res.status}`);
  return ((await res.json()) as { rejected: unknown[] }).rejected;
}
