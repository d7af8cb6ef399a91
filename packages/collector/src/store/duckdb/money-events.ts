import { EVENT_COLUMNS } from '../columns.js';
import type { EventRow } from '../event-store.js';

/**
 * `money_events`: the DuckDB store's copy of every `purchase` and `refund` event (bots
 * included, as in `events`), with the columns money reports read. They are 0.3% of the
 * events, yet finding them meant a scan of every event in the range (`name` is not
 * sorted): 40–50 ms per report and period on 10M events, in trends, breakdowns, content,
 * commerce and vitals. A copy, not an aggregate: a query reads it exactly as it read
 * `events` (same column names, same WHERE), so nothing can differ.
 *
 * Each group commit appends the rows in the same transaction as the events; migration 4
 * copies the stored ones. Anything that writes `events` outside `DuckDBStore.write` must
 * rebuild it (`REBUILD_ROLLUPS` in rollups.ts).
 */
export const MONEY_EVENT_NAMES = ['purchase', 'refund'] as const;

/** The columns copied, in `events`' order and types. */
export const MONEY_EVENT_COLUMNS = EVENT_COLUMNS.filter((c) =>
  ['site', 'event_id', 'name', 'ts', 'visitor_id', 'session_id', 'is_bot', 'transaction_id', 'value', 'currency', 'props'].includes(c.name),
);

/** The events of a commit that `money_events` copies. */
export const moneyEvents = (events: readonly EventRow[]): EventRow[] => events.filter((e) => e.name === 'purchase' || e.name === 'refund');

/** Fills `money_events` from `events`, in time order (DuckDB's per-row-group min/max of `ts` then skip what a range does not need). */
export const REBUILD_MONEY_EVENTS = `INSERT INTO money_events SELECT ${MONEY_EVENT_COLUMNS.map((c) => c.name).join(', ')} FROM events
  WHERE name IN (${MONEY_EVENT_NAMES.map((n) => `'${n}'`).join(', ')}) ORDER BY ts`;
