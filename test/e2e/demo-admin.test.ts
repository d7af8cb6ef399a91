import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { freePort, startProcess, type Started } from '../support/processes.js';

/**
 * The demo as the README's demo line starts it: a fresh database is seeded with the
 * simulator's 90 days, then both apps are served. Every admin page, the React and the
 * Vue one included, must show its widgets with data, and the storefront's requests must
 * reach the collector.
 */
let dir: string;
let demo: Started;
let browser: Browser;
const ports = { collector: 0, storefront: 0, admin: 0 };
const admin = (path: string) => `http://localhost:${ports.admin}${path}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-demo-admin-'));
  [ports.collector, ports.storefront, ports.admin] = [await freePort(), await freePort(), await freePort()];
  demo = await startProcess(
    ['demo/start.mjs'],
    { VITRINE_PORT: String(ports.collector), STOREFRONT_PORT: String(ports.storefront), ADMIN_PORT: String(ports.admin), VITRINE_DEMO_DB: join(dir, 'demo.duckdb') },
    'Press Ctrl-C to stop.',
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every `vitrine-*` report element on the page, through shadow roots, with its status. */
function widgetStatuses(page: Page): Promise<{ tag: string; status: string }[]> {
  return page.evaluate(() => {
    const found: { tag: string; status: string }[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName.startsWith('vitrine-') && 'status' in el) found.push({ tag: el.localName, status: String((el as unknown as { status: string }).status) });
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

/** Resolves once every widget on the page has settled, and returns their statuses. */
async function settled(page: Page): Promise<{ tag: string; status: string }[]> {
  await expect.poll(async () => {
    const statuses = await widgetStatuses(page);
    return statuses.length > 0 && statuses.every((w) => ['ready', 'empty', 'error'].includes(w.status));
  }, { timeout: 30_000 }).toBe(true);
  return widgetStatuses(page);
}

describe('the demo started as the README says, with its seeded history', () => {
  it('seeded the fresh database before serving', () => {
    expect(demo.output()).toMatch(/simulated [\d,]+ events .* 0 rejected/);
  });

  it.each(['index.html', 'funnel.html', 'retention.html', 'content.html', 'commerce.html', 'vitals.html'])('%s shows every widget with data', async (file) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(admin(`/${file}?range=30d`));
    const statuses = await settled(page);
    expect(statuses.filter((w) => w.status !== 'ready')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['react.html', '#react-selected'],
    ['vue.html', '#vue-selected'],
  ])('%s mounts the widgets from its framework, passes properties and hears their events', async (file, selected) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(admin(`/${file}?range=30d`));
    const statuses = await settled(page);
    expect(statuses.map((w) => w.tag)).toEqual(expect.arrayContaining(['vitrine-kpi', 'vitrine-funnel']));
    expect(statuses.filter((w) => w.status !== 'ready')).toEqual([]);
    // The funnel got its steps as an array property, and the page hears vitrine-select.
    const steps = page.locator('vitrine-funnel [part~="step"]');
    expect(await steps.count()).toBe(5);
    await page.locator('vitrine-funnel [part~="step-button"]').nth(2).click();
    await expect.poll(() => page.locator(selected).textContent()).toBe('Selected step: add_to_cart');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['dark', 'light'] as const)('follows the system colour scheme (%s) unless the page sets a theme', async (scheme) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(admin('/funnel.html?range=30d&theme=auto'));
    await settled(page);
    expect(await page.locator('vitrine-funnel').first().getAttribute('data-theme')).toBe(scheme);
    const textColour = () => page.locator('vitrine-funnel [part~="step-count"]').first().evaluate((el) => getComputedStyle(el).color);
    const before = await textColour();
    // The opposite scheme, forced by the page's theme switch, wins over the system's.
    const other = scheme === 'dark' ? 'light' : 'dark';
    await page.goto(admin(`/funnel.html?range=30d&theme=${other}`));
    await settled(page);
    expect(await page.locator('vitrine-funnel').first().getAttribute('data-theme')).toBe(other);
    expect(await textColour()).not.toBe(before);
    await context.close();
  });

  it("receives the storefront's events at the collector, cross-origin", async () => {
    const page = await browser.newPage();
    const accepted = page.waitForResponse((r) => r.url() === `http://localhost:${ports.collector}/v1/batch` && r.request().method() === 'POST' && r.status() === 200);
    await page.goto(`http://localhost:${ports.storefront}/products.html`);
    await page.evaluate(() => (window as unknown as { vitrine: { flush(): unknown } }).vitrine.flush());
    expect((await (await accepted).json()).rejected).toEqual([]);
    await page.close();
  });
});
