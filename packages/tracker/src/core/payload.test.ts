import { PROTOCOL_VERSION, eventInContext, validateBatchEnvelope, validateEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { batchBody } from './payload.js';

/** Events as the tracker builds them: the context first, then the event's own fields. */
const context = { visitor_id: 'visitor-1', session_id: 'session-1', url: 'https://shop.example/products/tea?ref=home', title: 'Green tea', referrer: '' };
const SENT_AT = 1_700_000_005_000;
const event = (id: string, over: object = {}) => ({ ...context, id, ts: 1_700_000_000_000, name: 'page_view', ...over });
/** What the collector makes of a body: each event with the batch context applied. */
const received = (body: string) => {
  const batch = JSON.parse(body);
  expect(validateBatchEnvelope(batch)).toMatchObject({ ok: true });
  return { ...batch, events: batch.events.map((sent: unknown) => eventInContext(sent, batch.context)) };
};

describe('batchBody', () => {
  it('sends the shared context once and each event without it; the collector gets every event back whole', () => {
    const events = [event('e1'), event('e2', { name: 'signup', props: { plan: 'pro', note: '丝绸 "quoted" ,"id":' } })];
    const body = batchBody('site_1', events.map((e) => JSON.stringify(e)), 1_700_000_005_000);
    const sent = JSON.parse(body);
    expect(sent).toMatchObject({ v: PROTOCOL_VERSION, site: 'site_1', sent_at: 1_700_000_005_000, context });
    expect(sent.events.map((e: object) => Object.keys(e))).toEqual([['id', 'ts', 'name'], ['id', 'ts', 'name', 'props']]);
    const batch = received(body);
    expect(batch.events).toEqual(events);
    for (const e of batch.events) expect(validateEvent(e).ok).toBe(true);
    // A page's events in one batch: about half the bytes of the events sent whole.
    const many = Array.from({ length: 20 }, (_, i) => event(`e${i}`, { name: 'add_to_cart', props: { currency: 'CNY', value: 1, items: [{ item_id: 'SKU' }] } }));
    expect(batchBody('site_1', many.map((e) => JSON.stringify(e)), SENT_AT).length).toBeLessThan(JSON.stringify(many).length * 0.6);
  });

  it('keeps whole an event of another page, session or title, so that nothing of one page is put on another', () => {
    const events = [
      event('e1'),
      event('e2', { url: 'https://shop.example/cart', title: '' }),
      // Signed in: the user id comes among the context's fields, so the context differs.
      { visitor_id: 'visitor-1', session_id: 'session-1', user_id: 'customer-42', url: context.url, title: 'Green tea', referrer: '', id: 'e3', ts: 1, name: 'login' },
      event('e4'),
    ];
    const body = batchBody('s', events.map((e) => JSON.stringify(e)), SENT_AT);
    expect(JSON.parse(body).events.map((e: { url?: string }) => e.url !== undefined)).toEqual([false, true, true, false]);
    expect(received(body).events).toEqual(events);
  });

  it('sends whole, with an empty context, events kept by an older tracker that put the id first', () => {
    const old = [{ id: 'e1', ts: 1, ...context, name: 'page_view' }, event('e2')];
    const body = batchBody('s', old.map((e) => JSON.stringify(e)), SENT_AT);
    expect(JSON.parse(body).context).toEqual({});
    expect(received(body).events).toEqual(old);
  });

  it('escapes the site key as JSON, whatever the script tag was given', () => {
    expect(JSON.parse(batchBody('a "quoted" key', [JSON.stringify(event('e1'))], 1)).site).toBe('a "quoted" key');
  });
});
