import { describe, expect, it } from 'vitest';

// Runs in Node, as a server-side render would: there is no window, document or localStorage.
describe('the npm entry on a server', () => {
  it('imports without touching browser globals', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const api = await import('./index.js');
    expect(Object.keys(api).sort()).toEqual(['consent', 'flush', 'identify', 'init', 'reset', 'track', 'webVitals']);
  });

  it('lets shared code call every function unguarded', async () => {
    const { consent, flush, identify, init, reset, track, webVitals } = await import('./index.js');
    expect(() => track('signup', { plan: 'pro' })).not.toThrow();
    expect(() => track('purchase', { transaction_id: 'T1', value: 30, currency: 'CNY' })).not.toThrow();
    expect(() => identify('customer-42')).not.toThrow();
    expect(() => consent(true)).not.toThrow();
    expect(() => reset()).not.toThrow();
    expect(() => webVitals()).not.toThrow();
    expect(() => init({ site: 'site_1', endpoint: 'http://localhost:8787' })).not.toThrow();
    await expect(flush()).resolves.toBeUndefined();
  });
});
