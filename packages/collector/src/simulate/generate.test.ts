import { createHash } from 'node:crypto';
import { validateBatchEnvelope, validateEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { deviceInfo } from '../ingest/enrich/device.js';
import { processBatch, type IngestDeps } from '../ingest/process-batch.js';
import type { EventRow, Site } from '../store/event-store.js';
import { CATALOGUE } from './catalogue.js';
import { Simulation, visitorsForEvents, type SimulationOptions } from './generate.js';
import { BOT_USER_AGENTS, BROWSERS } from './user-agents.js';

const OPTIONS: SimulationOptions = { seed: 7, days: 21, end: '2026-11-15', tz: 'Asia/Shanghai', visitors: 400, origin: 'https://shop.example' };

/** Runs a simulation to the end: a digest of every batch, the batches' count and the truth. */
function run(options: SimulationOptions) {
  const sim = new Simulation(options);
  const hash = createHash('sha256');
  let batches = 0;
  for (const batch of sim.batches()) {
    hash.update(JSON.stringify(batch));
    batches++;
  }
  return { digest: hash.digest('hex'), batches, truth: sim.summary() };
}

const SITE: Site = { id: 'site_1', key: 'demo', name: 'demo', origins: ['https://shop.example'], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: false, disabled: false, created_at: new Date(0) };
const deps: IngestDeps = {
  sites: { get: (key) => (key === 'demo' ? SITE : undefined) },
  // Ids are unique by construction; this test is about validation and enrichment.
  dedup: { claim: async () => new Set<number>() },
  cookieless: { visitorId: () => 'unused' },
  scrubKeys: new Set(),
};

describe('Simulation', () => {
  it('is deterministic: the same seed gives the same events and truth, another seed other ones', () => {
    const a = run(OPTIONS);
    const b = run(OPTIONS);
    expect(b.digest).toBe(a.digest);
    expect(b.truth).toEqual(a.truth);
    expect(a.batches).toBeGreaterThan(100);
    const c = run({ ...OPTIONS, seed: 8 });
    expect(c.digest).not.toBe(a.digest);
  });

  it('generates only valid wire-format batches, which the collector ingests with zero rejected and the truth counts exactly', async () => {
    const sim = new Simulation(OPTIONS);
    const rows: EventRow[] = [];
    let events = 0;
    for (const batch of sim.batches()) {
      events += batch.events.length;
      const body = JSON.stringify({ v: 1, site: 'demo', sent_at: batch.events.at(-1)!.ts + 1000, events: batch.events });
      expect(validateBatchEnvelope(JSON.parse(body)).ok).toBe(true);
      for (const event of batch.events) expect(validateEvent(event)).toMatchObject({ ok: true });
      const result = await processBatch(body, { receivedAt: new Date(batch.events.at(-1)!.ts + 1000), ip: batch.ip, userAgent: batch.ua, origin: 'https://shop.example', country: null }, deps);
      expect(result.status).toBe(200);
      expect(result.rejected).toEqual([]);
      rows.push(...result.events);
    }
    const truth = sim.summary();
    expect(rows).toHaveLength(events);
    expect(truth.events.total).toBe(events);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(events);

    // Bots: exactly the simulator's bots are flagged by the collector.
    expect(rows.filter((r) => r.is_bot)).toHaveLength(truth.bots.events);
    expect(truth.bots.events).toBeGreaterThan(0);
    const humans = rows.filter((r) => !r.is_bot);
    expect(new Set(humans.map((r) => r.visitor_id)).size).toBe(truth.visitors);
    expect(new Set(humans.map((r) => r.session_id)).size).toBe(truth.sessions);
    expect(humans.filter((r) => r.name === 'page_view')).toHaveLength(truth.pageviews);
    // Time stays in the period, and skew correction left every time as generated.
    expect(rows.every((r) => r.ts.getTime() === r.client_ts.getTime())).toBe(true);
    expect(Math.min(...rows.map((r) => r.ts.getTime()))).toBeGreaterThanOrEqual(Date.parse(truth.from));
    expect(Math.max(...rows.map((r) => r.ts.getTime()))).toBeLessThan(Date.parse(truth.to));

    // Channels: the enrichment classifies each session's landing (its first event) as the model meant.
    const firstOfSession = new Map<string, EventRow>();
    for (const row of humans) if (!firstOfSession.has(row.session_id) || row.ts < firstOfSession.get(row.session_id)!.ts) firstOfSession.set(row.session_id, row);
    const sessionsByChannel: Record<string, number> = {};
    for (const row of firstOfSession.values()) sessionsByChannel[row.channel] = (sessionsByChannel[row.channel] ?? 0) + 1;
    expect(sessionsByChannel).toEqual(Object.fromEntries(Object.entries(truth.channels).map(([channel, c]) => [channel, c.sessions])));
    expect(Object.keys(sessionsByChannel).sort()).toEqual(['direct', 'email', 'paid', 'referral', 'search', 'social']);
    const sources = new Set(humans.map((r) => r.source));
    for (const name of ['Baidu', 'WeChat', 'Xiaohongshu', 'Zhihu', 'Douyin', 'Google']) expect(sources).toContain(name);
    expect(humans.some((r) => r.utm_medium === 'cpc' && r.utm_campaign)).toBe(true);

    // Money: several currencies, orders and net revenue as the truth says.
    const purchases = humans.filter((r) => r.name === 'purchase');
    expect(purchases).toHaveLength(truth.commerce.orders);
    expect(new Set(purchases.map((r) => r.currency))).toEqual(new Set(Object.keys(truth.commerce.orders_by_currency)));
    expect(truth.commerce.orders_by_currency.CNY).toBeGreaterThan(truth.commerce.orders_by_currency.USD ?? 0);
    const gross = (currency: string) => purchases.filter((r) => r.currency === currency).reduce((sum, r) => sum + Math.round(r.value! * 100), 0) / 100;
    expect(gross('CNY')).toBe(truth.commerce.gross.CNY);
  });

  it('models what the reports are meant to show: funnel drop-off, decaying cohorts, repeat buyers, refunds, content CTRs and slow-LCP sessions converting worse', () => {
    const { truth } = run({ ...OPTIONS, days: 60, visitors: 3000 });
    const funnel = truth.funnel.visitors;
    expect(funnel[0]).toBe(truth.visitors);
    for (let i = 1; i < funnel.length; i++) expect(funnel[i]).toBeLessThan(funnel[i - 1]!);
    expect(funnel.at(-1)).toBeGreaterThan(0);

    const cohort = truth.cohorts.rows[0]!;
    expect(cohort.returns[0]).toBeGreaterThan(0);
    expect(cohort.returns[0]).toBeGreaterThan(cohort.returns[3]!);
    expect(truth.commerce.repeat_customers).toBeGreaterThan(0);
    expect(truth.commerce.refund_events.whole).toBeGreaterThan(0);
    expect(truth.commerce.refund_events.partial).toBeGreaterThan(0);
    expect(truth.commerce.net.CNY).toBeLessThan(truth.commerce.gross.CNY!);

    const ctr = (piece: string) => truth.content.find((c) => c.piece === piece)!.ctr!;
    expect(ctr('hero-tea')).toBeGreaterThan(ctr('hero-silk'));
    expect(truth.articles.map((a) => a.article).sort()).toEqual(CATALOGUE.articles.map((a) => a.title.en).sort());

    const lcp = Object.fromEntries(truth.vitals.lcp_conversion.map((r) => [r.rating, r]));
    expect(lcp.poor!.sessions).toBeGreaterThan(0);
    expect(lcp.good!.rate!).toBeGreaterThan(lcp.poor!.rate!);
  });

  it('derives the visitor count from an event target', () => {
    const visitors = visitorsForEvents(20_000, { seed: 1, days: 30, end: '2026-11-15', tz: 'Asia/Shanghai', origin: 'https://shop.example' });
    const { truth } = run({ seed: 1, days: 30, end: '2026-11-15', tz: 'Asia/Shanghai', origin: 'https://shop.example', visitors });
    expect(truth.events.total).toBeGreaterThan(16_000);
    expect(truth.events.total).toBeLessThan(24_000);
  });
});

describe('user agents', () => {
  it('are read by the collector as the device class the model gives them, and bots as bots', () => {
    for (const browser of BROWSERS) expect(deviceInfo(browser.ua), browser.ua).toMatchObject({ is_bot: false, device_type: browser.device });
    for (const ua of BOT_USER_AGENTS) expect(deviceInfo(ua).is_bot, ua).toBe(true);
  });
});
