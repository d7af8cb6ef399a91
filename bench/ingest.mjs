// Sustained ingest: the real `vitrine serve` CLI against autocannon in a separate
// process, batches of 50 fresh events, with validation, enrichment and deduplication
// on. Prints events/s, acknowledgement latency and the collector's memory over the run,
// then checks that the store holds exactly the acknowledged events.
//   node bench/ingest.mjs [--seconds 60] [--connections 32] [--batch 50] [--store duckdb|clickhouse|both]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '32' }, batch: { type: 'string', default: '50' }, store: { type: 'string', default: 'duckdb' } },
});
const SECRET = 'bench-secret';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts `vitrine serve` and resolves once it listens. */
async function startCollector(storeArgs) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'packages/collector/dist/cli.js'), 'serve', '--port', String(port), ...storeArgs,
    '--site', 'bench', '--admin-secret', SECRET, '--rate-ip', '0', '--rate-site', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector exited ${code}`)));
    const poll = setInterval(async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
          clearInterval(poll);
          resolve();
        }
      } catch {
        // not up yet
      }
    }, 100);
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Reads one metric value (first sample) from the Prometheus text. */
const metric = (text, name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);

/** The p99 of a Prometheus histogram, as the upper bound of the bucket holding it. */
function histogramP99(text, name) {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, 'gm'))].map((m) => [m[1], Number(m[2])]);
  const total = buckets.at(-1)?.[1] ?? 0;
  return buckets.find(([, count]) => count >= total * 0.99)?.[0] ?? 'n/a';
}

async function run(label, storeArgs) {
  const collector = await startCollector(storeArgs);
  const memory = [];
  const sample = setInterval(async () => {
    try {
      memory.push(metric(await (await fetch(`${collector.url}/metrics`)).text(), 'vitrine_process_resident_memory_bytes') / 2 ** 20);
    } catch {
      // between runs
    }
  }, 5_000);
  // Asynchronously, so that this process keeps sampling the collector's memory meanwhile.
  const loadProcess = spawn(process.execPath, [join(root, 'bench/load/ingest-load.mjs'), collector.url, 'bench', args.seconds, args.connections, args.batch], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  loadProcess.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => loadProcess.once('exit', resolve));
  clearInterval(sample);
  const result = JSON.parse(output);
  const metrics = await (await fetch(`${collector.url}/metrics`)).text();
  const stored = metric(metrics, 'vitrine_events_accepted_total');
  collector.child.kill('SIGTERM');
  await new Promise((resolve) => collector.child.once('exit', resolve));
  const acked = result.ok * Number(args.batch);
  return {
    label,
    eventsPerSecond: Math.round(acked / result.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    serverP99: histogramP99(metrics, 'vitrine_batch_ack_seconds'),
    memory,
    non2xx: result.non2xx + result.errors + result.timeouts,
    // autocannon stops counting at its deadline while some requests are still in flight, and
    // those may still be stored: stored may exceed acknowledged by at most one batch per connection.
    consistent: stored >= acked && stored - acked <= Number(args.connections) * Number(args.batch) ? 'yes' : `NO: ${stored} stored, ${acked} acknowledged`,
  };
}

const rows = [];
const stores = args.store === 'both' ? ['duckdb', 'clickhouse'] : [args.store];
for (const store of stores) {
  if (store === 'duckdb') {
    const dir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
    try {
      rows.push(await run('Vitrine → DuckDB', ['--db', join(dir, 'bench.duckdb')]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const { startClickHouseServer } = await import('./load/clickhouse.mjs');
    const server = await startClickHouseServer();
    try {
      rows.push(await run('Vitrine → ClickHouse 18.16', ['--store', server.storeUrl('vitrine_bench')]));
    } finally {
      await server.stop();
    }
  }
}

const fmt = (n) => n.toLocaleString('en-US');
console.log(`\nIngest, batches of ${args.batch} fresh events, ${args.connections} connections, ${args.seconds} s, load generator in its own process (2-core machine)\n`);
const table = [
  ['run', 'events/s', 'target', 'p50 ms', 'p99 ms', 'target p99', 'server p99 ≤ s', 'RSS MB (first → max → last)', 'non-2xx', 'every ack stored'],
  ...rows.map((r) => [r.label, fmt(r.eventsPerSecond), '≥ 150,000', String(r.p50), String(r.p99), '< 25', r.serverP99,
    r.memory.length ? `${r.memory[0].toFixed(0)} → ${Math.max(...r.memory).toFixed(0)} → ${r.memory.at(-1).toFixed(0)}` : 'n/a', String(r.non2xx), r.consistent]),
  ['reference: bare Node HTTP + JSON.parse + DuckDB Appender, no validation (issue 4)', '~360,000', '', '', '', '', '', '', '', ''],
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
// The memory budget is "flat over a 60 s run": the whole series, to see where it levels off.
for (const r of rows) if (r.memory.length) console.log(`\n${r.label}: RSS MB every 5 s: ${r.memory.map((m) => m.toFixed(0)).join(' ')}`);
