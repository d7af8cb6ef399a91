// Main-thread cost of the script tag in headless Chromium: tracking 1,000 events must
// cost under 20 ms of main-thread time in all, with no task over 50 ms.
//
// The page loads the built dist/vitrine.js (run `pnpm build` first) and talks to a local
// stand-in collector that answers every batch with 200. For each scenario, Chromium's
// own accounting (CDP Performance.getMetrics: TaskDuration, ScriptDuration) is read
// before the first `track` call and after the last event has been acknowledged and the
// outbox emptied, so the figure includes batching, serialization, fetch, the IndexedDB
// outbox writes and deletes, not just the `track` calls. Long tasks come from the page's
// own PerformanceObserver('longtask'), which reports every task over 50 ms.
//
//   node bench/tracker-main-thread.mjs
//   TRACKER_JS=/path/to/other/vitrine.js node bench/tracker-main-thread.mjs   (another build, for a before/after comparison)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const EVENTS = 1000;

/** Listens on a free loopback port and resolves with the base URL. */
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));

let received = 0;
const collector = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
    const events = req.method == 'POST' ? JSON.parse(Buffer.concat(chunks).toString()).events.length : 0;
    received += events;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' }).end(JSON.stringify({ accepted: events, rejected: [] }));
  });
});
const collectorUrl = await listen(collector);

const script = await readFile(process.env.TRACKER_JS || join(root, 'packages/tracker/dist/vitrine.js'));
const page = `<!doctype html><html><head><meta charset="utf-8"><title>Bench · 基准</title>
<script>window.vitrine = window.vitrine || function () { (vitrine.q = vitrine.q || []).push(arguments); };
window.longTasks = []; new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });</script>
<script defer src="/vitrine.js" data-site="bench" data-endpoint="${collectorUrl}"></script></head>
<body><main data-vitrine-article="Bench article"><p>Product list</p></main></body></html>`;
const site = createServer((req, res) => {
  if (req.url == '/vitrine.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
  else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
});
const siteUrl = await listen(site);

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** An add_to_cart as a shop sends it, about 330 bytes of JSON with its envelope fields. */
const trackOne = `(i) => vitrine.track('add_to_cart', { currency: 'CNY', value: 199, items: [{ item_id: 'SKU-' + i, item_name: '丝绸围巾 Silk scarf', price: 199, quantity: 1, item_category: 'Scarves' }] })`;

const scenarios = [
  ['1,000 events in one synchronous loop', `for (let i = 0; i < ${EVENTS}; i++) (${trackOne})(i);`],
  ['1,000 events, 10 per task over 100 tasks', `await new Promise((done) => { let i = 0; const step = () => { for (let k = 0; k < 10; k++) (${trackOne})(i++); i < ${EVENTS} ? setTimeout(step, 0) : done(); }; step(); });`],
];

const rows = [];
for (const [name, body] of scenarios) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await tab.goto(siteUrl);
  await tab.waitForFunction(() => typeof window.vitrine?.track == 'function');
  received = 0;
  // The page view goes out as soon as the outbox has been read back; let it, so it is not
  // measured, and forget the page load's long tasks (the observer is buffered).
  await tab.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/v1/batch')));
  await outboxEmptied(cdp, siteUrl);
  await tab.evaluate(() => (window.longTasks.length = 0));
  const before = await metrics(cdp);
  const start = Date.now();
  received = 0;
  const loopMs = await tab.evaluate(`(async () => { const t0 = performance.now(); ${body}; return performance.now() - t0; })()`);
  // Delivered: every event acknowledged, and the outbox emptied in IndexedDB.
  while (received < EVENTS && Date.now() - start < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
  await outboxEmptied(cdp, siteUrl);
  const after = await metrics(cdp);
  const longTasks = await tab.evaluate(() => window.longTasks);
  const requests = await tab.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/v1/batch')).length);
  rows.push({
    name,
    loopMs,
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    longest: longTasks.length ? Math.max(...longTasks) : 0,
    requests: requests - 1,
    delivered: received,
  });
  await context.close();
}
await browser.close();
collector.close();
site.close();

/**
 * Resolves once the page's IndexedDB outbox holds nothing: every record delivered and
 * deleted. Asked through CDP's IndexedDB domain, which the browser process answers, so
 * the waiting adds no work to the page's main thread (polling from inside the page
 * opened a database connection per poll, and that was counted as the tracker's cost).
 */
async function outboxEmptied(cdp, origin) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { entriesCount } = await cdp
      .send('IndexedDB.getMetadata', { securityOrigin: origin, databaseName: 'vitrine:bench', objectStoreName: 'outbox' })
      .catch(() => ({ entriesCount: -1 }));
    if (entriesCount === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox not emptied (${entriesCount} records left)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
}

const table = [
  ['scenario', 'track calls (ms)', 'main thread, all tasks (ms)', 'of which script (ms)', 'longest task', 'requests', 'delivered', 'verdict'],
  ...rows.map((r) => [
    r.name,
    r.loopMs.toFixed(1),
    r.taskMs.toFixed(1),
    r.scriptMs.toFixed(1),
    r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms',
    String(r.requests),
    String(r.delivered),
    r.taskMs < 20 && !r.longest && r.delivered == EVENTS ? 'within target' : 'OVER TARGET',
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(`Headless Chromium (${process.env.CHROME_PATH || '/usr/bin/chromium'}), ${EVENTS} events, target: < 20 ms main thread, no task over 50 ms\n`);
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => (c > 0 && c < 7 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
