import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from './limits.js';

const text = (maxLength: number = LIMITS.propStringLength) => Type.String({ maxLength });

/**
 * One product line of an ecommerce event, with GA4's `items[]` parameter names, so that
 * a store's existing GA4 items can be passed through unchanged.
 *
 * `item_id` is required because every product report groups by it. Unknown extra keys
 * are refused rather than silently dropped, so that a typo (`qty`) surfaces as a
 * rejection reason instead of a missing number in a report.
 */
export const ItemSchema = Type.Object(
  {
    item_id: Type.String({ minLength: 1, maxLength: 128 }),
    item_name: Type.Optional(text()),
    price: Type.Optional(Type.Number({ minimum: 0 })),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    discount: Type.Optional(Type.Number({ minimum: 0 })),
    coupon: Type.Optional(text(100)),
    index: Type.Optional(Type.Integer({ minimum: 0 })),
    item_brand: Type.Optional(text(100)),
    item_category: Type.Optional(text(100)),
    item_category2: Type.Optional(text(100)),
    item_category3: Type.Optional(text(100)),
    item_variant: Type.Optional(text(100)),
    item_list_id: Type.Optional(text(100)),
    item_list_name: Type.Optional(text(100)),
    affiliation: Type.Optional(text(100)),
    location_id: Type.Optional(text(100)),
  },
  { additionalProperties: false },
);

/** One product line of an ecommerce event (GA4 `items[]` entry). */
export type Item = Static<typeof ItemSchema>;
