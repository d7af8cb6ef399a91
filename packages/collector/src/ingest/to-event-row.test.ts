import type { VitrineEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { toEventRow, type BatchContext } from './to-event-row.js';

const received = new Date('2026-11-24T12:00:00.000Z');
const context = (over: Partial<BatchContext>): BatchContext => ({
  site: 's', sentAt: received.getTime(), receivedAt: received, device: { is_bot: false, browser: null, os: null, device_type: 'desktop' },
  visitorId: null, country: null, scrubKeys: new Set(), ...over,
});
const event = (over: Partial<VitrineEvent> = {}): VitrineEvent => ({
  id: 'e1',
  name: 'purchase',
  ts: received.getTime() - 5_000,
  visitor_id: 'v1',
  session_id: 's1',
  url: 'https://shop.example/checkout/done?x=1',
  props: { transaction_id: 'T-1', value: 99.5, currency: 'CNY' },
  ...over,
});

describe('toEventRow', () => {
  it('shifts client time by the clock offset measured from sent_at', () => {
    // The client clock runs two hours slow: it sent at 10:00 what the server received at 12:00.
    const slow = received.getTime() - 2 * 3_600_000;
    const row = toEventRow(event({ ts: slow - 5_000 }), context({ sentAt: slow }));
    if (typeof row === 'string') throw new Error(row);
    expect(row.ts.toISOString()).toBe('2026-11-24T11:59:55.000Z');
    expect(row.client_ts.getTime()).toBe(slow - 5_000);
  });

  it('clamps event times that would still lie in the future to the arrival time', () => {
    const row = toEventRow(event({ ts: received.getTime() + 60_000 }), context({}));
    if (typeof row === 'string') throw new Error(row);
    expect(row.ts.getTime()).toBe(received.getTime());
  });

  it('splits the URL and promotes the ecommerce columns', () => {
    const row = toEventRow(event(), context({ site: 'shop' }));
    if (typeof row === 'string') throw new Error(row);
    expect(row).toMatchObject({ host: 'shop.example', path: '/checkout/done', transaction_id: 'T-1', value: 99.5, currency: 'CNY' });
    expect(JSON.parse(row.props)).toEqual({ transaction_id: 'T-1', value: 99.5, currency: 'CNY' });
  });

  it('promotes value and currency for ecommerce events only: a web vital\'s value is not money', () => {
    const vital = toEventRow(event({ name: 'web_vital', props: { metric: 'LCP', value: 2400, rating: 'good' } }), context({}));
    if (typeof vital === 'string') throw new Error(vital);
    expect(vital).toMatchObject({ value: null, currency: null });
    expect(JSON.parse(vital.props)).toEqual({ metric: 'LCP', value: 2400, rating: 'good' });
    const custom = toEventRow(event({ name: 'gift_card_bought', props: { value: 50, currency: 'CNY' } }), context({}));
    if (typeof custom === 'string') throw new Error(custom);
    expect(custom).toMatchObject({ value: null, currency: null });
    for (const name of ['add_to_cart', 'refund'] as const) {
      const row = toEventRow(event({ name, props: { value: 12, currency: 'EUR', items: [{ item_id: 'a' }] } }), context({}));
      if (typeof row === 'string') throw new Error(row);
      expect(row, name).toMatchObject({ value: 12, currency: 'EUR' });
    }
  });

  it('returns a reason for a URL that only looks absolute', () => {
    expect(toEventRow(event({ url: 'http://' }), context({ sentAt: 0 }))).toBe(
      '/url: Expected an absolute URL',
    );
  });
});
