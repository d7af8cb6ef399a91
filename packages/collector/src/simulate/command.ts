import { access, mkdir, writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, formatDate, localDateOf } from '../reports/zoned.js';
import { openStore } from '../store/open-store.js';
import { runBulk, type SimProgress, type SimRunResult } from './bulk.js';
import { Simulation, visitorsForEvents, type SimulationOptions } from './generate.js';
import { runHttp } from './http.js';

/** One flag of `vitrine simulate`: `--help` is printed from this table. */
interface Flag {
  name: string;
  type: 'string' | 'boolean';
  default?: string;
  help: string;
}

/** Every flag of `vitrine simulate`. */
export const SIMULATE_FLAGS: readonly Flag[] = [
  { name: 'mode', type: 'string', default: 'bulk', help: 'bulk: write in process through ingest (validation, enrichment, dedup) into --db/--store; http: POST to --endpoint' },
  { name: 'days', type: 'string', default: '90', help: 'local days to simulate, ending with --end' },
  { name: 'end', type: 'string', help: 'last simulated day, YYYY-MM-DD (default: yesterday in --tz)' },
  { name: 'tz', type: 'string', default: 'Asia/Shanghai', help: "IANA time zone of the shop's days and hours (a new site gets it)" },
  { name: 'visitors', type: 'string', default: '3000', help: 'new human visitors over the period (bots come on top)' },
  { name: 'events', type: 'string', help: 'instead of --visitors: about this many events (the visitor count is derived from a small run)' },
  { name: 'seed', type: 'string', default: '1', help: 'random seed: the same flags and seed give the same events and truth' },
  { name: 'site', type: 'string', default: 'demo', help: 'site key (bulk mode registers it when missing)' },
  { name: 'origin', type: 'string', default: 'https://shop.example', help: "the storefront's origin, used in page URLs and sent as Origin" },
  { name: 'db', type: 'string', default: './data/vitrine.duckdb', help: 'bulk mode: DuckDB file (not one a running collector holds)' },
  { name: 'store', type: 'string', help: 'bulk mode: clickhouse://[user:pass@]host:8123/database instead of --db' },
  { name: 'endpoint', type: 'string', default: 'http://127.0.0.1:8787', help: 'http mode: the collector (run it with --trust-proxy so that each visitor has its own IP)' },
  { name: 'concurrency', type: 'string', default: '8', help: 'http mode: requests in flight' },
  { name: 'truth', type: 'string', help: 'write the ground-truth summary (JSON, see docs/simulator.md) to this file' },
  { name: 'quiet', type: 'boolean', help: 'no progress lines' },
];

/** The `vitrine simulate` section of `vitrine --help`. */
export const SIMULATE_USAGE = `Usage: vitrine simulate [options]
  Generates plausible storefront traffic with a known ground truth (docs/simulator.md).

${SIMULATE_FLAGS.map((f) => `  --${f.name.padEnd(14)} ${(f.default ?? '').padEnd(24)} ${f.help}`).join('\n')}
`;

/** A flag value that is wrong; the CLI prints it with a pointer to --help. */
export class SimulateUsageError extends Error {}

const whole = (value: string | undefined, flag: string, min: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new SimulateUsageError(`--${flag}: expected a whole number ≥ ${min}, got "${value}"`);
  return n;
};

/** Reads the flags into simulation options, and the mode's own settings. */
export function parseSimulateArgs(args: string[], now: Date) {
  const options = Object.fromEntries(SIMULATE_FLAGS.map((f) => [f.name, { type: f.type }])) as Record<string, { type: 'string' | 'boolean' }>;
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  const get = (name: string) => (values[name] as string | undefined) ?? SIMULATE_FLAGS.find((f) => f.name === name)?.default;
  const tz = get('tz')!;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new SimulateUsageError(`--tz: "${tz}" is not an IANA time zone`);
  }
  const mode = get('mode');
  if (mode !== 'bulk' && mode !== 'http') throw new SimulateUsageError(`--mode: bulk or http, got "${mode}"`);
  const end = get('end') ?? formatDate(addDays(localDateOf(now, tz), -1));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) throw new SimulateUsageError(`--end: expected YYYY-MM-DD, got "${end}"`);
  if (values.visitors !== undefined && values.events !== undefined) throw new SimulateUsageError('give --visitors or --events, not both');
  const base: Omit<SimulationOptions, 'visitors'> = {
    seed: whole(get('seed'), 'seed', 0),
    days: whole(get('days'), 'days', 1),
    end,
    tz,
    origin: get('origin')!,
  };
  return {
    mode,
    base,
    visitors: values.events !== undefined ? null : whole(get('visitors'), 'visitors', 0),
    events: values.events !== undefined ? whole(get('events'), 'events', 1) : null,
    site: get('site')!,
    db: get('db')!,
    store: get('store'),
    endpoint: get('endpoint')!,
    concurrency: whole(get('concurrency'), 'concurrency', 1),
    truth: get('truth'),
    quiet: values.quiet === true,
  } as const;
}

/**
 * Refuses a DuckDB file that another process (a running collector) holds, before the
 * store opens it: DuckDB allows one process per file, and the store's open treats a
 * failure to open an existing file as a damaged write-ahead log, which it moves aside.
 */
async function refuseLockedDuckDB(path: string): Promise<void> {
  if (path === ':memory:' || !(await access(path).then(() => true, () => false))) return;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    if (/lock/i.test((error as Error).message)) throw new SimulateUsageError(`${path} is held by another process (a running collector?): stop it, or use --mode http`);
    return;
  }
  instance.closeSync();
}

/** `vitrine simulate`: runs the simulation in the chosen mode, prints progress and a summary, writes the truth. */
export async function simulateCommand(args: string[]): Promise<number> {
  const started = performance.now();
  const flags = parseSimulateArgs(args, new Date());
  let simulation: Simulation;
  try {
    const visitors = flags.visitors ?? visitorsForEvents(flags.events!, flags.base);
    simulation = new Simulation({ ...flags.base, visitors });
  } catch (error) {
    throw new SimulateUsageError((error as Error).message);
  }
  let lastLine = 0;
  const onProgress = (p: SimProgress) => {
    const elapsed = performance.now() - started;
    if (flags.quiet || (elapsed - lastLine < 1000 && p.daysDone < p.days)) return;
    lastLine = elapsed;
    console.error(`simulate: ${p.day} (${p.daysDone}/${p.days} days) ${p.events.toLocaleString('en')} events, ${p.accepted.toLocaleString('en')} accepted, ${p.rejected} rejected, ${Math.round(p.events / (elapsed / 1000)).toLocaleString('en')} events/s`);
  };

  let result: SimRunResult;
  if (flags.mode === 'http') {
    result = await runHttp({ endpoint: flags.endpoint, site: flags.site, simulation, concurrency: flags.concurrency, onProgress });
  } else {
    if (!flags.store || !/^clickhouses?:\/\//.test(flags.store)) await refuseLockedDuckDB(flags.store ?? flags.db);
    const store = await openStore({ db: flags.db, store: flags.store }, (message) => console.error(message));
    try {
      result = await runBulk({ store, site: flags.site, simulation, onProgress });
    } finally {
      await store.close();
    }
  }
  const summary = simulation.summary();
  if (flags.truth) {
    await mkdir(dirname(flags.truth), { recursive: true });
    await writeFile(flags.truth, `${JSON.stringify(summary, null, 2)}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `simulated ${result.events.toLocaleString('en')} events (${summary.visitors} visitors, ${summary.sessions} sessions, ${summary.commerce.orders} orders, ${summary.bots.visitors} bots) ` +
      `for site "${flags.site}", ${flags.base.days} days to ${flags.base.end} (${flags.base.tz}): ${result.accepted.toLocaleString('en')} accepted, ${result.rejected} rejected, ` +
      `${result.duplicates} duplicates, in ${seconds.toFixed(1)} s${flags.truth ? `; truth: ${flags.truth}` : ''}`,
  );
  for (const reason of result.reasons) console.error(`simulate: rejected: ${reason}`);
  return result.rejected > 0 ? 1 : 0;
}
