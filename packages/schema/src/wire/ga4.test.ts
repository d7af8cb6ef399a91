import { describe, expect, it } from 'vitest';
import { validateEvent } from '../validate.js';
import { holdsGa4Params, propsFromGa4 } from './ga4.js';
import { ECOMMERCE_EVENTS } from './limits.js';

const event = (name: string, props: unknown) => ({ id: 'e1', name, ts: 1_764_000_000_000, visitor_id: 'v', session_id: 's', url: 'https://shop.example/', props });

describe('propsFromGa4', () => {
  it('keeps a well-formed GA4 purchase as it is', () => {
    const params = { transaction_id: 'LL-1001', value: 288, currency: 'CNY', shipping: 0, items: [{ item_id: 'SKU1', item_name: '丝绸围巾', price: 144, quantity: 2 }] };
    expect(propsFromGa4('purchase', params)).toEqual(params);
  });

  it('leaves out what GA4 takes and the wire format refuses, so the event is not refused whole', () => {
    const params = {
      transaction_id: 'T1', value: 30, currency: 'CNY', send_to: 'G-XXXX', custom_dimension: 'x',
      items: [{ item_id: 'SKU1', item_category4: 'Tea', item_category5: 'Green', promotion_name: 'Spring', quantity: 1 }],
    };
    expect(propsFromGa4('purchase', params)).toEqual({ transaction_id: 'T1', value: 30, currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 1 }] });
  });

  it("applies GA4's leniencies: numbers as strings, ids as numbers, an item known by its name", () => {
    const props = propsFromGa4('purchase', { value: '288.00', currency: 'CNY', transaction_id: 10042, items: [{ item_name: 'Tea', price: ' 9.5 ', quantity: '2' }, { item_id: 42 }] });
    expect(props).toEqual({ value: 288, currency: 'CNY', transaction_id: '10042', items: [{ item_id: 'Tea', item_name: 'Tea', price: 9.5, quantity: 2 }, { item_id: '42' }] });
  });

  it('treats empty values as absent, and keeps what is wrong for validation to name', () => {
    expect(propsFromGa4('view_cart', { coupon: '', tax: null, value: 'free', shipping: '', currency: 'CNY' })).toEqual({ value: 'free', currency: 'CNY' });
    expect(propsFromGa4('view_item', { items: [null, {}, 'SKU1'] })).toEqual({ items: [null, {}, 'SKU1'] });
  });

  it("reads own keys only: an inherited one is not the store's parameter", () => {
    const params = Object.assign(Object.create({ value: 1 }), { currency: 'CNY', items: [{ item_id: 'a' }] });
    expect(propsFromGa4('view_item', params)).toEqual({ currency: 'CNY', items: [{ item_id: 'a' }] });
  });
});

describe('holdsGa4Params', () => {
  it('is true only for props whose one key is ga4, an object', () => {
    expect(holdsGa4Params({ ga4: {} })).toBe(true);
    for (const props of [undefined, null, 'ga4', [], {}, { ga4: null }, { ga4: [] }, { ga4: 'x' }, { ga4: {}, value: 1 }]) expect(holdsGa4Params(props), JSON.stringify(props)).toBe(false);
  });
});

describe('validateEvent, on GA4 parameters', () => {
  it('stores a data-layer purchase with its items, as props of the wire format', () => {
    const sent = event('purchase', { ga4: { transaction_id: 'T9', value: '398.00', currency: 'CNY', send_to: 'G-1', items: [{ item_id: 'SKU-1', price: '398', quantity: 1, item_category5: 'x' }] } });
    expect(validateEvent(sent)).toEqual({
      ok: true,
      value: { ...sent, props: { transaction_id: 'T9', value: 398, currency: 'CNY', items: [{ item_id: 'SKU-1', price: 398, quantity: 1 }] } },
    });
    // What was sent is not changed: a rejected event is kept as it came.
    expect((sent.props as { ga4: { value: string } }).ga4.value).toBe('398.00');
  });

  it('works for every ecommerce event name', () => {
    for (const name of ECOMMERCE_EVENTS) {
      const result = validateEvent(event(name, { ga4: { transaction_id: 'T1', value: '1', currency: 'USD', items: [{ item_id: 'a' }] } }));
      expect(result.ok, name).toBe(true);
    }
  });

  it('points a reason into the GA4 parameters as they were sent', () => {
    expect(validateEvent(event('add_to_cart', { ga4: { items: [{ item_id: 'a', quantity: '1.5' }] } }))).toEqual({ ok: false, reason: '/props/ga4/items/0/quantity: Expected integer' });
    expect(validateEvent(event('view_item', { ga4: { items: [{ price: 3 }] } }))).toEqual({ ok: false, reason: "/props/ga4/items/0/item_id: Expected required property" });
    expect(validateEvent(event('purchase', { ga4: { transaction_id: 'T1', value: 5 } }))).toEqual({ ok: false, reason: '/props/ga4/currency: Expected required property' });
    expect(validateEvent(event('view_cart', { ga4: { value: 5 } }))).toEqual({ ok: false, reason: '/props/ga4/currency: Required when value is set' });
  });

  it('is only for ecommerce events: elsewhere, ga4 is an ordinary (refused) prop', () => {
    expect(validateEvent(event('newsletter_signup', { ga4: { value: 1 } })).ok).toBe(false);
    expect(validateEvent(event('content_click', { ga4: { content_name: 'x' } })).ok).toBe(false);
  });
});
