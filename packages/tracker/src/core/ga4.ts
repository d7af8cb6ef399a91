import type { CustomProps } from '@vitrine/schema';

/**
 * The GA4 ecommerce parameters and item fields that the wire format accepts
 * (`packages/schema/src/wire/props.ts` and `item.ts`; a unit test checks these patterns
 * against the schemas, key by key). Patterns rather than lists, and not the schemas
 * themselves, because importing those would put TypeBox in the script tag.
 */
export const EVENT_KEYS = /^(currency|value|transaction_id|coupon|shipping|tax|affiliation|item_list_(id|name)|payment_type|shipping_tier)$/;
export const ITEM_KEYS = /^(item_(id|name|brand|variant|list_(id|name)|category[23]?)|price|quantity|discount|coupon|index|affiliation|location_id)$/;

/**
 * GA4's ecommerce event names that the wire format knows (`ECOMMERCE_EVENTS` in
 * `@vitrine/schema`, which a unit test compares this with): only these are read from a
 * data layer. A pattern is a third of the list's size in the script tag.
 */
export const ECOMMERCE_EVENT = /^(view_item(_list)?|select_item|(add_to|remove_from|view)_cart|begin_checkout|purchase|refund)$/;

/** Fields that are numbers on the wire, and that GTM setups often push as strings (`"288.00"`). */
const NUMBERS = /^(value|shipping|tax|price|quantity|discount|index)$/;

/** Copies the keys of `source` that match `keys`, turning numeric strings into numbers where a number is expected. */
function pick(source: Record<string, unknown>, keys: RegExp): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key in source) {
    let value = source[key];
    if (!keys.test(key) || value == null || value === '') continue;
    // `isFinite` coerces: '398.00' is a number, as GA4 reads it ('', null and undefined are gone already).
    if (NUMBERS.test(key) && isFinite(value as number)) value = +(value as number);
    picked[key] = value;
  }
  return picked;
}

/**
 * Turns the parameters of a GA4 ecommerce event, as a store pushes them to `dataLayer`
 * or passes them to `gtag('event', …)`, into wire-format props: GA4 accepts far more
 * keys than the wire format (`item_category5`, `send_to`, `event_callback`, custom
 * dimensions…), which would get the whole event refused, so only known keys are kept.
 * Also applies GA4's own leniencies: numbers as strings, an item known only by
 * `item_name`, a numeric `item_id`.
 */
export function ga4Props(params: Record<string, unknown>): CustomProps {
  const props = pick(params, EVENT_KEYS);
  const items = params.items as Record<string, unknown>[] | undefined;
  if (items?.map)
    props.items = items.map((item) => {
      const picked = pick(item, ITEM_KEYS);
      // Without either, `""`: the collector refuses the event with a reason naming the item.
      picked.item_id = String(picked.item_id ?? picked.item_name ?? '');
      return picked;
    });
  return props as CustomProps;
}
