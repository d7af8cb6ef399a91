import { describe, expect, it } from 'vitest';
import type { Site } from '../store/event-store.js';
import { Deduplicator } from './dedup.js';
import { CookielessIds } from './enrich/cookieless-id.js';
import { DEFAULT_SCRUBBED_KEYS } from './enrich/scrub-url.js';
import { processBatch, type RequestContext } from './process-batch.js';

const now = new Date('2026-11-24T12:00:00Z');
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const site = (over: Partial<Site> = {}): Site => ({
  id: 'site_1', key: 'shop', name: 'Shop', origins: [], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: false, disabled: false,
  created_at: now, ...over,
});
function deps(sites: Site[] = [site()]) {
  const store = { existingEventIds: async () => new Set<string>(), recentEventKeys: async () => [] };
  return {
    sites: { get: (key: string) => sites.find((s) => s.key === key) },
    dedup: new Deduplicator(store, {}, now.getTime() - 3_600_000),
    cookieless: new CookielessIds(),
    scrubKeys: new Set(DEFAULT_SCRUBBED_KEYS),
  };
}
const request = (over: Partial<RequestContext> = {}): RequestContext => ({
  receivedAt: now, ip: '203.0.113.7', userAgent: CHROME, origin: 'https://shop.example', country: null, ...over,
});
const event = (i: number, over: Record<string, unknown> = {}) => ({
  id: `e${i}`, name: 'page_view', ts: now.getTime() - 1000, visitor_id: 'v1', session_id: 's1', url: 'https://shop.example/', ...over,
});
const batch = (events: unknown[], over: Record<string, unknown> = {}) => JSON.stringify({ v: 1, site: 'shop', sent_at: now.getTime(), events, ...over });

describe('processBatch', () => {
  it('stores valid events and rejects each invalid one with its index and reason', async () => {
    const body = batch([
      event(0),
      event(1, { name: 'purchase', props: { transaction_id: 'T1', value: 10 } }),
      event(2, { name: 'add_to_cart', props: { items: [{ item_id: 'sku-1', quantity: 2 }] } }),
    ]);
    const result = await processBatch(body, request(), deps());
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 1, reason: '/props/currency: Expected required property' }] });
    expect(result.events.map((e) => e.event_id)).toEqual(['e0', 'e2']);
    expect(result.rejected[0]).toMatchObject({ site: 'shop', event_index: 1 });
    expect(JSON.parse(result.rejected[0]!.raw)).toMatchObject({ id: 'e1', name: 'purchase' });
  });

  it('fills events from the batch context, keeps complete events as sent, and keeps a rejected one whole', async () => {
    const context = { visitor_id: 'v9', session_id: 's9', url: 'https://shop.example/tea', title: 'Tea' };
    const slim = (i: number, over: Record<string, unknown> = {}) => ({ id: `c${i}`, name: 'page_view', ts: now.getTime() - 1000, ...over });
    const body = batch([slim(0), event(1), slim(2, { url: 'https://shop.example/cup' }), slim(3, { name: 'purchase', props: { value: 1 } })], { context });
    const result = await processBatch(body, request(), deps());
    expect(result.body).toMatchObject({ accepted: 3, rejected: [{ index: 3 }] });
    expect(result.events.map((e) => [e.event_id, e.visitor_id, e.session_id, e.path, e.title])).toEqual([
      ['c0', 'v9', 's9', '/tea', 'Tea'],
      // A complete event takes nothing from the context, not even the title it leaves out.
      ['e1', 'v1', 's1', '/', null],
      ['c2', 'v9', 's9', '/cup', 'Tea'],
    ]);
    expect(JSON.parse(result.rejected[0]!.raw)).toMatchObject({ id: 'c3', visitor_id: 'v9', url: 'https://shop.example/tea' });
  });

  it('refuses a batch whose context breaks the events\' rules, naming the field', async () => {
    const result = await processBatch(batch([{ id: 'c0', name: 'page_view', ts: now.getTime() }], { context: { visitor_id: 'v 9', session_id: 's9', url: 'https://shop.example/' } }), request(), deps());
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ reason: expect.stringMatching(/^\/context\/visitor_id: /) });
    expect(result.rejected).toHaveLength(1);
  });

  it('acknowledges a replayed batch without storing it twice', async () => {
    const d = deps();
    const body = batch([event(0), event(1)]);
    expect((await processBatch(body, request(), d)).events).toHaveLength(2);
    const replay = await processBatch(body, request(), d);
    expect(replay.body).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    expect(replay.events).toEqual([]);
    const doubled = await processBatch(batch([event(5), event(5)]), request(), d);
    expect(doubled.events.map((e) => e.event_id)).toEqual(['e5']);
  });

  it('enriches: device, bot flag, channel from referrer and UTM, scrubbed URLs', async () => {
    const body = batch([
      event(0, { url: 'https://shop.example/p?utm_source=newsletter&utm_medium=email&token=abc&q=li.lei%40example.com', referrer: 'https://www.baidu.com/s?wd=围巾' }),
      event(1, { url: 'https://shop.example/a/zhang.san@example.com', referrer: 'https://mp.weixin.qq.com/s/abc' }),
      event(2, { referrer: 'https://s.taobao.com/search' }),
    ]);
    const [a, b, c] = (await processBatch(body, request(), deps())).events;
    expect(a).toMatchObject({
      browser: 'Chrome', os: 'Windows', device_type: 'desktop', is_bot: false, channel: 'email', source: 'Baidu',
      utm_source: 'newsletter', utm_medium: 'email', referrer_host: 'www.baidu.com',
      url: 'https://shop.example/p?utm_source=newsletter&utm_medium=email&q=%5Bemail%5D',
    });
    expect(b).toMatchObject({ channel: 'social', source: 'WeChat', path: '/a/[email]' });
    expect(c).toMatchObject({ channel: 'referral', source: 'Taobao' });
    const bot = await processBatch(batch([event(9)]), request({ userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }), deps());
    expect(bot.events[0]!.is_bot).toBe(true);
  });

  it('derives a daily visitor id on cookieless sites from site, IP and UA, ignoring the sent one', async () => {
    const d = deps([site({ cookieless: true })]);
    const first = (await processBatch(batch([event(0, { visitor_id: 'from-device' })]), request(), d)).events[0]!;
    const again = (await processBatch(batch([event(1, { visitor_id: 'other' })]), request(), d)).events[0]!;
    const otherIp = (await processBatch(batch([event(2)]), request({ ip: '198.51.100.1' }), d)).events[0]!;
    expect(first.visitor_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(again.visitor_id).toBe(first.visitor_id);
    expect(otherIp.visitor_id).not.toBe(first.visitor_id);
  });

  it('refuses a body that is not JSON with 400 and keeps it whole for inspection', async () => {
    const result = await processBatch('{"v":1,', request(), deps());
    expect(result.status).toBe(400);
    expect(result.rejected).toEqual([
      { site: null, received_at: now, event_index: null, reason: expect.stringMatching(/^body: not valid JSON/), raw: '{"v":1,' },
    ]);
  });

  it('refuses an envelope of the wrong version, naming the field', async () => {
    const result = await processBatch(batch([event(0)], { v: 2 }), request(), deps());
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ reason: expect.stringMatching(/^\/v: /) });
    expect(result.rejected[0]!.site).toBe('shop');
  });

  it('refuses unknown (401) and disabled (403) site keys, and origins off the allowlist (403), storing nothing', async () => {
    const d = deps([site({ origins: ['https://shop.example'] }), site({ key: 'old', disabled: true })]);
    const unknown = await processBatch(batch([event(0)], { site: 'nope' }), request(), d);
    const disabled = await processBatch(batch([event(0)], { site: 'old' }), request(), d);
    const foreign = await processBatch(batch([event(0)]), request({ origin: 'https://evil.example' }), d);
    const noOrigin = await processBatch(batch([event(0)]), request({ origin: undefined }), d);
    expect([unknown.status, disabled.status, foreign.status, noOrigin.status]).toEqual([401, 403, 403, 403]);
    expect(foreign.body).toMatchObject({ error: 'origin_not_allowed' });
    for (const r of [unknown, disabled, foreign, noOrigin]) expect([...r.events, ...r.rejected]).toEqual([]);
    expect((await processBatch(batch([event(0)]), request(), d)).status).toBe(200);
  });
});
