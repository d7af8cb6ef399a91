import { describe, expect, it } from 'vitest';
import { validateBatchEnvelope, validateEvent } from './validate.js';
import { ECOMMERCE_EVENTS, LIMITS } from './wire/limits.js';

const base = {
  id: 'Zx9_-a1',
  name: 'page_view',
  ts: 1_764_000_000_000,
  visitor_id: 'v-1',
  session_id: 's-1',
  url: 'https://shop.example/',
};

describe('validateEvent', () => {
  it('accepts a page view and a GA4 purchase as a GA4 store sends them', () => {
    expect(validateEvent(base).ok).toBe(true);
    const purchase = {
      ...base,
      name: 'purchase',
      props: {
        transaction_id: 'T_12345', value: 72.05, currency: 'CNY', tax: 3.6, shipping: 5.99, coupon: 'SPRING',
        items: [{ item_id: 'SKU_12345', item_name: '丝绸围巾', item_brand: 'Vitrine', price: 10.01, quantity: 3, discount: 2.22 }],
      },
    };
    expect(validateEvent(purchase)).toEqual({ ok: true, value: purchase });
  });

  it('knows every GA4 ecommerce event name', () => {
    for (const name of ECOMMERCE_EVENTS) {
      const props = { transaction_id: 'T1', value: 1, currency: 'USD', items: [{ item_id: 'a' }] };
      expect(validateEvent({ ...base, name, props }), name).toEqual({ ok: true, value: { ...base, name, props } });
    }
  });

  it('points the reason at the field that is wrong', () => {
    expect(validateEvent({ ...base, name: 'add_to_cart', props: { items: [{ item_id: 'a', quantity: 1.5 }] } })).toEqual({
      ok: false,
      reason: '/props/items/0/quantity: Expected integer',
    });
    expect(validateEvent({ ...base, name: 'view_item', props: {} })).toEqual({ ok: false, reason: '/props/items: Expected required property' });
    expect(validateEvent({ ...base, url: 'javascript:alert(1)' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/url: /) });
    expect(validateEvent({ ...base, ts: 1_764_000_000 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/ts: /) });
  });

  it('refuses a value without its currency, as GA4 does', () => {
    expect(validateEvent({ ...base, name: 'begin_checkout', props: { value: 10 } })).toEqual({
      ok: false,
      reason: '/props/currency: Required when value is set',
    });
  });

  it('refuses unknown keys instead of silently ignoring a typo', () => {
    expect(validateEvent({ ...base, name: 'add_to_cart', props: { items: [{ item_id: 'a', qty: 2 }] } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^\/props\/items\/0/),
    });
    expect(validateEvent({ ...base, extra: 1 })).toMatchObject({ ok: false });
  });

  it('limits custom props to a bounded map of scalars', () => {
    expect(validateEvent({ ...base, name: 'newsletter_signup', props: { list: 'weekly', n: 2, ok: true, x: null } }).ok).toBe(true);
    expect(validateEvent({ ...base, name: 'x', props: { nested: { a: 1 } } })).toMatchObject({ ok: false });
    const many = Object.fromEntries(Array.from({ length: LIMITS.customPropKeys + 1 }, (_, i) => [`k${i}`, i]));
    expect(validateEvent({ ...base, name: 'x', props: many })).toMatchObject({ ok: false });
  });
});

describe('validateBatchEnvelope', () => {
  it('accepts a v1 envelope and leaves events to be checked one by one', () => {
    const batch = { v: 1, site: 'shop', sent_at: 1_764_000_000_000, events: [{ anything: true }] };
    expect(validateBatchEnvelope(batch)).toEqual({ ok: true, value: batch });
  });

  it('refuses other versions, empty and oversized batches', () => {
    const ok = { v: 1, site: 'shop', sent_at: 1_764_000_000_000, events: [{}] };
    expect(validateBatchEnvelope({ ...ok, v: 2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/v: /) });
    expect(validateBatchEnvelope({ ...ok, events: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/events: /) });
    const tooMany = Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => ({}));
    expect(validateBatchEnvelope({ ...ok, events: tooMany })).toMatchObject({ ok: false });
    expect(validateBatchEnvelope(null)).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/: /) });
  });
});
