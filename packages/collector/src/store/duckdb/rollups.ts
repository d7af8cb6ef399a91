import { REBUILD_MONEY_EVENTS } from './money-events.js';
import { BACKFILL_SESSION_PART_LCP, REBUILD_SESSION_PARTS } from './session-parts.js';

/**
 * The statements that rebuild every table the DuckDB store derives from `events`
 * (`session_parts`, `money_events`) from the events stored, for whoever wrote `events`
 * behind the store's back (bench/reports.mjs copies rows in SQL). The store keeps them
 * up to date itself on every write.
 */
export const REBUILD_ROLLUPS: readonly string[] = [
  'DELETE FROM session_parts',
  REBUILD_SESSION_PARTS,
  BACKFILL_SESSION_PART_LCP,
  'DELETE FROM money_events',
  REBUILD_MONEY_EVENTS,
];
