import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { ItemSchema } from './item.js';
import { ARTICLE_MILESTONES, LIMITS, WEB_VITAL_METRICS, WEB_VITAL_RATINGS, type EcommerceEventName, type EngagementEventName, type PAGE_VIEW } from './limits.js';

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

const Name = Type.String({ minLength: 1, maxLength: LIMITS.propStringLength });
const Milliseconds = Type.Integer({ minimum: 0 });
/** A union of literals from a constant list, typed as the list's members (TypeBox's `Union` of a mapped array would type them as `string`). */
const literals = <T extends readonly (string | number)[]>(values: T) =>
  Type.Union(values.map((value) => Type.Literal(value))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;

/**
 * Props of `content_impression` and `content_click`, from the element's
 * `data-vitrine-content` (the content's name: "Spring sale banner"), `data-vitrine-piece`
 * (which creative: "hero-v2.jpg") and `data-vitrine-target` (where it leads: "/sale").
 */
const ContentProps = Type.Object(
  { content_name: Name, content_piece: Type.Optional(Text), content_target: Type.Optional(Text) },
  closed,
);

/**
 * The props schema of each of the tracker's content and engagement events, by name:
 *
 * - `content_impression`: a marked element was at least half visible for a second (once
 *   per page view); `content_click`: a click inside one. See {@link ContentProps}.
 * - `article_progress`: the reader reached `depth` percent of the `data-vitrine-article`
 *   element named `article` (its attribute's value, else the page title), having spent
 *   `read_ms` reading it so far (page visible and focused, article on screen).
 * - `page_engagement`: sent when a page view is left: `engaged_ms` with the page visible
 *   and focused since the last report, and the deepest scroll reached, in percent.
 * - `web_vital`: one Core Web Vitals measurement, as `web-vitals` reports it: `value` in
 *   milliseconds (CLS: its unitless score), not money; `navigation_type` is how the page
 *   was reached (`navigate`, `reload`, `back-forward`, `back-forward-cache`, `prerender`, `restore`).
 *
 * The collector validates an event's `props` against the schema of its name.
 */
export const ENGAGEMENT_PROPS_SCHEMAS = {
  content_impression: ContentProps,
  content_click: ContentProps,
  article_progress: Type.Object({ article: Name, depth: literals(ARTICLE_MILESTONES), read_ms: Milliseconds }, closed),
  page_engagement: Type.Object({ engaged_ms: Milliseconds, max_scroll_pct: Type.Integer({ minimum: 0, maximum: 100 }) }, closed),
  web_vital: Type.Object(
    {
      metric: literals(WEB_VITAL_METRICS),
      value: Type.Number({ minimum: 0 }),
      rating: literals(WEB_VITAL_RATINGS),
      navigation_type: Type.Optional(Type.String({ pattern: '^[a-z-]{1,32}$' })),
    },
    closed,
  ),
} satisfies Record<EngagementEventName, TSchema>;

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

/** Props of the tracker's content and engagement events, by event name. */
export type EngagementProps = {
  [N in EngagementEventName]: Static<(typeof ENGAGEMENT_PROPS_SCHEMAS)[N]>;
};

/**
 * The props type of each well-known event name. The tracker's `track()` is typed with
 * it, so a GA4 `purchase` without a `transaction_id` fails to compile in the store's code.
 */
export interface EventPropsMap extends EcommerceProps, EngagementProps {
  [PAGE_VIEW]: Static<typeof PageViewPropsSchema>;
}

/** An event name with a schema of its own. Any other name is a custom event. */
export type KnownEventName = EcommerceEventName | EngagementEventName | typeof PAGE_VIEW;
