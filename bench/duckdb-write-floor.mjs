// What storing an event costs in DuckDB from Node, before any HTTP, validation or
// enrichment: the floor under bench/ingest.mjs. Rows shaped like the collector's
// (the real `events` table, made by the collector's own migrations; 38 columns, about
// half of them NULL in a page view), written in group commits as the collector does,
// four ways:
//
// - the Appender, row by row (the collector's write path), at two group sizes;
// - a one-column landing table holding each 50-event batch as one JSON text, the
//   "acknowledge the batch, spread it later" design;
// - spreading that landing table into `events` with `json_transform` in one statement,
//   the work such a design moves off the request path (it still needs the same CPU).
//
// Prints µs per event on the JS thread (what the event loop cannot do meanwhile) and in
// CPU time of the whole process (DuckDB's own threads included). Run `pnpm build` first.
//
// Two more rows are DuckDB's own cost, with no JavaScript per row: the same rows copied
// in SQL from typed temporary tables, one INSERT per commit. What they cost is what
// storing the row costs whatever Node does per row.
//   node bench/duckdb-write-floor.mjs [--events 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { DuckDBStore } = await import(join(root, 'packages/collector/dist/store/duckdb/duckdb-store.js'));
const { EVENT_COLUMNS } = await import(join(root, 'packages/collector/dist/store/columns.js'));
const { DERIVED_COLUMNS } = await import(join(root, 'packages/collector/dist/store/derived-columns.js'));

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '100000' } } });
const EVENTS = Number(args.events);
const COLUMNS = [...EVENT_COLUMNS, ...DERIVED_COLUMNS];

/** A page view or product view as the collector stores it, with its typical NULLs. */
const row = (i) => ({
  site: 'bench', event_id: `e${i}-${Math.random().toString(36).slice(2)}`, name: i % 5 ? 'page_view' : 'view_item',
  ts: new Date(1.7e12 + i), client_ts: new Date(1.7e12 + i), received_at: new Date(), visitor_id: `v${i % 1000}`, session_id: `s${i % 3000}`,
  user_id: null, url: `https://shop.example/products/p${i % 100}?x=1`, host: 'shop.example', path: `/products/p${i % 100}`, title: `Product ${i % 100}`,
  referrer: 'https://www.baidu.com/s?wd=x', referrer_host: 'www.baidu.com', channel: 'search', source: 'baidu',
  utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: false, browser: 'Chrome', os: 'Windows',
  device_type: 'desktop', country: 'CN', transaction_id: null, value: null, currency: null, props: '{"item_id":"p1"}',
  vital_metric: null, vital_value: null, content_name: null, content_piece: null, article: null, article_depth: null, article_read_ms: null,
});
const rows = Array.from({ length: EVENTS }, (_, i) => row(i));

const dir = mkdtempSync(join(tmpdir(), 'vitrine-write-floor-'));
/** A fresh file with the collector's schema; checkpoints by hand (as the collector schedules them). */
async function fresh(name) {
  const path = join(dir, `${name}.duckdb`);
  await (await DuckDBStore.open(path, { compactEveryMs: 0, checkpointEveryMs: 0 })).close();
  const instance = await DuckDBInstance.create(path, { checkpoint_threshold: '1GB' });
  return { instance, connection: await instance.connect() };
}

/** Runs `write(group)` over all rows in groups of `group`, then a CHECKPOINT; returns µs/event on the JS thread and in CPU. */
async function measure(connection, group, write) {
  const cpu = process.cpuUsage();
  let jsMs = 0;
  for (let i = 0; i < EVENTS; i += group) {
    await connection.run('BEGIN');
    const t = performance.now();
    await write(rows.slice(i, i + group));
    jsMs += performance.now() - t;
    await connection.run('COMMIT');
  }
  await connection.run('CHECKPOINT');
  const used = process.cpuUsage(cpu);
  return { js: (jsMs * 1000) / EVENTS, cpu: (used.user + used.system) / EVENTS };
}

const micros = (date) => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
const results = [];

/** Appends rows to `events` with the Appender, value by value, as the collector's store does. */
async function appendEvents(connection, part) {
  const appender = await connection.createAppender('events');
  for (const r of part) {
    for (const c of COLUMNS) {
      const v = r[c.name];
      if (v === null) appender.appendNull();
      else if (c.type === 'timestamp') appender.appendTimestamp(micros(v));
      else if (c.type === 'bool') appender.appendBoolean(v);
      else if (c.type === 'double') appender.appendDouble(v);
      else appender.appendVarchar(v);
    }
    appender.endRow();
  }
  appender.closeSync();
}

for (const group of [500, 2500]) {
  const { instance, connection } = await fresh(`appender-${group}`);
  const cost = await measure(connection, group, (part) => appendEvents(connection, part));
  results.push([`Appender, ${COLUMNS.length} columns, ${group} rows a commit`, cost]);
  instance.closeSync();
}

// DuckDB's own share, with no JavaScript per row at all: the same rows, already typed, sit
// in temporary tables of one commit's size, and each commit is one INSERT … SELECT from
// one of them (reading them back is part of the cost, as decoding the values is for the
// Appender).
for (const group of [2500, 20000]) {
  const { instance, connection } = await fresh(`duckdb-alone-${group}`);
  await appendEvents(connection, rows);
  await connection.run('CREATE TEMP TABLE typed AS SELECT row_number() OVER () - 1 AS seq, * FROM events');
  await connection.run('DELETE FROM events');
  await connection.run('CHECKPOINT');
  for (let i = 0; i < EVENTS / group; i++)
    await connection.run(`CREATE TEMP TABLE part_${i} AS SELECT * EXCLUDE (seq) FROM typed WHERE seq >= ${i * group} AND seq < ${(i + 1) * group}`);
  let next = 0;
  const cost = await measure(connection, group, () => connection.run(`INSERT INTO events SELECT * FROM part_${next++}`));
  results.push([`DuckDB alone: INSERT … SELECT of typed rows, ${group} rows a commit`, cost]);
  instance.closeSync();
}

// Each batch of 50 as one JSON text (timestamps as epoch µs), as a landing table would keep it.
const wire = rows.map((r) => ({ ...r, ts: r.ts.getTime() * 1000, client_ts: r.client_ts.getTime() * 1000, received_at: r.received_at.getTime() * 1000 }));
const batches = [];
for (let i = 0; i < EVENTS; i += 50) batches.push(JSON.stringify(wire.slice(i, i + 50)));
{
  const { instance, connection } = await fresh('landing');
  await connection.run('CREATE TABLE landing (batch VARCHAR)');
  let next = 0;
  const cost = await measure(connection, 2500, async (part) => {
    const appender = await connection.createAppender('landing');
    for (let k = 0; k < part.length / 50; k++) {
      appender.appendVarchar(batches[next++]);
      appender.endRow();
    }
    appender.closeSync();
  });
  results.push(['landing table, one JSON text per 50-event batch', cost]);

  const types = { string: 'VARCHAR', json: 'VARCHAR', timestamp: 'BIGINT', bool: 'BOOLEAN', double: 'DOUBLE', int: 'INTEGER' };
  const shape = JSON.stringify([Object.fromEntries(COLUMNS.map((c) => [c.name, types[c.type]]))]);
  const select = COLUMNS.map((c) => (c.type === 'timestamp' ? `make_timestamp(e.${c.name})::TIMESTAMPTZ` : c.type === 'json' ? `e.${c.name}::JSON` : `e.${c.name}`)).join(', ');
  const cpu = process.cpuUsage();
  const t = performance.now();
  await connection.run(`INSERT INTO events SELECT ${select} FROM (SELECT unnest(json_transform(batch, '${shape}')) AS e FROM landing)`);
  await connection.run('CHECKPOINT');
  const used = process.cpuUsage(cpu);
  results.push(['spreading the landing table into events (json_transform, one statement)', { js: ((performance.now() - t) * 1000) / EVENTS, cpu: (used.user + used.system) / EVENTS, async: true }]);
  instance.closeSync();
}
rmSync(dir, { recursive: true, force: true });

const table = [
  ['write path', 'JS thread µs/event', 'CPU µs/event', 'events/s per core (CPU)'],
  ...results.map(([name, { js, cpu, async }]) => [name, async ? `(${js.toFixed(1)} wall, off the loop)` : js.toFixed(1), cpu.toFixed(1), Math.round(1e6 / cpu).toLocaleString('en-US')]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
console.log(`\nDuckDB write floor, ${EVENTS.toLocaleString('en-US')} events, group commits with a CHECKPOINT at the end (2-core machine)\n`);
table.forEach((r, i) => {
  console.log(r.map((cell, k) => String(cell).padEnd(widths[k])).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
});
console.log('\n150,000 events/s on two cores leaves about 13 µs of CPU per event for everything: HTTP, parsing, validation, enrichment, dedup, storage and the load generator.');
