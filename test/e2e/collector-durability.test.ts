import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess } from '../support/processes.js';

const TOKEN = 'durability-token';
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
    ['packages/collector/dist/cli.js', 'serve', '--port', String(port), '--db', db, '--site', 'shop', '--admin-token', TOKEN],
    {},
    'listening on',
  );
  return { ...started, url: `http://127.0.0.1:${port}` };
}

describe('vitrine serve durability', () => {
  it('keeps every acknowledged event through kill -9', async () => {
    const db = join(dir, 'vitrine.duckdb');
    const first = await serve(db);
    const now = Date.now();
    const visitors = Array.from({ length: 40 }, (_, i) => `v${i}`);
    // Forty concurrent batches, so that acknowledgements come out of shared group commits.
    const answers = await Promise.all(
      visitors.map(async (visitor, i) => {
        const events = ['page_view', 'view_item'].map((name, j) => ({
          id: `${visitor}-${j}`, name, ts: now - 1000 + j, visitor_id: visitor, session_id: `${visitor}-s`,
          url: 'https://shop.example/', ...(name === 'view_item' ? { props: { items: [{ item_id: 'sku' }] } } : {}),
        }));
        const res = await fetch(`${first.url}/v1/batch`, {
          method: 'POST',
          // A browser's UA: Node's own ("node") is rightly flagged as a bot and kept out of reports.
          headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' },
          body: JSON.stringify({ v: 1, site: 'shop', sent_at: now, events }),
        });
        return { i, status: res.status };
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(db);
    const res = await fetch(`${second.url}/v1/reports/funnel?site=shop&steps=page_view,view_item`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect((await res.json()).steps.map((s: { visitors: number }) => s.visitors)).toEqual([40, 40]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
