import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from './limits.js';
import type { CustomProps, EventPropsMap, KnownEventName } from './props.js';

const Id = Type.String({ minLength: 1, maxLength: LIMITS.idLength, pattern: '^[A-Za-z0-9_-]+$' });
/**
 * Unix epoch milliseconds, 2020-01-01 to 2100-01-01. The lower bound catches seconds
 * sent as milliseconds; the upper keeps every value a valid date.
 */
const EpochMs = Type.Integer({ minimum: 1_577_836_800_000, maximum: 4_102_444_800_000 });

/**
 * The envelope of one event, without its props. Props are checked separately against
 * the schema of the event's name (see `ECOMMERCE_PROPS_SCHEMAS`), which keeps each
 * rejection reason pointed at the field that is wrong.
 */
export const EventEnvelopeSchema = Type.Object(
  {
    /** Unique per event; the collector deduplicates retries on it. */
    id: Id,
    /** GA4-style snake_case event name: `page_view`, `purchase`, or a custom name. */
    name: Type.String({ minLength: 1, maxLength: LIMITS.nameLength, pattern: '^[A-Za-z][A-Za-z0-9_.:-]*$' }),
    /** Client clock when the event happened, epoch ms. Corrected by the collector with `sent_at`. */
    ts: EpochMs,
    /** Anonymous visitor id, stable across sessions where storage is allowed. */
    visitor_id: Id,
    /** Session id; a session ends after 30 minutes without events. */
    session_id: Id,
    /** The user id set by `identify()`, when the store knows who is logged in. */
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.idLength })),
    /** Absolute page URL, already scrubbed of PII by the tracker. */
    url: Type.String({ minLength: 1, maxLength: LIMITS.urlLength, pattern: '^https?://' }),
    /** `document.title`. */
    title: Type.Optional(Type.String({ maxLength: LIMITS.titleLength })),
    /** `document.referrer`; empty or absent for direct visits. */
    referrer: Type.Optional(Type.String({ maxLength: LIMITS.urlLength })),
    /** Typed properties; their schema depends on `name`. */
    props: Type.Optional(Type.Object({})),
  },
  { additionalProperties: false },
);

/** Fields that every event carries, whatever its name. */
export type EventBase = Omit<Static<typeof EventEnvelopeSchema>, 'props'>;

/** The props type of an event named `N`: its schema's props for a well-known name, scalars otherwise. */
export type PropsOf<N extends string> = string extends N ? CustomProps | EventPropsMap[KnownEventName] : N extends KnownEventName ? EventPropsMap[N] : CustomProps;

/**
 * A validated event. With a literal name (`VitrineEvent<'purchase'>`) its props are
 * typed by that event's schema; any other name is a custom event with scalar props.
 */
export type VitrineEvent<N extends string = string> = EventBase & { name: N; props?: PropsOf<N> };
