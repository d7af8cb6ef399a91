import type { ReportScope } from '../../event-store.js';
import { epochMs } from '../sql.js';
import { ChParams, clause } from './scope.js';

/**
 * DuckDB's `namedScope` on 18.16: the report scope narrowed to events of `names`, with
 * `columns` (which must include `event_id`: one row per `event_id` is kept, `LIMIT 1 BY`,
 * so unmerged copies in the `ReplacingMergeTree` count once, as in `scopeSql`).
 */
export function namedScope(q: ReportScope, p: ChParams, names: readonly string[], columns: string): string {
  p.values.site = q.site;
  const where = `site = {site:String} AND is_bot = 0 AND ts >= ${p.bind(epochMs(q.from), 'UInt64', 'from')} AND ts < ${p.bind(epochMs(q.to), 'UInt64', 'to')}`;
  const sessions = q.filters.length === 0 ? '' : ` AND session_id IN (SELECT session_id FROM events WHERE ${where} AND ${q.filters.map((f) => clause(f, p)).join(' AND ')})`;
  return `(SELECT ${columns} FROM events WHERE ${where} AND name IN (${names.map((n) => `'${n}'`).join(', ')})${sessions} LIMIT 1 BY event_id)`;
}
