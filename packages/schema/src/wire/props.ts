import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ItemSchema } from './item.js';
import { LIMITS, type EcommerceEventName, type PAGE_VIEW } from './limits.js';

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

const closed = { additionalProperties: false } as const;
const OrderId = Type.String({ minLength: 1, maxLength: 128 });

/** Props of `view_item_list`, `select_item`, `view_item`, `add_to_cart`, `remove_from_cart`: the items are the point. */
const ItemsEventProps = Type.Object({ ...ecommerceFields, items: RequiredItems }, closed);
/** Props of `view_cart` and `begin_checkout`: items are expected but a cart summary alone is allowed. */
const CartEventProps = Type.Object(ecommerceFields, closed);
/** Props of `purchase`: revenue needs an order id (for deduplication and refunds), an amount and its currency. */
const PurchaseProps = Type.Object({ ...ecommerceFields, transaction_id: OrderId, value: Money, currency: Currency }, closed);
/** Props of `refund`: the order it refunds. Without `items` or `value` the whole order is refunded. */
const RefundProps = Type.Object({ ...ecommerceFields, transaction_id: OrderId }, closed);

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
/**
 * Props of a custom event. Spelled out rather than `Static<…>` because TypeBox's type
 * for a pattern-keyed record is too deep for the compiler to instantiate inside unions;
 * the assertion below keeps the two from drifting apart.
 */
export type CustomProps = Record<string, string | number | boolean | null>;
type Assert<T extends true> = T;
export type _CustomPropsMatchesSchema = Assert<Static<typeof CustomPropsSchema> extends CustomProps ? true : false>;

/**
 * The props type of each well-known event name. The tracker's `track()` is typed with
 * it, so a GA4 `purchase` without a `transaction_id` fails to compile in the store's code.
 */
export interface EventPropsMap extends EcommerceProps {
  [PAGE_VIEW]: Static<typeof PageViewPropsSchema>;
}

/** An event name with a schema of its own. Any other name is a custom event. */
export type KnownEventName = EcommerceEventName | typeof PAGE_VIEW;
