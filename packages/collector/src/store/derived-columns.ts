import { VITAL_METRICS } from '@vitrine/schema';
import type { Column } from './columns.js';
import type { EventRow } from './event-store.js';

/**
 * Typed columns both stores fill from an event's `props` when they store it, for the
 * reports that used to parse the JSON of every row they read: web vitals (1.8M samples in
 * 30 days of a 10M-event store, 1.4 s of JSON parsing per report) and content (560k
 * impressions). The ingest path's `EventRow` does not carry them: each store derives them
 * in its write path with {@link deriveColumns}, and its migration (DuckDB 3, ClickHouse 2)
 * fills them for the rows stored before, in SQL with the same rules.
 *
 * The rules are docs/metrics.md's ("Content", "Web vitals"), for the event names the
 * reports read; every other event has NULL in all of them:
 *
 * - `web_vital`: `vital_metric` is `props.metric` when a JSON string, else `''`;
 *   `vital_value` is `props.value` when it is a non-negative JSON number and the metric
 *   one of `LCP`, `INP`, `CLS`, `FCP`, `TTFB`, else NULL: a sample is a row with a value.
 * - `content_impression`, `content_click`: `content_name`, `content_piece` are the
 *   fields when JSON strings, else `''`.
 * - `article_progress`: `article` likewise; `article_depth`, `article_read_ms` are the
 *   fields when non-negative JSON numbers, else 0.
 *
 * ClickHouse's backfill reads `props` with 18.16's `visitParam*` functions, which take a
 * field's first occurrence at any depth; the collector validates these events' props
 * against closed, flat schemas, so on anything ingest stores they agree with this code
 * (`derived-columns.cases.ts` holds both stores' backfills to it).
 */
export interface DerivedRow {
  vital_metric: string | null;
  vital_value: number | null;
  content_name: string | null;
  content_piece: string | null;
  article: string | null;
  article_depth: number | null;
  article_read_ms: number | null;
}

/** The derived columns, in the order the migrations add them (after `EVENT_COLUMNS`). */
export const DERIVED_COLUMNS: readonly Column<DerivedRow>[] = [
  { name: 'vital_metric', type: 'string', nullable: true },
  { name: 'vital_value', type: 'double', nullable: true },
  { name: 'content_name', type: 'string', nullable: true },
  { name: 'content_piece', type: 'string', nullable: true },
  { name: 'article', type: 'string', nullable: true },
  { name: 'article_depth', type: 'double', nullable: true },
  { name: 'article_read_ms', type: 'double', nullable: true },
];

const NONE: DerivedRow = {
  vital_metric: null, vital_value: null, content_name: null, content_piece: null, article: null, article_depth: null, article_read_ms: null,
};

/** The event names whose props are read; any other event's derived columns are NULL. */
export const DERIVED_EVENT_NAMES = ['web_vital', 'content_impression', 'content_click', 'article_progress'] as const;

/** The top-level fields of `props`, or none when it is not a JSON object. */
function fields(props: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(props);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (o: Record<string, unknown>, key: string) => (typeof o[key] === 'string' ? (o[key] as string) : '');
const nonNegative = (o: Record<string, unknown>, key: string) => (typeof o[key] === 'number' && (o[key] as number) >= 0 ? (o[key] as number) : null);

/** The derived columns of one event (see {@link DerivedRow}). */
export function deriveColumns(row: Pick<EventRow, 'name' | 'props'>): DerivedRow {
  switch (row.name) {
    case 'web_vital': {
      const o = fields(row.props);
      const metric = text(o, 'metric');
      return { ...NONE, vital_metric: metric, vital_value: (VITAL_METRICS as readonly string[]).includes(metric) ? nonNegative(o, 'value') : null };
    }
    case 'content_impression':
    case 'content_click': {
      const o = fields(row.props);
      return { ...NONE, content_name: text(o, 'content_name'), content_piece: text(o, 'content_piece') };
    }
    case 'article_progress': {
      const o = fields(row.props);
      return { ...NONE, article: text(o, 'article'), article_depth: nonNegative(o, 'depth') ?? 0, article_read_ms: nonNegative(o, 'read_ms') ?? 0 };
    }
    default:
      return NONE;
  }
}
