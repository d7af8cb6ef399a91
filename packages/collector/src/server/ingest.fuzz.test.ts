import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { startCollector, type RunningCollector } from './serve.js';

// Malformed input must never crash the collector: every payload gets a 4xx with a
// reason, or a 200 that names each bad event with a reason. 10,000+ payloads in all.
let dir: string;
let collector: RunningCollector;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-fuzz-'));
  collector = await startCollector({ port: 0, db: join(dir, 'fuzz.duckdb'), adminSecret: 's', sites: ['shop'], logger: createLogger('silent') });
});
afterAll(async () => {
  await collector.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${collector.url}/v1/batch`, { method: 'POST', body, headers: { 'User-Agent': 'Mozilla/5.0 Chrome/130', ...headers } });

/** The collector's answer must be a 4xx with a reason, or a 200 accounting for every event. */
async function expectHandled(res: Response, events?: number): Promise<void> {
  const body = await res.json();
  if (res.status === 200) {
    expect(body.accepted + body.rejected.length).toBe(events);
    for (const r of body.rejected) expect(r.reason).toMatch(/^\/.*: ./);
  } else {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof body.reason).toBe('string');
  }
}

const loneSurrogate = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b');
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  loneSurrogate,
  fc.constant('x'.repeat(100_000)),
  fc.constantFrom("'; DROP TABLE events; --", '\u0000', '<script>alert(1)</script>', '../../etc/passwd', '${7*7}'),
);
const hostileNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308));
const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: [deep(depth - 1)] });

/** A valid event with one field replaced by something hostile, or removed. */
const mutatedEvent = fc
  .record({
    field: fc.constantFrom('id', 'name', 'ts', 'visitor_id', 'session_id', 'url', 'title', 'referrer', 'props', 'extra'),
    value: fc.oneof(hostileString, hostileNumber, fc.constant(null), fc.constant(undefined), fc.jsonValue(), fc.constant(deep(200))),
  })
  .map(({ field, value }) => {
    const event: Record<string, unknown> = { id: 'e1', name: 'purchase', ts: Date.now(), visitor_id: 'v', session_id: 's', url: 'https://shop.example/' };
    event.props = { transaction_id: 'T', value: 1, currency: 'CNY', items: [{ item_id: 'a', price: 1, quantity: 1 }] };
    event[field] = value;
    return event;
  });

describe('ingest fuzzing', () => {
  it('answers arbitrary JSON values as a batch with a 4xx and a reason (4,000 payloads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await expectHandled(await post(JSON.stringify(value)));
      }),
      { numRuns: 4_000 },
    );
  }, 300_000);

  it('answers arbitrary bytes with a 4xx and a reason (2,000 payloads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), fc.boolean(), async (bytes, gzip) => {
        await expectHandled(await post(bytes, gzip ? { 'Content-Encoding': 'gzip' } : {}));
      }),
      { numRuns: 2_000 },
    );
  }, 300_000);

  it('accounts for every event of a valid envelope holding hostile events (4,000 payloads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedEvent, { minLength: 1, maxLength: 5 }), async (events) => {
        const ids = events.map((_, i) => ({ ...events[i], id: typeof events[i]!.id === 'string' && events[i]!.id === 'e1' ? `e${Math.random().toString(36).slice(2)}` : events[i]!.id }));
        const body = JSON.stringify({ v: 1, site: 'shop', sent_at: Date.now(), events: ids });
        const res = await post(body);
        if (Buffer.byteLength(body) > 256 * 1024) expect(res.status).toBe(413);
        await expectHandled(res, events.length);
      }),
      { numRuns: 4_000 },
    );
  }, 300_000);

  it('survives deep nesting, NaN-like tokens and a gzip bomb', async () => {
    await expectHandled(await post(JSON.stringify({ v: 1, site: 'shop', sent_at: Date.now(), events: [deep(2_000)] })), 1);
    await expectHandled(await post('{"v":1,"site":"shop","sent_at":NaN,"events":[]}'));
    await expectHandled(await post('['.repeat(100_000)));
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x61), { level: 9 });
    const res = await post(bomb, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
