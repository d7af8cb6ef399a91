import { LIMITS, PROTOCOL_VERSION, validateBatchEnvelope, validateEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import type { Batch } from '@vitrine/schema';
import { batchBody, buildEvent, type EventContext } from './payload.js';

const context: EventContext = {
  id: 'evt_1',
  ts: 1_700_000_000_000,
  visitor_id: 'visitor-1',
  session_id: 'session-1',
  url: 'https://shop.example/products/tea?ref=home',
  title: 'Green tea',
  referrer: 'https://www.example.org/',
};
/** The event as it travels: JSON leaves out `undefined` fields. */
const wire = (value: object) => JSON.parse(JSON.stringify(value));

describe('buildEvent', () => {
  it('builds a wire-format event from the name, props and context', () => {
    const props = { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1', quantity: 2 }] };
    const event = wire(buildEvent('add_to_cart', props, context));
    expect(event).toEqual({ ...context, name: 'add_to_cart', props });
    expect(validateEvent(event)).toEqual({ ok: true, value: event });
  });

  it('leaves out empty optional fields instead of sending empty strings', () => {
    const event = wire(buildEvent('page_view', undefined, { ...context, title: '', referrer: '' }));
    expect(Object.keys(event).sort()).toEqual(['id', 'name', 'session_id', 'ts', 'url', 'visitor_id']);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('keeps the user id when one is known', () => {
    expect(buildEvent('login', undefined, { ...context, user_id: 'customer-42' }).user_id).toBe('customer-42');
  });

  it('clips the title to the wire-format limit', () => {
    const event = wire(buildEvent('page_view', undefined, { ...context, title: 'T'.repeat(1000) }));
    expect(event.title).toHaveLength(LIMITS.titleLength);
    expect(validateEvent(event).ok).toBe(true);
  });
});

describe('batchBody', () => {
  it('wraps events serialized once in the versioned envelope with the send time: the JSON of the Batch', () => {
    const events = [buildEvent('page_view', undefined, context), buildEvent('signup', { plan: 'pro', note: '丝绸 "quoted"' }, { ...context, id: 'evt_2' })];
    const body = batchBody('site_1', events.map((event) => JSON.stringify(event)), 1_700_000_005_000);
    const batch: Batch = { v: PROTOCOL_VERSION, site: 'site_1', sent_at: 1_700_000_005_000, events };
    expect(body).toBe(JSON.stringify(batch));
    expect(validateBatchEnvelope(JSON.parse(body)).ok).toBe(true);
    // The site key is escaped as JSON, whatever the script tag was given.
    expect(JSON.parse(batchBody('a "quoted" key', [], 1)).site).toBe('a "quoted" key');
  });

  it('makes an envelope with no events', () => {
    expect(JSON.parse(batchBody('s', [], 1))).toEqual({ v: PROTOCOL_VERSION, site: 's', sent_at: 1, events: [] });
  });
});
