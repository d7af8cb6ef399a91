import { validateBatchEnvelope, validateEvent, type BatchResponse, type ErrorResponse } from '@vitrine/schema';
import type { EventRow, RejectedRow } from '../store/event-store.js';
import { toEventRow } from './to-event-row.js';

/** What to store and what to answer for one request body. */
export interface ProcessedBatch {
  /** HTTP status to answer with. */
  status: 200 | 400 | 401;
  body: BatchResponse | ErrorResponse;
  /** Rows to store before answering (empty when the site is unknown). */
  events: EventRow[];
  rejected: RejectedRow[];
}

/**
 * Validates and enriches one batch body. Valid events become rows; each invalid event
 * becomes a rejected row with its index, reason and raw JSON, so that nothing is dropped
 * silently and the store's operators can see what went wrong. A body that is not a
 * batch at all is kept whole as one rejected row.
 *
 * @param isKnownSite resolves whether a site key is registered.
 */
export async function processBatch(
  bodyText: string,
  receivedAt: Date,
  isKnownSite: (site: string) => Promise<boolean>,
): Promise<ProcessedBatch> {
  const refuseWhole = (reason: string, site: string | null): ProcessedBatch => ({
    status: 400,
    body: { error: 'invalid_batch', reason },
    events: [],
    rejected: [{ site, received_at: receivedAt, event_index: null, reason, raw: bodyText }],
  });

  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch (error) {
    return refuseWhole(`body: not valid JSON (${(error as Error).message})`, null);
  }
  const envelope = validateBatchEnvelope(parsed);
  if (!envelope.ok) {
    const site = (parsed as { site?: unknown } | null)?.site;
    return refuseWhole(envelope.reason, typeof site === 'string' ? site.slice(0, 64) : null);
  }
  const batch = envelope.value;
  if (!(await isKnownSite(batch.site))) {
    // Not stored: an unknown key is an unauthorised write, not a bad event of a real site.
    return { status: 401, body: { error: 'unknown_site', reason: `no site with key "${batch.site}"` }, events: [], rejected: [] };
  }

  const context = { site: batch.site, sentAt: batch.sent_at, receivedAt };
  const events: EventRow[] = [];
  const rejected: RejectedRow[] = [];
  const reasons: BatchResponse['rejected'] = [];
  batch.events.forEach((raw, index) => {
    const validation = validateEvent(raw);
    const row = validation.ok ? toEventRow(validation.value, context) : validation.reason;
    if (typeof row !== 'string') {
      events.push(row);
      return;
    }
    reasons.push({ index, reason: row });
    rejected.push({ site: batch.site, received_at: receivedAt, event_index: index, reason: row, raw: JSON.stringify(raw) });
  });
  return { status: 200, body: { accepted: events.length, rejected: reasons }, events, rejected };
}
