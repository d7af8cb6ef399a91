import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import type { Started } from '../support/processes.js';
import { shopPage, startCollector, startTrackerSite } from '../support/tracker-site.js';

// Delivery, end to end: the built script tag in Chromium, a fault-injecting proxy, and
// the real collector. What the collector acknowledged is read from the proxy's log;
// "stored" is the collector's own count (accepted minus duplicates, with its
// deduplication by event id).

let dir: string;
let collector: Started & { url: string };
let proxy: FaultProxy;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-tracker-e2e-'));
  collector = await startCollector(dir);
  proxy = await startFaultProxy(collector.url);
  const shop = shopPage({ endpoint: proxy.url });
  site = await startTrackerSite({
    '/': shop,
    '/next': shopPage({ endpoint: proxy.url, body: '<h1>Next page</h1>' }),
    // A shop whose CSP lets workers come from its own origin only, not from `blob:` URLs.
    '/csp': shopPage({
      endpoint: proxy.url,
      head: `<script>window.violations = []; document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));</script>
<meta http-equiv="Content-Security-Policy" content="worker-src 'self'">`,
    }),
    '/barrier': 'ok',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await collector?.stop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  proxy.reset();
  errors.length = 0;
  // A fresh context per test: a new visitor, with empty storage.
  context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // Chromium logs every failed request ("Failed to load resource…", which the tests provoke): not an error in the page.
  page.on('console', (message) => message.type() == 'error' && !message.text().startsWith('Failed to load resource') && errors.push(`console: ${message.text()}`));
});

afterEach(async () => {
  await context?.close();
});

/** `window` with the tracker's API, as the pages see it. */
type Shop = Window & { vitrine: { track(name: string, props?: object): void; flush(): Promise<void> } };
declare const window: Shop;

/**
 * Loads the shop's home page, waits for the tracker to be installed (the stub has no
 * `track`), and, unless told otherwise, for its page view to be acknowledged: the
 * tracker sends it as soon as it has read its outbox back from IndexedDB.
 */
async function openShop(target: Page = page, { pageViews = 1 } = {}): Promise<void> {
  await target.goto(`${site.url}/`);
  await target.waitForFunction(() => typeof window.vitrine?.track == 'function');
  if (pageViews) await expect.poll(() => acknowledgedNames().page_view).toBe(pageViews);
}

/**
 * Takes over the page's clock, paused on a whole millisecond: time moves only by
 * `page.clock.runFor`, in whole milliseconds, as `Date.now()` does in a real browser.
 */
const installClock = async () => {
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
};

const flush = (target: Page = page) => target.evaluate(() => window.vitrine.flush());
/** Batch exchanges that carried events named `name`. */
const exchangesOf = (name: string) => proxy.exchanges.filter((exchange) => exchange.names.includes(name));

/** Events in the page's IndexedDB outbox (stored as one record per task's worth of events). */
const outboxSize = (target: Page) =>
  target.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('vitrine:shop');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const records = open.result.transaction('outbox').objectStore('outbox').getAll();
          records.onsuccess = () => (open.result.close(), resolve((records.result as unknown[][]).reduce((sum, record) => sum + record.length, 0)));
        };
      }),
  );

/** Tracks `count` custom events named `name` in the page, and returns nothing: ids are read from the proxy log. */
const trackMany = (name: string, count: number, target: Page = page) =>
  target.evaluate(([name, count]) => {
    for (let i = 0; i < count; i++) window.vitrine.track(name, { i });
  }, [name, count] as const);

/** The names of the events the collector acknowledged, counted. */
function acknowledgedNames(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of proxy.acknowledged().values()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** A round trip through the browser's network stack: requests issued before it have reached their servers. */
const barrier = async (target: Page = page) => {
  await target.evaluate(() => fetch('/barrier').then((res) => res.text()));
  await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('tracker delivery against the real collector', () => {
  it('offline for a while, then online: every event arrives, stored exactly once', async () => {
    await openShop();
    await context.setOffline(true);
    await trackMany('offline_browse', 30);
    await page.evaluate(() => window.vitrine.flush());
    // Hidden and shown again while offline (a tab switch): still nothing can go.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await context.setOffline(false);
    await expect.poll(() => acknowledgedNames().offline_browse ?? 0, { timeout: 20_000 }).toBe(30);
    expect(proxy.acknowledged().size).toBe(31);
    // One stored row per event, however many times one was sent.
    expect(proxy.stored()).toBe(31);
    expect(errors).toEqual([]);
  });

  it('events tracked right before navigating away arrive', async () => {
    await openShop();
    await page.evaluate(() => {
      window.vitrine.track('add_to_cart', { currency: 'CNY', value: 199, items: [{ item_id: 'SKU-1', item_name: '丝绸围巾' }] });
      window.vitrine.track('leaving', { to: 'next' });
      location.href = '/next';
    });
    await page.waitForURL(/\/next$/);
    // The next page's own page view too: left in flight, it could land in the next test.
    await expect.poll(() => acknowledgedNames(), { timeout: 15_000 }).toMatchObject({ add_to_cart: 1, leaving: 1, page_view: 2 });
    expect(proxy.stored()).toBe(proxy.acknowledged().size);
  });

  it('a CSP that refuses blob: workers: the page sends by itself, and only the browser says anything', async () => {
    await page.goto(`${site.url}/csp`);
    await page.waitForFunction(() => typeof window.vitrine?.track == 'function');
    await expect.poll(() => acknowledgedNames().page_view).toBe(1);
    // Enough for ordinary sends at once (500 events a batch), not left for the unload's keepalive ones.
    await trackMany('under_csp', 1000);
    await expect.poll(() => acknowledgedNames().under_csp ?? 0, { timeout: 15_000 }).toBe(1000);
    expect(proxy.stored()).toBe(1001);
    // The worker was refused (so the fallback is what sent), and the page saw no error of ours.
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual(['worker-src']);
    // Chromium's own console line about the refusal is the one message.
    expect(errors).toEqual([expect.stringMatching(/^console: Creating a worker from 'blob:.*' violates the following Content Security Policy directive/)]);
  });

  it('leaving with events in the outbox, then going back: the page comes back from the back/forward cache, and the events arrive', async () => {
    // Chromium evicts a frozen page that an IndexedDB request answers: the tracker's writes
    // and deletes as the page went away did, and going back reloaded the shop's page.
    const cachingBrowser = await launchChromium({ backForwardCache: true });
    try {
      const tab = await (await cachingBrowser.newContext()).newPage();
      await openShop(tab);
      await tab.evaluate(() => addEventListener('pageshow', (event) => ((window as unknown as { restored: boolean }).restored = event.persisted)));
      // Written to the outbox, not sent yet (a send waits 5 s): the keepalive on leaving carries them.
      await trackMany('before_leaving', 5, tab);
      await expect.poll(() => outboxSize(tab)).toBe(5);
      await tab.goto(`${site.url}/next`);
      await tab.goBack({ waitUntil: 'commit' });
      await tab.waitForFunction(() => document.readyState == 'complete');
      expect(await tab.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
      await expect.poll(() => acknowledgedNames().before_leaving ?? 0).toBe(5);
    } finally {
      await cachingBrowser.close();
    }
  });

  it('what a closed tab could not send is sent by the next page load', async () => {
    await openShop();
    await context.setOffline(true);
    await trackMany('while_offline', 5);
    await expect.poll(() => outboxSize(page)).toBe(5);
    const next = await context.newPage();
    await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);
    await context.setOffline(false);
    await openShop(next, { pageViews: 2 });
    await expect.poll(() => acknowledgedNames().while_offline ?? 0, { timeout: 15_000 }).toBe(5);
    expect(proxy.stored()).toBe(proxy.acknowledged().size);
  });

  it('a collector that answers 500 three times, then 200: one stored row per event', async () => {
    await installClock();
    await openShop();
    // Jitter pinned to ¾ of each backoff step (750, 1500, 3000 ms): whole milliseconds, as
    // the paused fake clock needs (a real Date.now() is always whole), and a fixed schedule.
    await page.evaluate(() => (Math.random = () => 0.5));
    proxy.fail(3, { status: 500 });
    await trackMany('retried', 10);
    await flush();
    // Each backoff is at most 1, 2, then 4 s: move the page's clock until the retries are through.
    await expect
      .poll(
        async () => {
          await page.clock.runFor(1000);
          return exchangesOf('retried').length;
        },
        { timeout: 20_000 },
      )
      .toBe(4);
    await expect.poll(() => acknowledgedNames().retried ?? 0).toBe(10);
    expect(exchangesOf('retried').map((exchange) => exchange.status)).toEqual([500, 500, 500, 200]);
    // The same ten events, with the same ids, in every attempt.
    expect(new Set(exchangesOf('retried').map((exchange) => exchange.ids.join()))).toHaveLength(1);
    expect(proxy.stored()).toBe(11);
  });

  it('a 429 with Retry-After: the tracker waits that long before sending again', async () => {
    await installClock();
    await openShop();
    proxy.fail(1, { status: 429, headers: { 'Retry-After': '30' } });
    await trackMany('throttled', 10);
    await flush();
    await expect.poll(() => exchangesOf('throttled').map((exchange) => exchange.status)).toEqual([429]);
    // The proxy has answered 429; a round trip after it makes sure the page has read that
    // answer (its Retry-After) before more is tracked and flushed. Without it, under load,
    // the flush below could go before the page knew, as a third exchange.
    await barrier();
    await trackMany('throttled_later', 15);
    await flush();
    await page.clock.runFor(29_000);
    await barrier();
    // The page view, the 429 (listed as status and names, so that a failure shows what went).
    expect(proxy.exchanges.map((exchange) => `${exchange.status} ${[...new Set(exchange.names)].join(',')}`)).toHaveLength(2);
    await page.clock.runFor(1_500);
    await expect.poll(() => acknowledgedNames()).toMatchObject({ throttled: 10, throttled_later: 15 });
    expect(proxy.stored()).toBe(26);
  });

  it('a 400: the batch is not retried, and later events still go', async () => {
    await installClock();
    await openShop();
    proxy.fail(1, { status: 400 });
    await trackMany('refused', 9);
    await flush();
    await expect.poll(() => exchangesOf('refused').map((exchange) => exchange.status)).toEqual([400]);
    await page.clock.runFor(10 * 60_000);
    await flush();
    await barrier();
    expect(exchangesOf('refused')).toHaveLength(1);
    await trackMany('accepted', 1);
    await flush();
    await expect.poll(() => acknowledgedNames()).toEqual({ page_view: 1, accepted: 1 });
  });

  it('IndexedDB throwing: no error reaches the page, and events still arrive', async () => {
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    const unhandled: unknown[] = [];
    await page.exposeFunction('reportUnhandled', (reason: unknown) => unhandled.push(reason));
    await page.addInitScript(() => {
      addEventListener('unhandledrejection', (event) => (window as unknown as { reportUnhandled(reason: string): void }).reportUnhandled(String(event.reason)));
      addEventListener('error', (event) => (window as unknown as { reportUnhandled(reason: string): void }).reportUnhandled(String(event.message)));
    });
    await openShop(page, { pageViews: 0 });
    await trackMany('no_idb', 3);
    await flush();
    await expect.poll(() => acknowledgedNames()).toEqual({ page_view: 1, no_idb: 3 });
    await barrier();
    expect(unhandled).toEqual([]);
    expect(errors).toEqual([]);
  });
});

