// `pnpm start`: runs the collector (the real `vitrine serve` CLI), the storefront and the
// admin app, each on its own origin so that tracking is cross-origin as in production.
// Ports and the database can be moved with VITRINE_PORT, STOREFRONT_PORT, ADMIN_PORT and
// VITRINE_DEMO_DB (the end-to-end tests do, to run beside a demo you have open).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '@vitrine/collector';
import sirv from 'sirv';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const SITE = 'demo';
const ports = {
  collector: Number(process.env.VITRINE_PORT ?? 8787),
  storefront: Number(process.env.STOREFRONT_PORT ?? 8080),
  admin: Number(process.env.ADMIN_PORT ?? 8081),
};
const db = process.env.VITRINE_DEMO_DB ?? join(root, 'data', 'demo.duckdb');
const collectorUrl = `http://localhost:${ports.collector}`;
// The admin secret stays in this process, as it would in a store's admin backend; the
// admin page only ever receives short-lived embed tokens scoped to the demo site.
const adminSecret = process.env.VITRINE_ADMIN_SECRET ?? randomBytes(18).toString('base64url');

/** Starts `vitrine serve` and resolves once it listens. */
function startCollector() {
  const child = spawn(
    process.execPath,
    [join(root, 'packages/collector/dist/cli.js'), 'serve', '--port', String(ports.collector), '--db', db, '--site', SITE],
    { env: { ...process.env, VITRINE_ADMIN_SECRET: adminSecret, VITRINE_LOG_LEVEL: process.env.VITRINE_LOG_LEVEL ?? 'info' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('listening on')) resolve(child);
    });
    // The collector logs JSON lines; show its warnings and errors, not every info line.
    child.stdout.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) {
        try {
          if (JSON.parse(line).level >= 40) console.log(`collector: ${line}`);
        } catch {
          // not a JSON log line
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`collector exited with code ${code} before listening:\n${out}`)));
  });
}

/**
 * Serves a folder, filling `{{COLLECTOR}}`, `{{SITE}}` in HTML pages the way a store's
 * templates would print its analytics settings.
 */
function servePage(dir, extraRoutes = {}, pageOf = (path) => path) {
  const assets = sirv(dir, { dev: true, extensions: ['html'] });
  return createServer(async (req, res) => {
    const path = pageOf(new URL(req.url, 'http://x').pathname);
    if (extraRoutes[path]) return extraRoutes[path](req, res);
    if (path === '/' || path.endsWith('.html')) {
      const file = join(dir, path === '/' ? 'index.html' : path);
      if (!file.startsWith(dir)) return res.writeHead(404).end();
      try {
        const html = (await readFile(file, 'utf8')).replaceAll('{{COLLECTOR}}', collectorUrl).replaceAll('{{SITE}}', SITE);
        return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      } catch {
        return res.writeHead(404).end('not found');
      }
    }
    assets(req, res, () => res.writeHead(404).end('not found'));
  });
}

const listen = (server, port) => new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));

/**
 * On a fresh database, loads 90 days of simulated shop traffic (`vitrine simulate`, in
 * bulk through the collector's own ingest code) before the collector opens the file, so
 * that the dashboard has history to show. VITRINE_DEMO_SEED=0 skips it (the end-to-end
 * tests do, to count only their own shopper).
 */
async function seed() {
  if (existsSync(db) || process.env.VITRINE_DEMO_SEED === '0') return;
  console.log('Seeding the demo with 90 days of simulated traffic (once; the data is reused next time)…');
  const child = spawn(
    process.execPath,
    [join(root, 'packages/collector/dist/cli.js'), 'simulate', '--mode', 'bulk', '--db', db, '--site', SITE, '--days', '90', '--visitors', process.env.VITRINE_DEMO_VISITORS ?? '3000', '--origin', `http://localhost:${ports.storefront}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seeding failed (vitrine simulate exited with ${code})`);
}

await seed();
const collector = await startCollector();
const widgetsBundle = join(root, 'packages/widgets/dist/vitrine-widgets.js');
// The guides are a single-page app: every /guides/… URL loads guides.html, which routes.
const storefrontDir = join(root, 'demo/storefront');
// The shop's catalogue is the simulator's, so that simulated history and live clicks name
// the same products, banners and guides; the guides' texts live with the storefront.
const catalogue = async () => {
  const bodies = JSON.parse(await readFile(join(storefrontDir, 'articles.json'), 'utf8'));
  return JSON.stringify({ ...CATALOGUE, articles: CATALOGUE.articles.map((a) => ({ ...a, body: bodies[a.slug] ?? { en: [], 'zh-CN': [] } })) });
};
const storefront = servePage(
  storefrontDir,
  { '/catalogue.json': async (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(await catalogue()) },
  (path) => (path.startsWith('/guides') ? '/guides.html' : path),
);
const adminDir = join(root, 'demo/admin');
const javascript = { 'Content-Type': 'text/javascript; charset=utf-8' };
// The React page is JSX: bundle it once, on first request, as an app's build would.
// admin.js stays a separate module (external), shared with the plain pages.
let reactBundle;
const reactApp = () => (reactBundle ??= (async () => {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(adminDir, 'react-app.jsx')], bundle: true, write: false, format: 'esm', jsx: 'automatic',
    external: ['./admin.js'], nodePaths: [join(root, 'demo/node_modules')], minify: true, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
})());
const admin = servePage(adminDir, {
  '/vendor/vitrine-widgets.js': async (_req, res) => res.writeHead(200, javascript).end(await readFile(widgetsBundle)),
  '/vendor/vue.js': async (_req, res) => res.writeHead(200, javascript).end(await readFile(join(root, 'demo/node_modules/vue/dist/vue.esm-browser.prod.js'))),
  '/react-app.js': async (_req, res) => res.writeHead(200, javascript).end(await reactApp()),
  // The admin app's backend mints a fresh embed token per request, server-side.
  '/config.json': async (_req, res) => {
    const minted = await fetch(`${collectorUrl}/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminSecret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: SITE, reports: ['*'], ttl: '1h' }),
    });
    const { token, expires_at } = await minted.json();
    res.writeHead(minted.ok ? 200 : 502, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify({ endpoint: collectorUrl, site: SITE, token, expires_at }));
  },
});
await Promise.all([listen(storefront, ports.storefront), listen(admin, ports.admin)]);

console.log(`
Vitrine demo is running.
  Storefront:  http://localhost:${ports.storefront}/
  Admin:       http://localhost:${ports.admin}/
  Collector:   ${collectorUrl}  (site key "${SITE}", database ${db})
  Admin secret (server-side only; the admin page gets embed tokens): ${adminSecret}
Press Ctrl-C to stop.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  storefront.close();
  admin.close();
  // The collector commits what is queued and checkpoints on SIGTERM before it exits.
  collector.kill('SIGTERM');
  collector.once('exit', (code) => process.exit(code ?? 0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
