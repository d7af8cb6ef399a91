import { LIMITS, PROTOCOL_VERSION, validateBatchEnvelope, validateEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { buildBatch, buildEvent, type EventContext } from './payload.js';

const context: EventContext = {
  id: 'evt_1',
  ts: 1_700_000_000_000,
  visitor_id: 'visitor-1',
  session_id: 'session-1',
  url: 'https://shop.example/products/tea?ref=home',
  title: 'Green tea',
  referrer: 'https://www.example.org/',
};

describe('buildEvent', () => {
  it('builds a wire-format event from the name, props and context', () => {
    const props = { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1', quantity: 2 }] };
    const event = buildEvent('add_to_cart', props, context);
    expect(event).toEqual({ ...context, name: 'add_to_cart', props });
    expect(validateEvent(event)).toEqual({ ok: true, value: event });
  });

  it('leaves out empty optional fields instead of sending empty strings', () => {
    const event = buildEvent('page_view', undefined, { ...context, title: '', referrer: '' });
    expect(Object.keys(event).sort()).toEqual(['id', 'name', 'session_id', 'ts', 'url', 'visitor_id']);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('keeps the user id when one is known', () => {
    expect(buildEvent('login', undefined, { ...context, user_id: 'customer-42' }).user_id).toBe('customer-42');
  });

  it('clips url, referrer and title to the wire-format limits', () => {
    const long = 'https://shop.example/search?q=' + 'x'.repeat(5000);
    const event = buildEvent('page_view', undefined, { ...context, url: long, referrer: long, title: 'T'.repeat(1000) });
    expect(event.url).toBe(long.slice(0, LIMITS.urlLength));
    expect(event.referrer).toHaveLength(LIMITS.urlLength);
    expect(event.title).toHaveLength(LIMITS.titleLength);
    expect(validateEvent(event).ok).toBe(true);
  });
});

describe('buildBatch', () => {
  it('wraps events in the versioned envelope with the send time', () => {
    const events = [buildEvent('page_view', undefined, context), buildEvent('signup', { plan: 'pro' }, { ...context, id: 'evt_2' })];
    const batch = buildBatch('site_1', events, 1_700_000_005_000);
    expect(batch).toEqual({ v: PROTOCOL_VERSION, site: 'site_1', sent_at: 1_700_000_005_000, events });
    expect(validateBatchEnvelope(batch).ok).toBe(true);
  });
});
