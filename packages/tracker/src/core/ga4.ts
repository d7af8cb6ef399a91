/**
 * GA4's ecommerce event names that the wire format knows (`ECOMMERCE_EVENTS` in
 * `@vitrine/schema`, which a unit test compares this with): only these are read from a
 * data layer. A pattern is a third of the list's size in the script tag.
 *
 * Their parameters go to the collector as the store pushed them, under `props.ga4`
 * (`GA4_PARAMS` in `@vitrine/schema`), and the collector turns them into props of the
 * wire format (`propsFromGa4`): which keys the wire format has, which are numbers, and
 * GA4's leniencies, read from the schemas there, cost the script tag nothing.
 */
export const ECOMMERCE_EVENT = /^(view_item(_list)?|select_item|(add_to|remove_from|view)_cart|begin_checkout|purchase|refund)$/;
