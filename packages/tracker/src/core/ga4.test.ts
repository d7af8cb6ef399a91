import { ECOMMERCE_EVENTS, ECOMMERCE_PROPS_SCHEMAS, ItemSchema, validateEvent } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { ECOMMERCE_EVENT, EVENT_KEYS, ga4Props, ITEM_KEYS } from './ga4.js';

describe('the GA4 patterns', () => {
  it('accept exactly the keys of the wire-format schemas', () => {
    const eventKeys = Object.keys(ECOMMERCE_PROPS_SCHEMAS.purchase.properties).filter((key) => key != 'items');
    for (const key of eventKeys) expect(EVENT_KEYS.test(key), key).toBe(true);
    for (const key of Object.keys(ItemSchema.properties)) expect(ITEM_KEYS.test(key), key).toBe(true);
    for (const key of ['items', 'item_category4', 'send_to', 'event_callback', 'promotion_id', 'qty', 'value_x']) expect(EVENT_KEYS.test(key) || ITEM_KEYS.test(key), key).toBe(false);
  });

  it('accept exactly the ecommerce event names of the wire format', () => {
    for (const name of ECOMMERCE_EVENTS) expect(ECOMMERCE_EVENT.test(name), name).toBe(true);
    for (const name of ['page_view', 'add_to_wishlist', 'view_promotion', 'add_payment_info', 'purchase_x', 'view_items']) expect(ECOMMERCE_EVENT.test(name), name).toBe(false);
  });
});

describe('ga4Props', () => {
  const event = (name: string, props: object) => ({ id: 'e1', name, ts: 1_764_000_000_000, visitor_id: 'v', session_id: 's', url: 'https://shop.example/', props });

  it('keeps a well-formed GA4 purchase as it is', () => {
    const params = { transaction_id: 'LL-1001', value: 288, currency: 'CNY', shipping: 0, items: [{ item_id: 'SKU1', item_name: '丝绸围巾', price: 144, quantity: 2 }] };
    expect(ga4Props(params)).toEqual(params);
    expect(validateEvent(event('purchase', ga4Props(params))).ok).toBe(true);
  });

  it('drops what GA4 takes and the wire format refuses, so the event is not refused whole', () => {
    const params = {
      transaction_id: 'T1', value: 30, currency: 'CNY', send_to: 'G-XXXX', event_callback: () => undefined, custom_dimension: 'x',
      items: [{ item_id: 'SKU1', item_category4: 'Tea', item_category5: 'Green', promotion_name: 'Spring', quantity: 1 }],
    };
    const props = ga4Props(params);
    expect(props).toEqual({ transaction_id: 'T1', value: 30, currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 1 }] });
    expect(validateEvent(event('purchase', props)).ok).toBe(true);
  });

  it('applies GA4 leniencies: numbers as strings, an item known by its name, a numeric id', () => {
    const props = ga4Props({ value: '288.00', currency: 'CNY', transaction_id: 'T2', items: [{ item_name: 'Tea', price: '9.5', quantity: '2' }, { item_id: 42 }] });
    expect(props).toEqual({ value: 288, currency: 'CNY', transaction_id: 'T2', items: [{ item_id: 'Tea', item_name: 'Tea', price: 9.5, quantity: 2 }, { item_id: '42' }] });
    expect(validateEvent(event('purchase', props)).ok).toBe(true);
  });

  it('leaves out empty values and keeps a non-numeric string for the collector to refuse with a reason', () => {
    expect(ga4Props({ coupon: '', tax: null, value: 'free' })).toEqual({ value: 'free' });
  });
});

describe('ga4Props on broken input', () => {
  it('leaves an item without id or name as it is, for the collector to refuse with a reason', () => {
    expect(ga4Props({ items: [null, {}] as never })).toEqual({ items: [{ item_id: '' }, { item_id: '' }] });
  });
});
