import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, startProcess } from '../support/processes.js';

const exec = promisify(execFile);
const CLI = join(ROOT, 'packages/collector/dist/cli.js');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `vitrine …`, resolving with its exit code and output whether it succeeded or not. */
async function vitrine(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('vitrine CLI', () => {
  it('adds, lists and disables sites, printing JSON on request', async () => {
    const db = join(dir, 'sites.duckdb');
    const added = await vitrine(['site', 'add', '--db', db, '--name', 'shop', '--origin', 'https://shop.example', '--currency', 'CNY', '--tz', 'Asia/Shanghai', '--json']);
    expect(added.code).toBe(0);
    const site = JSON.parse(added.stdout);
    expect(site).toMatchObject({ name: 'shop', origins: ['https://shop.example'], currency: 'CNY', timezone: 'Asia/Shanghai', disabled: false });
    expect(site.id).toMatch(/^site_/);
    expect(site.key).toMatch(/^pk_[A-Za-z0-9_-]{16}$/);

    const listed = JSON.parse((await vitrine(['site', 'list', '--db', db, '--json'])).stdout);
    expect(listed.map((s: { key: string }) => s.key)).toEqual([site.key]);
    expect(JSON.parse((await vitrine(['site', 'disable', site.id, '--db', db, '--json'])).stdout)).toMatchObject({ disabled: true });

    const bad = await vitrine(['site', 'add', '--db', db, '--name', 'x', '--tz', 'Nowhere/Land']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/timezone: an IANA time zone/);
  });

  it('mints embed tokens with the admin secret, and refuses without it', async () => {
    const minted = await vitrine(['token', '--site', 'pk_abc', '--reports', 'funnel,retention', '--ttl', '1h', '--json'], { VITRINE_ADMIN_SECRET: 's3cret' });
    expect(minted.code).toBe(0);
    const { token, expires_at } = JSON.parse(minted.stdout);
    expect(token).toMatch(/^vt1\./);
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(3_500_000);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ site: 'pk_abc', reports: ['funnel', 'retention'] });
    const refused = await vitrine(['token', '--site', 'pk_abc'], { VITRINE_ADMIN_SECRET: '' });
    expect(refused.code).toBe(2);
    expect((await vitrine(['token', '--site', 'pk_abc', '--ttl', '2d'], { VITRINE_ADMIN_SECRET: 's' })).code).toBe(2);
  });

  it('lists every serve option with its environment variable in --help', async () => {
    const help = await vitrine(['serve', '--help']);
    expect(help.code).toBe(0);
    for (const line of ['--port', 'VITRINE_PORT', '--store', 'VITRINE_STORE', 'VITRINE_ADMIN_SECRET', '--rate-ip', '--script-path', 'VITRINE_DEDUP_MEMORY_KEYS']) {
      expect(help.stdout).toContain(line);
    }
    const unknown = await vitrine(['serve', '--no-such-flag']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Run vitrine --help/);
  });

  it('says how to manage sites while a collector holds the database', async () => {
    const db = join(dir, 'held.duckdb');
    const port = await freePort();
    const server = await startProcess([CLI, 'serve', '--port', String(port), '--db', db, '--admin-secret', 'x'], {}, 'listening on');
    try {
      const held = await vitrine(['site', 'list', '--db', db]);
      expect(held.code).toBe(2);
      expect(held.stderr).toMatch(/held by a running collector: use POST \/v1\/sites/);
    } finally {
      await server.stop();
    }
  });
});
