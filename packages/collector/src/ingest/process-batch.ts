import { eventInContext, validateBatchEnvelope, validateEvent, type BatchResponse, type ErrorResponse } from '@vitrine/schema';
import type { SiteRegistry } from '../sites/site-registry.js';
import type { EventRow, RejectedRow } from '../store/event-store.js';
import type { Deduplicator } from './dedup.js';
import type { CookielessIds } from './enrich/cookieless-id.js';
import { deviceInfo } from './enrich/device.js';
import { toEventRow } from './to-event-row.js';

/** Raw payloads are kept for inspection up to this size; the rest is cut off, and the cut is said. */
const MAX_RAW_CHARS = 65_536;
const keepRaw = (raw: string) => (raw.length > MAX_RAW_CHARS ? `${raw.slice(0, MAX_RAW_CHARS)}…[truncated ${raw.length - MAX_RAW_CHARS} chars]` : raw);

/** Who sent a batch, from the HTTP request. */
export interface RequestContext {
  receivedAt: Date;
  ip: string;
  userAgent: string | undefined;
  /** The `Origin` header, which browsers always send on cross-origin POSTs. */
  origin: string | undefined;
  country: string | null;
}

/** The long-lived parts that ingest needs. */
export interface IngestDeps {
  sites: Pick<SiteRegistry, 'get'>;
  dedup: Pick<Deduplicator, 'claim'>;
  cookieless: Pick<CookielessIds, 'visitorId'>;
  scrubKeys: ReadonlySet<string>;
}

/** What to store and what to answer for one request body. */
export interface ProcessedBatch {
  status: 200 | 400 | 401 | 403;
  body: BatchResponse | ErrorResponse;
  /** The site key, once known. */
  site: string | null;
  /** New rows to store before answering. */
  events: EventRow[];
  rejected: RejectedRow[];
  /** Accepted events that were already stored (acknowledged, not stored again). */
  duplicates: number;
}

/**
 * Validates, enriches and deduplicates one batch body.
 *
 * Valid events become rows. Each invalid event becomes a rejected row with its index,
 * reason and raw JSON, so nothing is dropped silently. A body that is not a batch at
 * all is kept whole as one rejected row. Requests that are not allowed to write (an
 * unknown or disabled site key, an origin off the allowlist) are refused and not
 * stored: they are not bad events of a real site, and storing them would let anyone
 * fill the disk.
 */
export async function processBatch(bodyText: string, request: RequestContext, deps: IngestDeps): Promise<ProcessedBatch> {
  const refuse = (status: 401 | 403, error: string, reason: string, site: string | null): ProcessedBatch => ({
    status, body: { error, reason }, site, events: [], rejected: [], duplicates: 0,
  });
  const refuseWhole = (reason: string, site: string | null): ProcessedBatch => ({
    status: 400,
    body: { error: 'invalid_batch', reason },
    site,
    events: [],
    rejected: [{ site, received_at: request.receivedAt, event_index: null, reason, raw: keepRaw(bodyText) }],
    duplicates: 0,
  });

  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch (error) {
    return refuseWhole(`body: not valid JSON (${(error as Error).message.slice(0, 200)})`, null);
  }
  const envelope = validateBatchEnvelope(parsed);
  if (!envelope.ok) {
    const site = (parsed as { site?: unknown } | null)?.site;
    return refuseWhole(envelope.reason, typeof site === 'string' ? site.slice(0, 64) : null);
  }
  const batch = envelope.value;
  const site = deps.sites.get(batch.site);
  if (!site) return refuse(401, 'unknown_site', `no site with key "${batch.site}"`, null);
  if (site.disabled) return refuse(403, 'site_disabled', `site "${batch.site}" is disabled`, site.key);
  if (site.origins.length > 0 && !(request.origin && site.origins.includes(request.origin))) {
    return refuse(403, 'origin_not_allowed', `origin ${request.origin ?? '(none)'} may not send events for site "${site.key}"`, site.key);
  }

  const device = deviceInfo(request.userAgent);
  const context = {
    site: site.key,
    sentAt: batch.sent_at,
    receivedAt: request.receivedAt,
    device,
    visitorId: site.cookieless ? deps.cookieless.visitorId(site.key, request.ip, request.userAgent ?? '', request.receivedAt) : null,
    country: request.country,
    scrubKeys: deps.scrubKeys,
    urls: new Map<string, URL | null>(),
  };
  const rows: EventRow[] = [];
  const rejected: RejectedRow[] = [];
  const reasons: BatchResponse['rejected'] = [];
  batch.events.forEach((sent, index) => {
    // The batch's shared fields first (wire/batch.ts): the event is judged, and kept when
    // rejected, as a whole.
    const raw = eventInContext(sent, batch.context);
    const validation = validateEvent(raw);
    const row = validation.ok ? toEventRow(validation.value, context) : validation.reason;
    if (typeof row !== 'string') {
      rows.push(row);
      return;
    }
    reasons.push({ index, reason: row });
    rejected.push({ site: site.key, received_at: request.receivedAt, event_index: index, reason: row, raw: keepRaw(JSON.stringify(raw)) });
  });

  const duplicatePositions = await deps.dedup.claim(
    site.key,
    rows.map((r) => ({ id: r.event_id, client_ts: r.client_ts.getTime(), ts: r.ts.getTime() })),
    request.receivedAt.getTime(),
  );
  const fresh = rows.filter((_, index) => !duplicatePositions.has(index));
  const duplicates = rows.length - fresh.length;
  return {
    status: 200,
    body: { accepted: rows.length, rejected: reasons, duplicates },
    site: site.key,
    events: fresh,
    rejected,
    duplicates,
  };
}
