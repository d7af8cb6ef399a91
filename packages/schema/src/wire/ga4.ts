import type { TObject, TSchema } from '@sinclair/typebox';
import { GA4_PARAMS, type EcommerceEventName } from './limits.js';
import { ECOMMERCE_PROPS_SCHEMAS } from './props.js';

/**
 * Props that hold GA4 parameters (see `GA4_PARAMS`): their one key, an object. The
 * collector turns them into the event's props with {@link propsFromGa4}: the tracker
 * could do that itself, but it would cost a tenth of its byte budget, and here the work
 * follows the schemas themselves (which keys exist, which are numbers).
 */
export type Ga4Params = { [GA4_PARAMS]: Record<string, unknown> };

/** Whether an ecommerce event's `props` hold GA4 parameters rather than props of the wire format. */
export const holdsGa4Params = (props: unknown): props is Ga4Params =>
  isRecord(props) && Object.keys(props).length == 1 && isRecord(props[GA4_PARAMS]);

/** A string that GA4 reads as a number (`"288.00"`, `" 2 "`): not empty, and a finite number once trimmed. */
const numeric = (value: unknown): value is string => typeof value == 'string' && value.trim() != '' && Number.isFinite(Number(value));

/** A JSON object: not `null`, not an array. */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value == 'object' && value !== null && !Array.isArray(value);

/**
 * The keys of `params` that `schema` has, with GA4's leniencies for the field's type: a
 * number may come as a numeric string (`"288.00"`), a string as a number (`item_id: 42`),
 * and an empty value (`null`, `""`) is as if absent. Anything else is kept as it is, for
 * validation to refuse with a reason that names it (`value: "free"`).
 */
function pick(params: Record<string, unknown>, schema: TObject, nested: (value: unknown) => unknown): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (!Object.hasOwn(params, key)) continue;
    let value = params[key];
    if (value == null || value === '') continue;
    if ((field.type == 'number' || field.type == 'integer') && numeric(value)) value = Number(value);
    else if (field.type == 'string' && typeof value == 'number' && Number.isFinite(value)) value = String(value);
    else if (field.type == 'array' && Array.isArray(value)) value = value.map(nested);
    picked[key] = value;
  }
  return picked;
}

/**
 * The wire-format props of ecommerce event `name`, from the GA4 parameters a store gave it.
 *
 * GA4 takes far more keys than the wire format (`item_category5`, `send_to`, custom
 * dimensions…): those are left out, where the wire format would refuse the event whole
 * for them, so that a store's existing tagging works unchanged. What is kept follows
 * {@link pick}, and an item known only by its `item_name` takes it as its `item_id`, as
 * GA4 allows either. The result is validated as any event's props are.
 */
export function propsFromGa4(name: EcommerceEventName, params: Record<string, unknown>): Record<string, unknown> {
  const schema: TObject = ECOMMERCE_PROPS_SCHEMAS[name];
  const itemSchema = (schema.properties.items as unknown as { items: TObject }).items;
  return pick(params, schema, (item) => {
    if (!isRecord(item)) return item;
    const picked = pick(item, itemSchema, (value) => value);
    if (!('item_id' in picked) && typeof picked.item_name == 'string') picked.item_id = picked.item_name;
    return picked;
  });
}
