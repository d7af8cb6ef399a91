import {
  COMPARE_MODES,
  FILTER_DIMENSIONS,
  FILTER_LIMITS,
  type CompareMode,
  type FilterDimension,
  type ReportScopeEcho,
} from '@vitrine/schema';
import type { ReportFilter, ReportScope, Site } from '../store/event-store.js';
import { parseRange, parseRangePreset, type DateRange } from './range.js';
import { canonicalTimeZone, localDateOf, shiftLocal, startOfLocalDay } from './zoned.js';

/** A parsed report request: the scope, and the comparison range when asked for. */
export interface ReportRequest {
  scope: ReportScope;
  compare: { mode: CompareMode; range: DateRange } | null;
}

/**
 * Parses `filters=dim:value[|value…][;dim:value…]`.
 *
 * Clauses (split on `;`) must all hold; the values of one clause (split on `|`) are
 * alternatives. A dimension may appear once. A `path` value ending in `*` is a prefix
 * (`path:/blog/*`); elsewhere `*` is an ordinary character. Values are compared exactly
 * (case-sensitive), and reach the stores only as bound parameters.
 *
 * @returns the clauses, or a reason string.
 */
export function parseFilters(text: string | null | undefined): ReportFilter[] | string {
  if (!text) return [];
  const clauses = text.split(';').filter((c) => c.length > 0);
  if (clauses.length > FILTER_LIMITS.clauses) return `filters: at most ${FILTER_LIMITS.clauses} clauses`;
  const filters: ReportFilter[] = [];
  for (const clause of clauses) {
    const colon = clause.indexOf(':');
    if (colon <= 0) return `filters: "${clause.slice(0, 60)}" is not dimension:value`;
    const dimension = clause.slice(0, colon);
    if (!(FILTER_DIMENSIONS as readonly string[]).includes(dimension)) {
      return `filters: unknown dimension "${dimension.slice(0, 40)}" (expected one of ${FILTER_DIMENSIONS.join(', ')})`;
    }
    if (filters.some((f) => f.dimension === dimension)) return `filters: ${dimension} given twice (use a|b for alternatives)`;
    const values = clause.slice(colon + 1).split('|');
    if (values.length > FILTER_LIMITS.values) return `filters: at most ${FILTER_LIMITS.values} values for ${dimension}`;
    if (values.some((v) => v.length === 0 || v.length > FILTER_LIMITS.valueLength)) {
      return `filters: ${dimension} values must be 1 to ${FILTER_LIMITS.valueLength} characters`;
    }
    if (dimension === 'path' && values.some((v) => v.endsWith('*') && v.length === 1)) return 'filters: path:* matches everything; leave it out';
    filters.push({ dimension: dimension as FilterDimension, values });
  }
  return filters;
}

/**
 * The comparison range of `range` for `mode`, computed in `tz`:
 *
 * - `previous_period`: the period of the same length just before `from`. When both ends
 *   are local midnights the length is counted in local days (so a DST change does not
 *   shift it by an hour); otherwise in milliseconds.
 * - `same_period_last_week`: both ends 7 local days earlier.
 * - `same_period_last_year`: both ends 12 months earlier (29 February becomes the 28th).
 */
export function compareRange(range: DateRange, mode: CompareMode, tz: string): DateRange {
  switch (mode) {
    case 'same_period_last_week':
      return { from: shiftLocal(range.from, tz, { days: -7 }), to: shiftLocal(range.to, tz, { days: -7 }) };
    case 'same_period_last_year':
      return { from: shiftLocal(range.from, tz, { months: -12 }), to: shiftLocal(range.to, tz, { months: -12 }) };
    case 'previous_period': {
      const isMidnight = (d: Date) => startOfLocalDay(localDateOf(d, tz), tz).getTime() === d.getTime();
      if (isMidnight(range.from) && isMidnight(range.to)) {
        const a = localDateOf(range.from, tz);
        const b = localDateOf(range.to, tz);
        const days = Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
        return { from: shiftLocal(range.from, tz, { days: -days }), to: range.from };
      }
      const length = range.to.getTime() - range.from.getTime();
      return { from: new Date(range.from.getTime() - length), to: range.from };
    }
  }
}

/**
 * Reads the parameters every report shares: `from`/`to` or `range`, `tz`, `filters` and
 * `compare`, for `site` (already looked up and authorised by the route).
 *
 * @returns the request, or a reason string naming the wrong parameter (for a 400).
 */
export function parseReportRequest(params: URLSearchParams, site: Site, now: Date): ReportRequest | string {
  const asked = params.get('tz') ?? site.timezone;
  const tz = canonicalTimeZone(asked);
  if (tz === null) return `tz: "${asked.slice(0, 64)}" is not an IANA time zone (such as Asia/Shanghai)`;
  const preset = params.get('range');
  if (preset !== null && (params.has('from') || params.has('to'))) return 'range: give either range or from/to, not both';
  const range = preset !== null ? parseRangePreset(preset, now, tz) : parseRange(params.get('from') ?? undefined, params.get('to') ?? undefined, now, tz);
  if (typeof range === 'string') return range;
  const filters = parseFilters(params.get('filters'));
  if (typeof filters === 'string') return filters;
  const mode = params.get('compare');
  if (mode !== null && !(COMPARE_MODES as readonly string[]).includes(mode)) {
    return `compare: expected one of ${COMPARE_MODES.join(', ')}`;
  }
  return {
    scope: { site: site.key, from: range.from, to: range.to, tz, currency: site.currency, filters },
    compare: mode === null ? null : { mode: mode as CompareMode, range: compareRange(range, mode as CompareMode, tz) },
  };
}

/** The scope as echoed in every answer. */
export function echoScope(request: ReportRequest): ReportScopeEcho {
  const { scope, compare } = request;
  return {
    site: scope.site,
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    tz: scope.tz,
    currency: scope.currency,
    filters: scope.filters.map((f) => ({ dimension: f.dimension, values: f.values })),
    compare: compare && { mode: compare.mode, from: compare.range.from.toISOString(), to: compare.range.to.toISOString() },
  };
}

/** Rejects parameters a report does not know, so that a typo (`metric=`) is a 400 and not silently ignored. */
export function unknownParams(params: URLSearchParams, own: readonly string[]): string | null {
  const known = new Set(['site', 'from', 'to', 'range', 'tz', 'filters', 'compare', ...own]);
  for (const key of params.keys()) if (!known.has(key)) return `${key.slice(0, 40)}: unknown parameter`;
  return null;
}
