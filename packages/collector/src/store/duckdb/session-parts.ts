import { VITAL_THRESHOLDS } from '@vitrine/schema';
import type { Column } from '../columns.js';
import { columnsDdl } from './column-ddl.js';
import type { DerivedRow } from '../derived-columns.js';
import type { EventRow, ReportScope } from '../event-store.js';
import { PASSIVE_EVENTS } from '../report-rows.js';

/**
 * `session_parts`: the DuckDB store's rollup of `events`, one row per site, session,
 * visitor and quarter hour of the events' `ts` (bots left out), holding what the trends,
 * DAU/WAU/MAU and session breakdowns read of those events: first and last time, the first
 * event (by `ts`, then `event_id`) with its session dimensions, the first page view, page
 * views, interactions and whether one was a purchase.
 *
 * Why: those reports group the 3.8M events of 30 days (on a 10M-event store) by session,
 * 200–400 ms a period on two cores. The same counts come out of 16× fewer rows here,
 * exactly: every field is a minimum, maximum, sum, "any" or first-by-`(ts, event_id)`,
 * which merge across rows, so a report re-aggregates rows of the same key (several
 * commits each add their own row for a session's quarter hour) and gets the numbers of
 * the events. A quarter hour lies within one local day in every zone since 2000, so any
 * `tz` buckets them; a range whose ends are not on quarter hours, filters (which test
 * single events) and `page` breakdowns (every path) still read `events`.
 *
 * Costs (docs/scaling.md): each group commit appends its rows in the same transaction as
 * the events (so a report never sees one without the other); one row per session and
 * quarter hour per commit, about a sixteenth of the events when batches are large and up
 * to one per tracker batch under live traffic; migration 2 builds it from `events`.
 * Anything that writes `events` outside `DuckDBStore.write` must rebuild it
 * ({@link REBUILD_SESSION_PARTS}).
 */
export interface SessionPart {
  site: string;
  session_id: string;
  visitor_id: string;
  /** Quarter hour of `ts`: floor(epoch ms / 900,000). */
  q: number;
  /** Earliest and latest `ts`. */
  t0: Date;
  t1: Date;
  /** `event_id` of the first event (by `ts`, then `event_id`). */
  e0: string;
  /** Page views, and events that are not passive (docs/metrics.md, "Bounce"). */
  pv: number;
  inter: number;
  /** Whether one of the events is a purchase. */
  conv: boolean;
  /** The session dimensions of the first event, `''` for null (breakdown keys). */
  channel: string;
  source: string;
  referrer_host: string;
  utm_campaign: string;
  device_type: string;
  browser: string;
  os: string;
  country: string;
  /** `ts`, `event_id` and `path` of the first page view, null without one. */
  pv_t0: Date | null;
  pv_e0: string | null;
  entry_path: string | null;
  /**
   * The part's first LCP sample (a `web_vital` with `vital_metric` `LCP` and a value),
   * for the vitals report's "conversion by LCP rating": the minima over its samples of
   * `epoch µs × 4 + rating` and of `epoch µs × 4 + 3 − rating` (rating 0 good, 1 needs
   * improvement, 2 poor), null without one. Minima merge, and the two together say the
   * rating of the first sample by `ts` and whether samples tied at that `ts` disagree
   * (see `queries/vitals.ts`). Migration 5 added them.
   */
  lcp_lo: bigint | null;
  lcp_hi: bigint | null;
}

/** The session dimensions carried from the first event (the same names as in `events`). */
const DIMENSIONS = ['channel', 'source', 'referrer_host', 'utm_campaign', 'device_type', 'browser', 'os', 'country'] as const;

/** The `session_parts` table, in column order (DDL and the Appender follow it). */
export const SESSION_PART_COLUMNS: readonly Column<SessionPart>[] = [
  { name: 'site', type: 'string' },
  { name: 'session_id', type: 'string' },
  { name: 'visitor_id', type: 'string' },
  { name: 'q', type: 'int' },
  { name: 't0', type: 'timestamp' },
  { name: 't1', type: 'timestamp' },
  { name: 'e0', type: 'string' },
  { name: 'pv', type: 'int' },
  { name: 'inter', type: 'int' },
  { name: 'conv', type: 'bool' },
  ...DIMENSIONS.map((name) => ({ name, type: 'string' as const })),
  { name: 'pv_t0', type: 'timestamp', nullable: true },
  { name: 'pv_e0', type: 'string', nullable: true },
  { name: 'entry_path', type: 'string', nullable: true },
  { name: 'lcp_lo', type: 'bigint', nullable: true },
  { name: 'lcp_hi', type: 'bigint', nullable: true },
];

/** Milliseconds in a quarter hour, the rollup's grain. */
export const QUARTER_MS = 900_000;

/** The quarter hour of a TIMESTAMPTZ expression, as the rollup stores it (`q`). */
export const quarterOf = (expr: string) => `CAST(floor(epoch_ms(${expr}) / ${QUARTER_MS}) AS INTEGER)`;

/** The first event, by `ts` and then `event_id` (as a row key in SQL). */
const FIRST = '(ts, event_id)';

/** The rating of an LCP value `v` (docs/metrics.md, "Web vitals"): 0 good, 1 needs improvement, 2 poor. */
export const lcpRatingSql = (v: string) =>
  `CASE WHEN ${v} <= CAST(${VITAL_THRESHOLDS.LCP.good} AS DOUBLE) THEN 0 WHEN ${v} <= CAST(${VITAL_THRESHOLDS.LCP.poor} AS DOUBLE) THEN 1 ELSE 2 END`;
const lcpRating = (v: number) => (v <= VITAL_THRESHOLDS.LCP.good ? 0 : v <= VITAL_THRESHOLDS.LCP.poor ? 1 : 2);

/**
 * The two aggregates of {@link SessionPart}'s `lcp_lo` and `lcp_hi` over LCP samples with
 * time `ts` and value `v`, as SQL: what the rollup stores, and what the vitals report
 * computes itself when the rollup does not cover its scope.
 */
export const lcpMinimaSql = (ts: string, v: string) =>
  `min(epoch_us(${ts}) * 4 + ${lcpRatingSql(v)}) AS lo, min(epoch_us(${ts}) * 4 + 3 - ${lcpRatingSql(v)}) AS hi`;

/**
 * Fills `lcp_lo` and `lcp_hi` (see {@link SessionPart}) of the rows built before migration 5,
 * from the LCP samples of their key. A key with several rows gets its minima in each,
 * which merges to the same.
 */
export const BACKFILL_SESSION_PART_LCP = `UPDATE session_parts SET lcp_lo = x.lo, lcp_hi = x.hi
  FROM (SELECT site, session_id, visitor_id, ${quarterOf('ts')} AS q, ${lcpMinimaSql('ts', 'vital_value')}
    FROM events WHERE NOT is_bot AND name = 'web_vital' AND vital_metric = 'LCP' AND vital_value IS NOT NULL
    GROUP BY site, session_id, visitor_id, q) AS x
  WHERE session_parts.site = x.site AND session_parts.session_id = x.session_id AND session_parts.visitor_id = x.visitor_id AND session_parts.q = x.q`;

/**
 * Builds `session_parts` from every event (a migration, or after `events` was written
 * behind the store's back), in `q` order so that DuckDB's per-row-group min/max of `q`
 * can skip what a range does not need.
 */
export const REBUILD_SESSION_PARTS = `INSERT INTO session_parts (${SESSION_PART_COLUMNS.filter((c) => !c.name.startsWith('lcp_')).map((c) => c.name).join(', ')})
  SELECT site, session_id, visitor_id, ${quarterOf('ts')} AS q, min(ts), max(ts), arg_min(event_id, ${FIRST}),
    count(*) FILTER (WHERE name = 'page_view'), count(*) FILTER (WHERE name NOT IN (${PASSIVE_EVENTS.map((n) => `'${n}'`).join(', ')})),
    bool_or(name = 'purchase'),
    ${DIMENSIONS.map((d) => `arg_min(coalesce(${d}, ''), ${FIRST})`).join(', ')},
    min(ts) FILTER (WHERE name = 'page_view'), arg_min(event_id, ${FIRST}) FILTER (WHERE name = 'page_view'),
    arg_min(path, ${FIRST}) FILTER (WHERE name = 'page_view')
  FROM events WHERE NOT is_bot GROUP BY site, session_id, visitor_id, q ORDER BY q`;

/**
 * One row per key from the rows of `session_parts` matching `where` (SQL over its
 * columns, constants of the code): the merge of several commits' rows, which is what the
 * reports compute on the fly; {@link compactionStatements} stores it.
 */
export const mergedSessionParts = (where: string) => `SELECT site, session_id, visitor_id, q, min(t0) AS t0, max(t1) AS t1, arg_min(e0, (t0, e0)) AS e0,
    sum(pv) AS pv, sum(inter) AS inter, bool_or(conv) AS conv,
    ${DIMENSIONS.map((d) => `arg_min(${d}, (t0, e0)) AS ${d}`).join(', ')},
    min(pv_t0) AS pv_t0, arg_min(pv_e0, (pv_t0, pv_e0)) FILTER (WHERE pv > 0) AS pv_e0,
    arg_min(entry_path, (pv_t0, pv_e0)) FILTER (WHERE pv > 0) AS entry_path, min(lcp_lo) AS lcp_lo, min(lcp_hi) AS lcp_hi
  FROM session_parts WHERE ${where} GROUP BY site, session_id, visitor_id, q`;

/**
 * The statements that merge the rows of quarter hours `[from, to)` (bound as `$from_q`
 * and `$to_q`) into one per key, in one transaction.
 *
 * Why: under live traffic a session's events arrive in several tracker batches, each in
 * its own group commit and so its own row (about one row per two or three events instead
 * of one per sixteen), and the reports' pass over the rollup slows down by as much. A
 * closed quarter hour gets no more rows but from late events, so it is merged once, when
 * it has closed. The rows are rewritten in `q` order at the end of the table. A row a
 * concurrent commit adds meanwhile is not in this transaction's snapshot, so it is
 * neither deleted nor merged: it stays a row of its own, which the reports merge anyway.
 */
export const compactionStatements = (): string[] => {
  const window = 'q >= CAST($from_q AS INTEGER) AND q < CAST($to_q AS INTEGER)';
  return [
    'BEGIN TRANSACTION',
    `CREATE OR REPLACE TEMP TABLE session_parts_merged AS ${mergedSessionParts(window)}`,
    `DELETE FROM session_parts WHERE ${window}`,
    `INSERT INTO session_parts SELECT * FROM session_parts_merged ORDER BY q`,
    'COMMIT',
    'DROP TABLE session_parts_merged',
  ];
};

/** The DDL of `session_parts`. */
export const CREATE_SESSION_PARTS = `CREATE TABLE session_parts (\n  ${columnsDdl(SESSION_PART_COLUMNS)}\n)`;

const PASSIVE: ReadonlySet<string> = new Set(PASSIVE_EVENTS);

/**
 * Whether event (`ts`, `id`) comes before (`ts2`, `id2`): by time, then by id in DuckDB's
 * order for text (UTF-8 bytes, which is code point order; JavaScript's `<` compares UTF-16
 * units, which differs above U+FFFF).
 */
function before(ts: number, id: string, ts2: number, id2: string): boolean {
  if (ts !== ts2) return ts < ts2;
  return Buffer.compare(Buffer.from(id), Buffer.from(id2)) < 0;
}

/** The rows a group commit of `events` adds to `session_parts`: the same as {@link REBUILD_SESSION_PARTS} over them. */
export function sessionParts(events: readonly EventRow[], derived: readonly Pick<DerivedRow, 'vital_metric' | 'vital_value'>[]): SessionPart[] {
  const parts = new Map<string, SessionPart>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!;
    if (e.is_bot) continue;
    const ts = e.ts.getTime();
    const q = Math.floor(ts / QUARTER_MS);
    const key = `${e.site}\u0000${e.session_id}\u0000${e.visitor_id}\u0000${q}`;
    const isPv = e.name === 'page_view';
    let p = parts.get(key);
    if (!p) {
      p = {
        site: e.site, session_id: e.session_id, visitor_id: e.visitor_id, q, t0: e.ts, t1: e.ts, e0: e.event_id,
        pv: 0, inter: 0, conv: false,
        channel: e.channel ?? '', source: e.source ?? '', referrer_host: e.referrer_host ?? '', utm_campaign: e.utm_campaign ?? '',
        device_type: e.device_type ?? '', browser: e.browser ?? '', os: e.os ?? '', country: e.country ?? '',
        pv_t0: null, pv_e0: null, entry_path: null, lcp_lo: null, lcp_hi: null,
      };
      parts.set(key, p);
    } else {
      if (before(ts, e.event_id, p.t0.getTime(), p.e0)) {
        p.t0 = e.ts;
        p.e0 = e.event_id;
        for (const d of DIMENSIONS) p[d] = e[d] ?? '';
      }
      if (ts > p.t1.getTime()) p.t1 = e.ts;
    }
    if (isPv) {
      p.pv++;
      if (p.pv_t0 === null || before(ts, e.event_id, p.pv_t0.getTime(), p.pv_e0!)) {
        p.pv_t0 = e.ts;
        p.pv_e0 = e.event_id;
        p.entry_path = e.path;
      }
    }
    if (!PASSIVE.has(e.name)) p.inter++;
    if (e.name === 'purchase') p.conv = true;
    const vital = derived[index]!;
    if (vital.vital_metric === 'LCP' && vital.vital_value !== null) {
      // In BigInt: epoch µs × 4 passes 2^53 in 2041.
      const us4 = BigInt(ts) * 4000n;
      const rating = BigInt(lcpRating(vital.vital_value));
      const lo = us4 + rating;
      const hi = us4 + 3n - rating;
      if (p.lcp_lo === null || lo < p.lcp_lo) p.lcp_lo = lo;
      if (p.lcp_hi === null || hi < p.lcp_hi) p.lcp_hi = hi;
    }
  }
  return [...parts.values()];
}

/**
 * Whether `session_parts` can answer for `scope`: no filters (they test single events),
 * and both ends on quarter hours from 2000 on (local midnights are, in every zone since
 * then), so that the range is a whole number of the rollup's rows.
 */
export function partsCover(scope: Pick<ReportScope, 'from' | 'to' | 'filters'>): boolean {
  const from = scope.from.getTime();
  const to = scope.to.getTime();
  return scope.filters.length === 0 && from >= Date.UTC(2000, 0, 1) && from % QUARTER_MS === 0 && to % QUARTER_MS === 0;
}
