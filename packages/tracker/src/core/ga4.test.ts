import { ECOMMERCE_EVENTS } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { ECOMMERCE_EVENT } from './ga4.js';

describe('the GA4 ecommerce event pattern', () => {
  it('accepts exactly the ecommerce event names of the wire format', () => {
    for (const name of ECOMMERCE_EVENTS) expect(ECOMMERCE_EVENT.test(name), name).toBe(true);
    for (const name of ['page_view', 'add_to_wishlist', 'view_promotion', 'add_payment_info', 'purchase_x', 'view_items', 'gtm.js']) expect(ECOMMERCE_EVENT.test(name), name).toBe(false);
  });
});
