import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ItemSchema } from './item.js';
import { LIMITS, type EcommerceEventName } from './limits.js';

/** ISO 4217 currency code, upper case (`CNY`, `USD`). */
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Money = Type.Number({ minimum: 0 });
const Items = Type.Array(ItemSchema, { maxItems: LIMITS.items });
const RequiredItems = Type.Array(ItemSchema, { minItems: 1, maxItems: LIMITS.items });
const Text = Type.String({ maxLength: LIMITS.propStringLength });

/**
 * The GA4 ecommerce parameters that any ecommerce event may carry. Each event's schema
 * below narrows which of them are required, following GA4's own requirements.
 */
const ecommerceFields = {
  currency: Type.Optional(Currency),
  value: Type.Optional(Money),
  transaction_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  coupon: Type.Optional(Text),
  shipping: Type.Optional(Money),
  tax: Type.Optional(Money),
  affiliation: Type.Optional(Text),
  item_list_id: Type.Optional(Text),
  item_list_name: Type.Optional(Text),
  payment_type: Type.Optional(Text),
  shipping_tier: Type.Optional(Text),
  items: Type.Optional(Items),
};

const ecommerce = <R extends Record<string, TSchema>>(required: R) =>
  Type.Object({ ...ecommerceFields, ...required }, { additionalProperties: false });

/** Props of `view_item_list`, `select_item`, `view_item`, `add_to_cart`, `remove_from_cart`: the items are the point. */
const ItemsEventProps = ecommerce({ items: RequiredItems });
/** Props of `view_cart` and `begin_checkout`: items are expected but a cart summary alone is allowed. */
const CartEventProps = ecommerce({});
/** Props of `purchase`: revenue needs an order id (for deduplication and refunds), an amount and its currency. */
const PurchaseProps = ecommerce({
  transaction_id: Type.String({ minLength: 1, maxLength: 128 }),
  value: Money,
  currency: Currency,
});
/** Props of `refund`: the order it refunds. Without `items` or `value` the whole order is refunded. */
const RefundProps = ecommerce({ transaction_id: Type.String({ minLength: 1, maxLength: 128 }) });

/**
 * The props schema of each GA4 ecommerce event, by event name.
 * The collector validates an event's `props` against the schema of its name.
 */
export const ECOMMERCE_PROPS_SCHEMAS = {
  view_item_list: ItemsEventProps,
  select_item: ItemsEventProps,
  view_item: ItemsEventProps,
  add_to_cart: ItemsEventProps,
  remove_from_cart: ItemsEventProps,
  view_cart: CartEventProps,
  begin_checkout: CartEventProps,
  purchase: PurchaseProps,
  refund: RefundProps,
} satisfies Record<EcommerceEventName, TSchema>;

/** Props of a `page_view`. Page data travels in the event's own `url`, `title` and `referrer`. */
export const PageViewPropsSchema = Type.Object({}, { additionalProperties: false });

/**
 * Props of any other (custom) event: a flat map of scalars, bounded in keys and length,
 * so that a careless `track('x', hugeObject)` cannot bloat storage.
 */
export const CustomPropsSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$' }),
  Type.Union([Text, Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: LIMITS.customPropKeys },
);

/** Props of a GA4 ecommerce event, by event name. */
export type EcommerceProps = {
  [N in EcommerceEventName]: Static<(typeof ECOMMERCE_PROPS_SCHEMAS)[N]>;
};
/** Props of a custom event. */
export type CustomProps = Static<typeof CustomPropsSchema>;

/**
 * The props type of each well-known event name. The tracker's `track()` is typed with
 * it, so a GA4 `purchase` without a `transaction_id` fails to compile in the store's code.
 */
export interface EventPropsMap extends EcommerceProps {
  page_view: Static<typeof PageViewPropsSchema>;
}

/** An event name with a schema of its own. Any other name is a custom event. */
export type KnownEventName = keyof EventPropsMap;
