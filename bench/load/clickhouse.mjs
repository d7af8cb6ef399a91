// Starts a throwaway clickhouse-server for the ingest bench by reusing the tests' own
// launcher (test/support/clickhouse-server.ts), compiled on the fly with esbuild, so that
// the bench and the tests start ClickHouse the same way and the code exists once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** @returns {Promise<{ storeUrl(db: string): string, stop(): Promise<void>, startupMs: number }>} */
export async function startClickHouseServer() {
  const outfile = join(mkdtempSync(join(tmpdir(), 'vitrine-bench-ch-')), 'clickhouse-server.mjs');
  await build({ entryPoints: [join(root, 'test/support/clickhouse-server.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  const { startClickHouse: start } = await import(pathToFileURL(outfile).href);
  return start();
}
