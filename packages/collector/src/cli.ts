#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { REPORT_NAMES, mintEmbedToken, parseTtl } from './auth/embed-tokens.js';
import { DEFAULT_MAX_KEYS } from './ingest/dedup.js';
import { DEFAULT_SCRUBBED_KEYS } from './ingest/enrich/scrub-url.js';
import { createLogger } from './ops/logger.js';
import { parseNewSite } from './sites/new-site.js';
import { startCollector } from './server/serve.js';
import type { Site } from './store/event-store.js';
import { openStore } from './store/open-store.js';
import { SIMULATE_USAGE, SimulateUsageError, simulateCommand } from './simulate/command.js';

/** One setting: its flag, environment variable, default and meaning. `--help` is printed from this table. */
interface Setting {
  flag: string;
  env?: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string;
  help: string;
}

const STORE_SETTINGS: Setting[] = [
  { flag: 'db', env: 'VITRINE_DB', type: 'string', default: './data/vitrine.duckdb', help: 'DuckDB file (the embedded default store)' },
  { flag: 'store', env: 'VITRINE_STORE', type: 'string', help: 'clickhouse://[user:pass@]host:8123/database, to store in ClickHouse instead' },
];
const SECRET: Setting = { flag: 'admin-secret', env: 'VITRINE_ADMIN_SECRET', type: 'string', help: 'admin secret: manages sites, mints embed tokens, opens every report' };

const SERVE_SETTINGS: Setting[] = [
  { flag: 'port', env: 'VITRINE_PORT', type: 'string', default: '8787', help: 'TCP port' },
  { flag: 'host', env: 'VITRINE_HOST', type: 'string', default: '127.0.0.1', help: 'interface to listen on (0.0.0.0 for all)' },
  ...STORE_SETTINGS,
  SECRET,
  { flag: 'admin-token', type: 'string', help: 'old name of --admin-secret' },
  { flag: 'site', type: 'string', multiple: true, help: 'register this site key at start if missing (defaults: CNY, Asia/Shanghai); repeatable' },
  { flag: 'log-level', env: 'VITRINE_LOG_LEVEL', type: 'string', default: 'info', help: 'trace, debug, info, warn, error or silent' },
  { flag: 'max-body', env: 'VITRINE_MAX_BODY_BYTES', type: 'string', default: '262144', help: 'largest batch body on the wire, bytes' },
  { flag: 'max-decompressed', env: 'VITRINE_MAX_DECOMPRESSED_BYTES', type: 'string', default: '1048576', help: 'largest batch body after gzip, bytes' },
  { flag: 'rate-ip', env: 'VITRINE_RATE_IP', type: 'string', default: '200', help: 'batch requests per second per IP (0: no limit)' },
  { flag: 'rate-site', env: 'VITRINE_RATE_SITE', type: 'string', default: '100000', help: 'events per second per site (0: no limit)' },
  { flag: 'scrub-params', env: 'VITRINE_SCRUB_PARAMS', type: 'string', default: DEFAULT_SCRUBBED_KEYS.join(','), help: 'query keys dropped from every URL, comma-separated' },
  { flag: 'trust-proxy', env: 'VITRINE_TRUST_PROXY', type: 'boolean', help: 'take the client IP from X-Forwarded-For (only behind your own proxy)' },
  { flag: 'country-header', env: 'VITRINE_COUNTRY_HEADER', type: 'string', help: "a trusted proxy's country header, e.g. cf-ipcountry" },
  { flag: 'script-path', env: 'VITRINE_SCRIPT_PATH', type: 'string', default: '/', help: 'path the tracker scripts are served under, e.g. /assets/' },
  { flag: 'dedup-memory-keys', env: 'VITRINE_DEDUP_MEMORY_KEYS', type: 'string', default: String(DEFAULT_MAX_KEYS), help: 'event ids kept in memory for deduplication (32 bytes each)' },
  { flag: 'max-pending-rows', env: 'VITRINE_MAX_PENDING_ROWS', type: 'string', default: '100000', help: 'rows waiting to be written before 503 + Retry-After' },
];

const USAGE = `Usage: vitrine <command> [options]

Commands:
  serve                         run the collector
  site add --name NAME [--key KEY] [--origin URL]... [--currency CNY] [--tz Asia/Shanghai] [--cookieless] [--json]
  site list [--json]
  site disable|enable ID_OR_KEY
  token --site KEY [--reports funnel,retention|*] [--ttl 1h] [--json]
                                mint an embed token (needs the admin secret)
  simulate [--mode bulk|http] [--days 90] [--visitors N | --events N] [--seed 1] …
                                simulated storefront traffic with a ground truth (vitrine simulate --help)

Site commands take --db or --store. A running collector holds its DuckDB file, so
manage its sites over HTTP then (POST /v1/sites with the admin secret).

Options of serve (flag, environment variable, default):
${SERVE_SETTINGS.map((s) => `  --${s.flag.padEnd(18)} ${(s.env ?? '').padEnd(30)} ${s.default ?? ''}\n      ${s.help}`).join('\n')}
`;

/** Parses `args` against `settings`, filling unset flags from their environment variables, then defaults. */
function read(args: string[], settings: Setting[], extra: ParseArgsConfig['options'] = {}) {
  const options: NonNullable<ParseArgsConfig['options']> = { ...extra };
  for (const s of settings) options[s.flag] = { type: s.type, ...(s.multiple ? { multiple: true } : {}) };
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  const get = (flag: string): string | undefined => {
    const setting = settings.find((s) => s.flag === flag);
    const value = values[flag];
    if (value !== undefined) return String(value);
    if (setting?.env && process.env[setting.env] !== undefined) return process.env[setting.env];
    return setting?.default;
  };
  return { values, positionals, get };
}

const number = (value: string | undefined, flag: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag}: expected a number, got "${value}"`);
  return n;
};

class UsageError extends Error {}

async function serveCommand(args: string[]): Promise<number> {
  const { values, get } = read(args, SERVE_SETTINGS);
  const logger = createLogger(get('log-level'));
  let adminSecret = get('admin-secret') ?? get('admin-token');
  if (!adminSecret) {
    adminSecret = randomBytes(24).toString('base64url');
    logger.warn({ admin_secret: adminSecret }, 'no VITRINE_ADMIN_SECRET set: generated one for this run only');
  }
  const collector = await startCollector({
    port: number(get('port'), 'port'),
    host: get('host')!,
    db: get('db')!,
    store: get('store'),
    adminSecret,
    sites: (values.site as string[] | undefined) ?? [],
    logger,
    maxBodyBytes: number(get('max-body'), 'max-body'),
    maxDecompressedBytes: number(get('max-decompressed'), 'max-decompressed'),
    requestsPerIpPerSecond: number(get('rate-ip'), 'rate-ip'),
    eventsPerSitePerSecond: number(get('rate-site'), 'rate-site'),
    scrubKeys: (get('scrub-params') ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    trustProxy: get('trust-proxy') === 'true' || get('trust-proxy') === '1',
    countryHeader: get('country-header') ?? null,
    scriptPath: get('script-path')!,
    dedupMemoryKeys: number(get('dedup-memory-keys'), 'dedup-memory-keys'),
    maxPendingRows: number(get('max-pending-rows'), 'max-pending-rows'),
  });
  logger.info({ url: collector.url, store: collector.store.kind, tracker: `${collector.url}${get('script-path')}vitrine.js` }, `listening on ${collector.url}`);

  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, commit, checkpoint, exit.
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'shutting down: finishing requests, committing, checkpointing');
  await collector.close();
  logger.info('stopped');
  return 0;
}

const printSite = (site: Site) =>
  `${site.id}  ${site.key}  ${site.name}  ${site.currency}  ${site.timezone}${site.cookieless ? '  cookieless' : ''}${site.disabled ? '  DISABLED' : ''}${site.origins.length ? `  origins: ${site.origins.join(' ')}` : ''}`;

async function siteCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals, get } = read(rest, STORE_SETTINGS, {
    name: { type: 'string' }, key: { type: 'string' }, origin: { type: 'string', multiple: true }, currency: { type: 'string' },
    tz: { type: 'string' }, cookieless: { type: 'boolean' }, json: { type: 'boolean' },
  });
  const open = async () => {
    try {
      return await openStore({ db: get('db')!, store: get('store') }, (message) => console.error(message));
    } catch (error) {
      if (/lock/i.test((error as Error).message)) {
        throw new UsageError(`${get('db')} is held by a running collector: use POST /v1/sites on it, or stop it first`);
      }
      throw error;
    }
  };
  const store = await open();
  try {
    if (action === 'add') {
      const site = parseNewSite({
        name: values.name, key: values.key, origins: values.origin ?? [], currency: values.currency, timezone: values.tz, cookieless: values.cookieless ?? false,
      });
      if (typeof site === 'string') throw new UsageError(site);
      if ((await store.listSites()).some((s) => s.key === site.key)) throw new UsageError(`key: "${site.key}" is taken`);
      const created = await store.addSite(site);
      console.log(values.json ? JSON.stringify(created) : printSite(created));
    } else if (action === 'list') {
      const sites = await store.listSites();
      console.log(values.json ? JSON.stringify(sites) : sites.map(printSite).join('\n') || '(no sites)');
    } else if (action === 'disable' || action === 'enable') {
      const target = positionals[0];
      if (!target) throw new UsageError(`site ${action} needs a site id or key`);
      const site = await store.setSiteDisabled(target, action === 'disable');
      if (!site) throw new UsageError(`no site "${target}"`);
      console.log(values.json ? JSON.stringify(site) : printSite(site));
    } else {
      throw new UsageError(`unknown site command "${action ?? ''}"`);
    }
  } finally {
    await store.close();
  }
  return 0;
}

function tokenCommand(args: string[]): number {
  const { values, get } = read(args, [SECRET], { site: { type: 'string' }, reports: { type: 'string' }, ttl: { type: 'string' }, json: { type: 'boolean' } });
  const secret = get('admin-secret');
  if (!secret) throw new UsageError('the admin secret is needed: set VITRINE_ADMIN_SECRET or --admin-secret');
  if (!values.site) throw new UsageError('--site is required');
  const reports = String(values.reports ?? '*').split(',').map((r) => r.trim());
  if (!reports.every((r) => r === '*' || (REPORT_NAMES as readonly string[]).includes(r))) {
    throw new UsageError(`--reports: ${REPORT_NAMES.join(', ')} or *`);
  }
  const ttl = parseTtl(values.ttl as string | undefined);
  if (ttl === null) throw new UsageError('--ttl: seconds, or 30m / 1h, up to 24h');
  const minted = mintEmbedToken(secret, { site: String(values.site), reports, ttlSeconds: ttl });
  console.log(values.json ? JSON.stringify(minted) : minted.token);
  return 0;
}

/** The `vitrine` command line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'simulate' && rest.includes('--help')) {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  if (command === undefined || command === '--help' || command === 'help' || rest.includes('--help')) {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'serve') return serveCommand(rest);
  if (command === 'site') return siteCommand(rest);
  if (command === 'token') return tokenCommand(rest);
  if (command === 'simulate') return simulateCommand(rest);
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof SimulateUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`vitrine: ${error instanceof Error ? error.message : String(error)}${usage ? '\nRun vitrine --help for usage.' : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
