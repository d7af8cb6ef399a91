// Main-thread cost of the script tag in headless Chromium: tracking 1,000 events must
// cost under 20 ms of main-thread time in all, with no task over 50 ms.
//
// The page loads the built dist/vitrine.js (run `pnpm build` first) and talks to a local
// stand-in collector that answers every batch with 200. For each scenario, Chromium's
// own accounting (CDP Performance.getMetrics: TaskDuration, the main thread's CPU time in
// tasks) is read before the first `track` call and after the last event has been
// acknowledged and the outbox emptied, so the figure includes batching, serialization,
// fetch, the IndexedDB outbox writes and deletes, not just the `track` calls. The same
// page then runs the same scenario with `track` replaced by a no-op, for the same wall
// time: that is the harness's own cost (its loop and tasks, CDP polling, the idle page),
// and the tracker's share is the difference. Each scenario runs `--runs` times in fresh
// pages; the table shows medians and the worst run. Long tasks come from the page's own
// PerformanceObserver('longtask'), which reports every task over 50 ms.
//
// The peers run the same two scenarios through their own APIs, loaded from the packages
// in bench/node_modules (Umami built from its source; see lib/peer-trackers.mjs), each
// talking to the same stand-in collector, and are measured the same way, from the first
// call until their add_to_cart events have arrived, or their requests have stopped (a
// tracker that loses events shows fewer in "delivered").
//
//   node bench/tracker-main-thread.mjs [--runs 5] [--peer-runs 3] [--vitrine-only | --peers umami,posthog]
//   TRACKER_JS=/path/to/other/vitrine.js node bench/tracker-main-thread.mjs --vitrine-only   (another build, for a before/after comparison)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { peerTrackers } from './lib/peer-trackers.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const EVENTS = 1000;
// Chromium's timings of one run vary by a third (GC, scheduling): each scenario runs
// several times, in fresh pages, and the table shows the median and the worst run.
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'peer-runs': { type: 'string', default: '3' }, 'vitrine-only': { type: 'boolean', default: false }, peers: { type: 'string' } },
});

/** Listens on a free loopback port and resolves with the base URL. */
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));

/**
 * The tracker being measured: its files, its page's head, and how to drive it (see
 * lib/peer-trackers.mjs). Vitrine's own is below.
 */
let current;

// Counted here, at the collector, not from the page's resource timing, which read 0 or 1
// for the loop, and which would miss a request sent from a worker (a transport off the
// main thread has no entry in the page's timeline). It answers every tracker's requests
// with 200 and their CORS preflights, credentials allowed (Snowplow sends cookies).
let received = 0;
let requests = 0;
let lastRequestAt = 0;
const collector = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST',
    };
    if (req.method == 'OPTIONS') return res.writeHead(204, cors).end();
    const events = req.method == 'POST' && current ? current.count(req.url, Buffer.concat(chunks)) : 0;
    received += events;
    if (req.method == 'POST') {
      requests++;
      lastRequestAt = Date.now();
    }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ accepted: events, rejected: [] }));
  });
});
const collectorUrl = await listen(collector);

/** Every page reports its long tasks, from its own PerformanceObserver. */
const LONG_TASKS = `<script>window.longTasks = []; new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });</script>`;

/** An add_to_cart as a shop sends it, about 330 bytes of JSON with its envelope fields. */
const vitrine = {
  name: 'Vitrine vitrine.js',
  files: { 'vitrine.js': await readFile(process.env.TRACKER_JS || join(root, 'packages/tracker/dist/vitrine.js')) },
  head: (endpoint) => `<script>window.vitrine = window.vitrine || function () { (vitrine.q = vitrine.q || []).push(arguments); };</script>
<script defer src="/t/vitrine.js" data-site="bench" data-endpoint="${endpoint}"></script>`,
  ready: `typeof window.vitrine?.track == 'function'`,
  track: 'vitrine.track',
  trackOne: `(i) => vitrine.track('add_to_cart', { currency: 'CNY', value: 199, items: [{ item_id: 'SKU-' + i, item_name: '丝绸围巾 Silk scarf', price: 199, quantity: 1, item_category: 'Scarves' }] })`,
  count: (url, body) => JSON.parse(body.toString()).events.length,
  runs: Number(args.runs),
  ours: true,
};
// `--peers umami,posthog`: only the peers whose names start so.
const chosen = (peer) => !args.peers || args.peers.split(',').some((prefix) => peer.name.toLowerCase().startsWith(prefix.toLowerCase()));
const peers = args['vitrine-only'] ? [] : (await peerTrackers()).filter(chosen).map((peer) => ({ ...peer, runs: Number(args['peer-runs']) }));
const trackers = [vitrine, ...peers];

const site = createServer((req, res) => {
  const file = req.url.startsWith('/t/') && current.files[req.url.slice(3)];
  if (file) res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(file);
  else if (req.url == '/')
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>Bench · 基准</title>
${LONG_TASKS}${current.head(collectorUrl)}</head>
<body><main data-vitrine-article="Bench article"><p>Product list</p></main></body></html>`);
  else res.writeHead(404).end();
});
const siteUrl = await listen(site);

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const scenarios = (trackOne) => [
  ['1,000 events in one synchronous loop', `for (let i = 0; i < ${EVENTS}; i++) (${trackOne})(i);`],
  ['1,000 events, 10 per task over 100 tasks', `await new Promise((done) => { let i = 0; const step = () => { for (let k = 0; k < 10; k++) (${trackOne})(i++); i < ${EVENTS} ? setTimeout(step, 0) : done(); }; step(); });`],
];

/** Resolves once no request has reached the collector for `quietMs` (or after `capMs`). */
async function requestsStopped(quietMs, capMs = 30_000) {
  const deadline = Date.now() + capMs;
  while (Date.now() - Math.max(lastRequestAt, 0) < quietMs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Opens the bench page in a fresh context, with the tracker loaded and what it sends by
 * itself delivered (Vitrine's page view and outbox; a peer's start-up requests), so that
 * neither is measured, and the page load's long tasks forgotten.
 */
async function openPage() {
  requests = 0;
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await tab.goto(siteUrl);
  await tab.waitForFunction(current.ready);
  if (current.ours) {
    const deadline = Date.now() + 30_000;
    while (requests == 0) {
      if (Date.now() > deadline) throw new Error('the page view never reached the collector');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await outboxEmptied(cdp, siteUrl);
  } else {
    lastRequestAt = Date.now();
    await requestsStopped(1000);
  }
  await tab.evaluate(() => (window.longTasks.length = 0));
  return { context, tab, cdp };
}
/**
 * Runs a scenario's `body` in the page and returns its main-thread time (Chromium's
 * TaskDuration, all tasks) from before the first call until `settled` resolves, with the
 * loop's own duration and the wall time it all took.
 */
async function measure(tab, cdp, body, settled) {
  const before = await metrics(cdp);
  const start = Date.now();
  const loopMs = await tab.evaluate(`(async () => { const t0 = performance.now(); ${body}; return performance.now() - t0; })()`);
  await settled(start);
  const after = await metrics(cdp);
  return { loopMs, wallMs: Date.now() - start, taskMs: (after.TaskDuration - before.TaskDuration) * 1000, scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000 };
}

const rows = [];
for (const tracker of trackers)
  for (const [name, body] of scenarios(tracker.trackOne))
    for (let runIndex = 0; runIndex < tracker.runs; runIndex++) {
      current = tracker;
      // 1. Tracking for real: from the first call until every event is acknowledged and the
      //    outbox emptied, so the figure includes batching, serialization, fetch, and the
      //    IndexedDB writes and deletes, not just the `track` calls.
      const real = await openPage();
      received = 0;
      requests = 0;
      const run = await measure(real.tab, real.cdp, body, async () => {
        const deadline = Date.now() + 30_000;
        // A peer that loses events never gets to EVENTS: its requests stopping ends the run.
        lastRequestAt = Date.now();
        while (received < EVENTS && Date.now() < deadline && (tracker.ours || Date.now() - lastRequestAt < 5000)) await new Promise((resolve) => setTimeout(resolve, 20));
        if (tracker.ours) await outboxEmptied(real.cdp, siteUrl);
      });
      const delivered = received;
      const longTasks = await real.tab.evaluate(() => window.longTasks);
      const sent = requests;
      await real.context.close();

      // 2. The harness alone: the same page (tracker loaded), the same loop and tasks calling
      //    a no-op instead of `track`, kept open for the same wall time. What it costs (the
      //    bench's own tasks, CDP polling, the page's idle work) is not the tracker's cost of
      //    tracking, so it is subtracted.
      const idle = await openPage();
      await idle.tab.evaluate(`${tracker.track} = () => {}`);
      const baseline = await measure(idle.tab, idle.cdp, body, async (start) => {
        while (Date.now() - start < run.wallMs) await new Promise((resolve) => setTimeout(resolve, 20));
      });
      await idle.context.close();

      rows.push({
        tracker: tracker.name,
        ours: tracker.ours,
        name,
        loopMs: run.loopMs,
        taskMs: run.taskMs,
        baselineMs: baseline.taskMs,
        netMs: run.taskMs - baseline.taskMs,
        longest: longTasks.length ? Math.max(...longTasks) : 0,
        requests: sent,
        delivered,
      });
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

const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const table = [
  ['tracker', 'scenario', 'track calls (ms)', 'all tasks (ms)', 'harness alone (ms)', 'tracker (ms)', 'tracker, worst run (ms)', 'longest task', 'requests', 'delivered', 'verdict'],
  ...trackers.flatMap((tracker) =>
    scenarios(tracker.trackOne).map(([name]) => {
      const runs = rows.filter((r) => r.tracker == tracker.name && r.name == name);
      const of = (key) => median(runs.map((r) => r[key]));
      const longest = Math.max(...runs.map((r) => r.longest));
      const net = of('netMs');
      const allDelivered = runs.every((r) => r.delivered == EVENTS);
      return [
        `${tracker.name} (${runs.length} runs)`,
        name,
        of('loopMs').toFixed(1),
        of('taskMs').toFixed(1),
        of('baselineMs').toFixed(1),
        net.toFixed(1),
        Math.max(...runs.map((r) => r.netMs)).toFixed(1),
        longest ? `${longest.toFixed(0)} ms` : 'none over 50 ms',
        String(of('requests')),
        allDelivered ? String(EVENTS) : runs.map((r) => r.delivered).join('/'),
        // The target is Vitrine's; the peers are there to read it against.
        !tracker.ours ? 'peer' : net < 20 && !longest && allDelivered ? 'within target' : 'OVER TARGET',
      ];
    }),
  ),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(`Headless Chromium (${process.env.CHROME_PATH || '/usr/bin/chromium'}), ${EVENTS} add_to_cart events, medians of the runs; target: < 20 ms main thread (the tracker's share), no task over 50 ms\n`);
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => (c > 1 && c < 10 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
