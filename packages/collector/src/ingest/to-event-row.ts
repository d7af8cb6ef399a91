import { ECOMMERCE_EVENTS, type VitrineEvent } from '@vitrine/schema';
import type { EventRow } from '../store/event-store.js';
import { classifyChannel, readUtm } from './enrich/channel.js';
import type { DeviceInfo } from './enrich/device.js';
import { scrubUrl } from './enrich/scrub-url.js';

/** What every event of one batch shares: who sent it, when, and the site's settings. */
export interface BatchContext {
  site: string;
  /** The client's clock at send time (`sent_at`). */
  sentAt: number;
  /** The server's clock when the request arrived. */
  receivedAt: Date;
  /** The sender's browser, OS, device type and bot flag (one UA per request). */
  device: DeviceInfo;
  /** For cookieless sites: the server-derived visitor id that replaces the tracker's. */
  visitorId: string | null;
  /** From a trusted proxy's country header, when configured. */
  country: string | null;
  /** Query keys to drop from URLs (lower case). */
  scrubKeys: ReadonlySet<string>;
  /**
   * Parsed, scrubbed URLs of this batch by their raw text. A page's events share its URL
   * and referrer, so each distinct string is parsed and scrubbed once per batch.
   */
  urls?: Map<string, URL | null>;
}

/**
 * The events whose `value` and `currency` are money, promoted to the row's `value` and
 * `currency` columns, which revenue reports sum. Any other event may carry a `value` of
 * its own (a `web_vital`'s milliseconds, a custom event's score): it stays in `props`.
 */
const MONEY_EVENTS: ReadonlySet<string> = new Set(ECOMMERCE_EVENTS);

/** 2020-01-01, the earliest event time the wire format allows. */
const EARLIEST_TS = 1_577_836_800_000;

/** Parses and scrubs a URL, once per distinct string per batch; null if it does not parse. */
function cleanUrl(value: string | undefined, batch: BatchContext): URL | null {
  if (!value) return null;
  const known = batch.urls?.get(value);
  if (known !== undefined) return known;
  let url: URL | null;
  try {
    url = scrubUrl(new URL(value), batch.scrubKeys);
  } catch {
    url = null;
  }
  batch.urls?.set(value, url);
  return url;
}

/**
 * Turns a validated event into a stored row:
 * - **clock skew**: the tracker stamps `sent_at` just before sending, so
 *   `received_at − sent_at` is the client clock's offset (plus network latency, which is
 *   small and errs toward "later"). Shifting `ts` by it puts events from a phone whose
 *   clock is hours off onto the server's timeline; whatever still lands in the future is
 *   clamped to the arrival time;
 * - **PII**: e-mail addresses and configured query keys are scrubbed from the URL and
 *   the referrer;
 * - **attribution**: UTM parameters, referrer host, channel and source;
 * - **device and bot** flags from the request's User-Agent;
 * - the ecommerce columns that revenue reports group and sum by: `transaction_id`, and
 *   `value` and `currency` for GA4 ecommerce events only (see `MONEY_EVENTS`).
 *
 * @returns the row, or a reason string when the event cannot be stored
 */
export function toEventRow(event: VitrineEvent, batch: BatchContext): EventRow | string {
  const url = cleanUrl(event.url, batch);
  if (!url) return '/url: Expected an absolute URL';
  const referrer = cleanUrl(event.referrer, batch);
  const utm = readUtm(url.searchParams);
  const { channel, source } = classifyChannel(url.host, url.searchParams, utm, referrer?.host || null);

  const received = batch.receivedAt.getTime();
  // Never in the future, and never before the schema's own lower bound, whatever the skew.
  const corrected = Math.max(Math.min(event.ts + (received - batch.sentAt), received), EARLIEST_TS);
  const props = (event.props ?? {}) as Record<string, unknown>;
  const money = MONEY_EVENTS.has(event.name);
  return {
    site: batch.site,
    event_id: event.id,
    name: event.name,
    ts: new Date(corrected),
    client_ts: new Date(event.ts),
    received_at: batch.receivedAt,
    visitor_id: batch.visitorId ?? event.visitor_id,
    session_id: event.session_id,
    user_id: event.user_id ?? null,
    url: url.href,
    host: url.host,
    path: url.pathname,
    // An empty title is no title, as an empty referrer is no referrer.
    title: event.title || null,
    referrer: referrer?.href ?? null,
    referrer_host: referrer?.host || null,
    channel,
    source,
    ...utm,
    ...batch.device,
    country: batch.country,
    transaction_id: typeof props.transaction_id === 'string' ? props.transaction_id : null,
    value: money && typeof props.value === 'number' ? props.value : null,
    currency: money && typeof props.currency === 'string' ? props.currency : null,
    props: JSON.stringify(props),
  };
}
