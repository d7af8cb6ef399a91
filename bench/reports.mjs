// Report latency on a store of realistic size: simulated traffic over 90 days (the
// simulator, through the collector's own ingest code) is loaded into a DuckDB file and
// into a real clickhouse-server, then every report is asked over HTTP, as a widget asks
// it, several times; the table shows p50 and p95 per report and store, side by side.
//
// Loading 10M events through full ingest would take most of an hour here, so the
// simulator produces `--seed-events` (1M by default), and the rows are then copied
// in SQL with suffixed visitor, session, event and order ids until `--events` is reached:
// the copies are independent shoppers with the same behaviour, so distributions, bots
// and time of day stay realistic. The DuckDB file is cached in bench/.cache between runs.
//
//   node bench/reports.mjs [--events 10000000] [--seed-events 1000000] [--runs 7] [--store duckdb|clickhouse|both] [--only <label part>] [--dist <collector dist dir>] [--end YYYY-MM-DD]
// Run after `pnpm build`.
//
// `--end` pins the simulation's last day (default: yesterday in Asia/Shanghai), so that a
// cached file stays usable after midnight. `range=Nd` is relative to now, so with `--end`
// every `range=Nd` request is sent as the explicit dates it would cover if `--end` were
// yesterday (`from=<end − N + 1 days>&to=<end>`, a bare `to` including that whole day):
// the same N days of data as the default run, not a window shifted off the data's end.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startClickHouseServer } from './load/clickhouse.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    'seed-events': { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    store: { type: 'string', default: 'both' },
    only: { type: 'string', default: '' },
    // Another build of the collector (for before/after comparisons of query changes).
    dist: { type: 'string', default: join(root, 'packages/collector/dist') },
    // The simulation's last local day; default yesterday (see the header).
    end: { type: 'string', default: '' },
  },
});
const dist = (path) => import(join(args.dist, path));
const { DuckDBStore } = await dist('store/duckdb/duckdb-store.js');
const { ClickHouseStore } = await dist('store/clickhouse/clickhouse-store.js');
const { runBulk } = await dist('simulate/bulk.js');
const { Simulation, visitorsForEvents } = await dist('simulate/generate.js');
const { EVENT_COLUMNS } = await dist('store/columns.js');
// The typed fields of props both stores add to events (absent in older builds): copied like the rest.
const { DERIVED_COLUMNS = [] } = await dist('store/derived-columns.js').catch(() => ({}));
// Rebuild the tables the DuckDB store derives from `events` (its rollups), which the copies
// below write behind the store's back; absent in builds older than them.
const { REBUILD_ROLLUPS = [] } = await dist('store/duckdb/rollups.js').catch(() => ({}));

const EVENTS = Number(args.events);
const SEED_EVENTS = Math.min(EVENTS, Number(args['seed-events']));
const COPIES = Math.ceil(EVENTS / SEED_EVENTS);
const RUNS = Number(args.runs);
const SECRET = 'bench-secret';
const SITE = 'bench';
const TZ = 'Asia/Shanghai';

/** The simulation ends yesterday (Shanghai), so that `range=30d` and `90d` cover it, unless `--end` pins its last day. */
const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(Date.now() - 86_400_000));
if (args.end && !/^\d{4}-\d{2}-\d{2}$/.test(args.end)) throw new Error('--end: expected YYYY-MM-DD');
const end = args.end || yesterday;
const base = { seed: 1, days: 90, end, tz: TZ, origin: 'https://shop.example' };

/** `YYYY-MM-DD` `days` calendar days before `date` (plain date arithmetic, no zone involved). */
const daysBefore = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The request path as sent: unchanged without `--end`; with it, `range=Nd` becomes the
 * N local days ending with `end`, which is exactly what `range=Nd` means when `end` is
 * yesterday (docs/metrics.md: the N whole local days before today).
 */
const pinned = (path) => (!args.end ? path : path.replace(/range=(\d+)d/, (_, n) => `from=${daysBefore(end, Number(n) - 1)}&to=${end}`));
const simulation = () => new Simulation({ ...base, visitors: visitorsForEvents(SEED_EVENTS, base) });

/**
 * The SQL that copies the simulated rows once more, as copy `k`: identities (and order
 * ids, which keep NULL as NULL) get the suffix `~k`; everything else stays. `k` is a
 * number this script chose, never input.
 */
function copySql(k, dialect) {
  const suffix = (name) => (dialect === 'duckdb' ? `${name} || '~${k}'` : `concat(${name}, '~${k}')`);
  const columns = [...EVENT_COLUMNS, ...DERIVED_COLUMNS].map((c) => c.name);
  const select = columns.map((name) => (['event_id', 'visitor_id', 'session_id', 'transaction_id', 'user_id'].includes(name) ? suffix(name) : name));
  const original = dialect === 'duckdb' ? `strpos(event_id, '~') = 0` : `position(event_id, '~') = 0`;
  return `INSERT INTO events (${columns.join(', ')}) SELECT ${select.join(', ')} FROM events WHERE ${original}`;
}

async function load(label, store, runSql) {
  const started = performance.now();
  let last = 0;
  const result = await runBulk({
    store, site: SITE, simulation: simulation(),
    onProgress: (p) => {
      if (performance.now() - last > 5_000) {
        last = performance.now();
        process.stderr.write(`  ${label}: ${p.events.toLocaleString('en-US')} events simulated (day ${p.daysDone}/${p.days})\n`);
      }
    },
  });
  await store.close();
  for (let k = 1; k < COPIES; k++) await runSql(k);
  process.stderr.write(`  ${label}: ${result.accepted.toLocaleString('en-US')} simulated × ${COPIES} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

/** The report requests a dashboard makes: each over the last 30 days, and the funnel over 90. */
const REQUESTS = [
  ['funnel, 4 steps, 30 days', '/v1/reports/funnel?range=30d&steps=page_view,view_item,add_to_cart,purchase', 300],
  ['funnel, 4 steps, 90 days', '/v1/reports/funnel?range=90d&steps=page_view,view_item,add_to_cart,purchase', 1000],
  ['funnel, 4 steps, 30 d, by channel', '/v1/reports/funnel?range=30d&steps=page_view,view_item,add_to_cart,purchase&breakdown=channel', 300],
  ['trends, all metrics, vs last week', '/v1/reports/trends?range=30d&compare=same_period_last_week&metrics=visitors,sessions,pageviews,bounce_rate,session_duration,pages_per_session,new_visitors,returning_visitors,orders,revenue,refunds,aov,conversion_rate', 300],
  ['trends, DAU/WAU/MAU', '/v1/reports/trends?range=30d&metrics=dau,wau,mau,stickiness', 300],
  ['breakdown, top pages', '/v1/reports/breakdown?range=30d&dimension=page', 300],
  ['breakdown, channels', '/v1/reports/breakdown?range=30d&dimension=channel', 300],
  ['retention, weekly cohorts', '/v1/reports/retention?range=30d&period=week', 300],
  ['content', '/v1/reports/content?range=30d', 300],
  ['commerce', '/v1/reports/commerce?range=30d', 300],
  ['vitals', '/v1/reports/vitals?range=30d', 300],
];

async function time(collector, path) {
  const url = `${collector.url}${pinned(path)}&site=${SITE}&tz=${TZ}`;
  const ms = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${SECRET}` } });
    const body = await response.text();
    if (!response.ok) return { error: `${response.status} ${body.slice(0, 120)}` };
    // The first run warms caches (and DuckDB's buffer pool); it is not counted.
    if (i > 0) ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const rank = (p) => ms[Math.max(0, Math.ceil(p * ms.length) - 1)];
  return { p50: rank(0.5), p95: rank(0.95) };
}

/**
 * Runs `vitrine serve` on `storeArgs` in a process of its own, as a deployment does, so
 * that the timing client's work (it reads every answer) never runs on the collector's
 * thread. (In one process, vitals measured 268 ms when run first and 289–317 ms when run
 * last; in its own process, 278 and 301 ms last: the spread from run to run is about as
 * large, so read a figure near a budget from several runs.)
 */
async function serveInOwnProcess(storeArgs) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const child = spawn(process.execPath, [join(args.dist, 'cli.js'), 'serve', '--port', String(port), ...storeArgs, '--admin-secret', SECRET, '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vitrine serve exited ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, close: () => (child.kill('SIGTERM'), exited) };
}
const results = {};
const stores = args.store === 'both' ? ['duckdb', 'clickhouse'] : [args.store];
const cache = join(root, 'bench/.cache');
mkdirSync(cache, { recursive: true });

for (const kind of stores) {
  let collector;
  let stop = async () => {};
  if (kind === 'duckdb') {
    const file = join(cache, `reports-${EVENTS}-${SEED_EVENTS}-${end}.duckdb`);
    if (!existsSync(file)) {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      await load('DuckDB', await DuckDBStore.open(`${file}.loading`), async (k) => {
        const instance = await DuckDBInstance.create(`${file}.loading`);
        const connection = await instance.connect();
        await connection.run(copySql(k, 'duckdb'));
        // After the last copy, put the rows back in time order, as a live collector
        // appends them: the copies otherwise interleave 90 days COPIES times over, and
        // DuckDB's per-row-group min/max of `ts` could not skip anything outside a range.
        if (k === COPIES - 1) {
          await connection.run('CREATE TEMP TABLE events_by_time AS SELECT * FROM events');
          await connection.run('DELETE FROM events');
          await connection.run('INSERT INTO events SELECT * FROM events_by_time ORDER BY ts');
          for (const statement of REBUILD_ROLLUPS) await connection.run(statement);
          await connection.run('CHECKPOINT');
        }
        connection.closeSync();
        instance.closeSync();
      });
      renameSync(`${file}.loading`, file);
    } else process.stderr.write(`  DuckDB: reusing ${file}\n`);
    collector = await serveInOwnProcess(['--db', file]);
  } else {
    const server = await startClickHouseServer();
    await load('ClickHouse', await ClickHouseStore.open(server.storeUrl('bench')), async (k) => {
      const response = await fetch(`${server.httpUrl}/?database=bench`, { method: 'POST', body: copySql(k, 'clickhouse') });
      if (!response.ok) throw new Error(`ClickHouse copy ${k}: ${await response.text()}`);
    });
    collector = await serveInOwnProcess(['--store', server.storeUrl('bench')]);
    stop = () => server.stop();
  }
  results[kind] = {};
  for (const [label, path] of REQUESTS) if (label.includes(args.only)) results[kind][label] = await time(collector, path);
  await collector.close();
  await stop();
}

const fmt = (r, key) => (!r ? '' : r.error ? 'error' : `${r[key].toFixed(0)} ms`);
const rows = [['report', 'DuckDB p50', 'DuckDB p95', 'ClickHouse p50', 'ClickHouse p95', 'budget (DuckDB p50)']];
for (const [label, , budget] of REQUESTS) {
  if (!label.includes(args.only)) continue;
  const d = results.duckdb?.[label];
  const c = results.clickhouse?.[label];
  rows.push([label, fmt(d, 'p50'), fmt(d, 'p95'), fmt(c, 'p50'), fmt(c, 'p95'), `≤ ${budget} ms${d && !d.error ? (d.p50 <= budget ? '' : '  OVER') : ''}`]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`Reports on ${EVENTS.toLocaleString('en-US')} events over 90 days to ${end} (${SEED_EVENTS.toLocaleString('en-US')} simulated × ${COPIES}), ${RUNS} timed runs each, over HTTP on loopback${args.end ? `; range=Nd sent as the N days to ${end}` : ''}.`);
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
for (const kind of stores) for (const [label, r] of Object.entries(results[kind])) if (r.error) console.log(`${kind} ${label}: ${r.error}`);
