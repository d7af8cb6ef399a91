#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startCollector } from './server/serve.js';

const USAGE = `Usage: vitrine serve [--port 8787] [--host 127.0.0.1] [--db ./data/vitrine.duckdb]
                     [--site KEY]... [--admin-token TOKEN]

  --port         TCP port to listen on (default 8787)
  --host         interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --db           DuckDB file (default ./data/vitrine.duckdb)
  --site         register a site key at start; repeatable
  --admin-token  Bearer token for reading reports (default: $VITRINE_ADMIN_TOKEN,
                 else a random token printed at start)`;

/** The `vitrine` command line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    console.error(command === undefined || command === '--help' ? USAGE : `Unknown command "${command}".\n\n${USAGE}`);
    return command === '--help' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: './data/vitrine.duckdb' },
      site: { type: 'string', multiple: true, default: [] },
      'admin-token': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port: expected a port number, got "${values.port}"`);
    return 2;
  }
  const adminToken = values['admin-token'] ?? process.env.VITRINE_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const collector = await startCollector({ port, host: values.host, db: values.db, adminToken, sites: values.site });
  console.log(`vitrine collector listening on ${collector.url}`);
  console.log(`  database:     ${values.db}`);
  console.log(`  tracker:      ${collector.url}/vitrine.js`);
  if (!values['admin-token'] && !process.env.VITRINE_ADMIN_TOKEN) console.log(`  admin token:  ${adminToken}`);

  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, commit, checkpoint, exit.
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`vitrine collector: ${signal}, shutting down`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await collector.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('vitrine:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
