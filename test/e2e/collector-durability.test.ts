import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOPPER_USER_AGENT } from '../support/browser.js';
import { freePort, startProcess } from '../support/processes.js';

const SECRET = 'durability-secret';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-kill9-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts the real `vitrine serve` CLI on a free port. */
async function serve(db: string) {
  const port = await freePort();
  const started = await startProcess(
    ['packages/collector/dist/cli.js', 'serve', '--port', String(port), '--db', db, '--site', 'shop', '--admin-secret', SECRET, '--rate-ip', '0'],
    {},
    'listening on',
  );
  return { ...started, url: `http://127.0.0.1:${port}` };
}

const batch = (ids: string[]) =>
  JSON.stringify({
    v: 1, site: 'shop', sent_at: Date.now(),
    events: ids.map((id) => ({ id, name: 'page_view', ts: Date.now(), visitor_id: `v-${id}`, session_id: 's', url: 'https://shop.example/' })),
  });

describe('vitrine serve durability', () => {
  it('keeps every acknowledged event when killed with SIGKILL in the middle of ingest', async () => {
    const db = join(dir, 'vitrine.duckdb');
    const first = await serve(db);
    // Four clients send batches of 25 in a loop and log the ids of every acknowledged batch.
    const acknowledged: string[] = [];
    let killed = false;
    let sent = 0;
    const client = async (n: number) => {
      for (let i = 0; !killed; i++) {
        const ids = Array.from({ length: 25 }, (_, j) => `c${n}-b${i}-e${j}`);
        sent += 1;
        try {
          const res = await fetch(`${first.url}/v1/batch`, { method: 'POST', body: batch(ids), headers: { 'User-Agent': SHOPPER_USER_AGENT } });
          if (res.status === 200) acknowledged.push(...ids);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    // Kill once a good number of batches are through, while the clients are still sending.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (acknowledged.length >= 2_000) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    first.child.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(clients);
    expect(sent).toBeGreaterThan(acknowledged.length / 25); // some batches were in flight and unanswered

    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TEMP TABLE acked (id VARCHAR)');
      const appender = await connection.createAppender('acked', 'main', 'temp');
      for (const id of acknowledged) {
        appender.appendVarchar(id);
        appender.endRow();
      }
      appender.closeSync();
      const [row] = (
        await connection.runAndReadAll('SELECT count(*)::INTEGER AS missing FROM acked WHERE id NOT IN (SELECT event_id FROM events)')
      ).getRowObjectsJS();
      expect(row).toEqual({ missing: 0 });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }

    // And the collector starts again on the same file.
    const second = await serve(db);
    const res = await fetch(`${second.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
