import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { createApp } from './app.js';
import { startCollector, type CollectorOptions, type RunningCollector } from './serve.js';

const SECRET = 'test-admin-secret';
const ORIGIN = 'https://shop.example';
const dirs: string[] = [];

async function collectorWith(options: Partial<CollectorOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-serve-'));
  dirs.push(dir);
  const db = join(dir, 'vitrine.duckdb');
  const collector = await startCollector({ port: 0, db, adminSecret: SECRET, sites: ['shop'], logger: createLogger('silent'), ...options });
  return { collector, db };
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Reads rows straight from a closed collector's DuckDB file. */
async function queryFile(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const now = Date.now();
const event = (visitor: string, name: string, i: number, props?: object) => ({
  id: `${visitor}-${i}`, name, ts: now - 60_000 + i, visitor_id: visitor, session_id: `${visitor}-s`,
  url: 'https://shop.example/item/1', title: '商品', ...(props ? { props } : {}),
});
const batchOf = (events: unknown[], site = 'shop') => JSON.stringify({ v: 1, site, sent_at: Date.now(), events });

describe('collector over HTTP', () => {
  let collector: RunningCollector;
  let db: string;
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${collector.url}/v1/batch`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain', Origin: ORIGIN, 'User-Agent': 'Mozilla/5.0 Chrome/130.0', ...headers } });
  const get = (path: string, token?: string) => fetch(`${collector.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const admin = (path: string, body: unknown) =>
    fetch(`${collector.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' } });
  const mint = async (body: unknown) => (await (await admin('/v1/tokens', body)).json()) as { token: string; expires_at: string };
  const funnel = (token?: string, site = 'shop') => get(`/v1/reports/funnel?site=${site}&steps=page_view,view_item,add_to_cart,purchase`, token);

  beforeAll(async () => {
    ({ collector, db } = await collectorWith());
  });
  afterAll(async () => {
    await collector.close();
  });

  it('ingests a batch, answers per-event results, and reports the funnel to an embed token', async () => {
    const events = [
      event('a', 'page_view', 0), event('a', 'view_item', 1, { items: [{ item_id: 'sku-1', price: 99 }] }),
      event('a', 'add_to_cart', 2, { items: [{ item_id: 'sku-1', quantity: 1 }] }),
      event('a', 'purchase', 3, { transaction_id: 'T-1', value: 99, currency: 'CNY' }),
      event('b', 'page_view', 4), event('b', 'purchase', 5, { value: 5 }),
    ];
    const res = await post(batchOf(events));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    expect(await res.json()).toEqual({ accepted: 5, duplicates: 0, rejected: [{ index: 5, reason: '/props/currency: Expected required property' }] });

    const { token } = await mint({ site: 'shop', reports: ['funnel'], ttl: '1h' });
    const report = await funnel(token);
    expect(report.status).toBe(200);
    const body = await report.json();
    expect(body.steps.map((s: { visitors: number }) => s.visitors)).toEqual([2, 1, 1, 1]);
    expect(body.steps[1]).toMatchObject({ name: 'view_item', conversion_from_first: 0.5, conversion_from_previous: 0.5, drop_off: 1 });
  });

  it('accepts application/json and gzip bodies', async () => {
    const json = await post(batchOf([event('c', 'page_view', 0)]), { 'Content-Type': 'application/json' });
    expect(await json.json()).toMatchObject({ accepted: 1 });
    const gz = await post(gzipSync(batchOf([event('d', 'page_view', 0)])), { 'Content-Encoding': 'gzip' });
    expect(await gz.json()).toMatchObject({ accepted: 1 });
  });

  it('acknowledges a replayed batch as duplicates', async () => {
    const body = batchOf([event('r', 'page_view', 0), event('r', 'view_item', 1, { items: [{ item_id: 'x' }] })]);
    expect(await (await post(body)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await (await post(body)).json()).toMatchObject({ accepted: 2, duplicates: 2 });
  });

  it('refuses, with a reason, a body too large, a gzip bomb, broken gzip and an unknown encoding', async () => {
    const huge = await post(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('access-control-allow-origin')).toBe('*');
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // 50 MB of spaces in ~50 KB
    expect(bomb.length).toBeLessThan(256 * 1024);
    const exploded = await post(bomb, { 'Content-Encoding': 'gzip' });
    expect(exploded.status).toBe(413);
    expect((await exploded.json()).reason).toMatch(/decompressed/);
    const broken = await post(Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).reason).toMatch(/^body: not valid gzip/);
    expect((await post('{}', { 'Content-Encoding': 'br' })).status).toBe(415);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('refuses a chunked body as soon as it is over the limit, without its length announced', async () => {
    const answer = await new Promise<{ status: number; cors: unknown; body: string }>((resolve, reject) => {
      let seen: { status: number; cors: unknown; body: string } | undefined;
      const request = httpRequest(`${collector.url}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: ORIGIN } }, (res) => {
        seen = { status: res.statusCode!, cors: res.headers['access-control-allow-origin'], body: '' };
        res.setEncoding('utf8').on('data', (chunk) => (seen!.body += chunk)).on('end', () => resolve(seen!));
      });
      // No Content-Length: Node sends it chunked, 64 KB at a time, 512 KB in all. The
      // server closes the connection after its answer, so writing the rest may fail (EPIPE):
      // only a failure before any answer fails the test.
      request.on('error', (error) => (seen ? resolve(seen) : reject(error)));
      for (let i = 0; i < 8; i++) request.write('x'.repeat(64 * 1024));
      request.end();
    });
    expect(answer).toMatchObject({ status: 413, cors: '*' });
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'payload_too_large' });
    expect((await get('/healthz')).status).toBe(200);
  });

  it('ingests through the embeddable Hono app (createApp) as through the server', async () => {
    const app = createApp(collector.services);
    const res = await app.request('/v1/batch', { method: 'POST', body: batchOf([event('h', 'page_view', 0)]), headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const huge = await app.request('/v1/batch', { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { Origin: ORIGIN, 'Content-Length': String(300 * 1024) } });
    expect(huge.status).toBe(413);
  });

  it('refuses an unknown site key (401) and a malformed batch (400), keeping the latter', async () => {
    expect((await post(batchOf([event('x', 'page_view', 0)], 'nope'))).status).toBe(401);
    const malformed = await post('not json');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).reason).toMatch(/^body: not valid JSON/);
    const { rejected } = await (await get('/v1/rejected', SECRET)).json();
    expect(rejected.some((r: { raw: string }) => r.raw === 'not json')).toBe(true);
  });

  it('scopes embed tokens to a site and reports, expires them, and refuses tampering and site keys', async () => {
    expect((await funnel()).status).toBe(401);
    expect((await funnel('shop')).status).toBe(403); // a public site key
    expect((await funnel('garbage')).status).toBe(401);
    const other = await mint({ site: 'shop', reports: ['retention'] });
    expect(await (await funnel(other.token)).json()).toMatchObject({ error: 'wrong_report' });
    await admin('/v1/sites', { name: 'Blog', key: 'blog' });
    const blog = await mint({ site: 'blog', reports: ['*'] });
    expect(await (await funnel(blog.token)).json()).toMatchObject({ error: 'wrong_site' });
    const { token } = await mint({ site: 'shop', reports: ['*'], ttl: 60 });
    const [prefix, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url');
    expect((await funnel(`${prefix}.${widened}.${signature}`)).status).toBe(401);
    expect((await funnel(token)).status).toBe(200);
    const realNow = collector.services.now;
    collector.services.now = () => new Date(Date.now() + 61_000);
    try {
      expect(await (await funnel(token)).json()).toMatchObject({ error: 'token_expired' });
    } finally {
      collector.services.now = realNow;
    }
    expect((await admin('/v1/tokens', { site: 'shop', ttl: '48h' })).status).toBe(400);
  });

  it('keeps the admin API behind the admin secret', async () => {
    const { token } = await mint({ site: 'shop' });
    expect((await get('/v1/sites')).status).toBe(401);
    expect((await get('/v1/sites', token)).status).toBe(403);
    expect((await get('/v1/rejected', 'shop')).status).toBe(403);
    expect((await get('/v1/sites', SECRET)).status).toBe(200);
  });

  it('enforces a site origin allowlist and refuses a disabled site', async () => {
    const created = await (await admin('/v1/sites', { name: 'Strict', key: 'strict', origins: [ORIGIN], currency: 'USD', timezone: 'America/New_York' })).json();
    expect(created).toMatchObject({ key: 'strict', origins: [ORIGIN], currency: 'USD' });
    expect((await post(batchOf([event('o', 'page_view', 0)], 'strict'))).status).toBe(200);
    const foreign = await post(batchOf([event('o', 'page_view', 1)], 'strict'), { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'origin_not_allowed' });
    expect((await admin(`/v1/sites/${created.id}/disable`, {})).status).toBe(200);
    expect((await post(batchOf([event('o', 'page_view', 2)], 'strict'))).status).toBe(403);
    expect((await admin('/v1/sites', { name: 'Bad', timezone: 'Mars/Olympus' })).status).toBe(400);
  });

  it('serves metrics, the OpenAPI description and the tracker script', async () => {
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/^vitrine_events_accepted_total \d+/m);
    expect(metrics).toMatch(/^vitrine_events_deduplicated_total [1-9]/m);
    expect(metrics).toMatch(/^vitrine_batch_ack_seconds_bucket/m);
    const openapi = await (await get('/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/batch', '/v1/reports/funnel', '/v1/tokens', '/v1/sites']));
    const script = await get('/vitrine.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('stores SQL-looking strings in every field inert, byte for byte', async () => {
    const evil = "'; DROP TABLE events; --";
    const res = await post(batchOf([{
      id: 'inj-1', name: `x${evil.replace(/[^A-Za-z0-9_.:-]/g, '_')}`, ts: now, visitor_id: 'v-inj', session_id: 's-inj',
      url: `https://shop.example/${encodeURIComponent(evil)}?q=${encodeURIComponent(evil)}`, title: evil, referrer: `https://ref.example/?r=${encodeURIComponent(evil)}`,
      props: { note: evil, "k'ey": evil },
    }]));
    expect(await res.json()).toMatchObject({ accepted: 1 });
  });

  it('keeps one row per event id after replays, and the injected strings as written', async () => {
    await collector.close();
    const [dupes] = await queryFile(db, "SELECT (count(*) - count(DISTINCT event_id))::INTEGER AS extra, (count(*) FILTER (WHERE event_id LIKE 'r-%'))::INTEGER AS replayed FROM events");
    expect(dupes).toEqual({ extra: 0, replayed: 2 });
    const [row] = await queryFile(db, "SELECT title, props, (SELECT count(*) FROM events) > 0 AS table_alive FROM events WHERE event_id = 'inj-1'");
    expect(row).toEqual({ title: "'; DROP TABLE events; --", props: JSON.stringify({ note: "'; DROP TABLE events; --", "k'ey": "'; DROP TABLE events; --" }), table_alive: true });
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-IP request rate', async () => {
    const { collector } = await collectorWith({ requestsPerIpPerSecond: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${collector.url}/v1/batch`, { method: 'POST', body: batchOf([event(`rl${i}`, 'page_view', i)]), headers: { Origin: ORIGIN } });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
    } finally {
      await collector.close();
    }
  });
});
