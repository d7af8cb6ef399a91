import {
  FILTER_DIMENSIONS,
  FILTER_LIMITS,
  FUNNEL_BREAKDOWN_DIMENSIONS,
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_ORDERS,
  FUNNEL_STEPS,
  FUNNEL_STEPS_JSON_MAX,
  FUNNEL_WINDOW_MS,
  LIMITS,
  type FilterDimension,
  type FunnelBreakdownDimension,
  type FunnelOrder,
  type FunnelReport,
  type FunnelStepResult,
} from '@vitrine/schema';
import type { FunnelCountQuery, FunnelGroupCounts, ReportFilter } from '../store/event-store.js';
import { parseFilters, unknownParams } from './common.js';
import { parseRange, parseRangePreset } from './range.js';
import { canonicalTimeZone } from './zoned.js';

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/** A parsed funnel request: the store query, with every option resolved. */
export interface FunnelRequest extends FunnelCountQuery {
  tz: string;
  order: FunnelOrder;
  windowMs: number | null;
  stepFilters: ReportFilter[][];
  filters: ReportFilter[];
  /** `breakdown=` and `breakdown_limit=`, or null. */
  breakdown: { dimension: FunnelBreakdownDimension; limit: number } | null;
}

const OWN_PARAMS = ['steps', 'steps_json', 'unit', 'order', 'window', 'breakdown', 'breakdown_limit'];

/** Reads `window=30m|2h|7d`: ms, or a reason string. */
export function parseWindow(text: string): number | string {
  const match = /^(\d{1,6})([mhd])$/.exec(text);
  const ms = match ? Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'] : Number.NaN;
  if (!(ms >= FUNNEL_WINDOW_MS.min && ms <= FUNNEL_WINDOW_MS.max)) return 'window: expected <N>m, <N>h or <N>d, from 1 minute to 365 days (such as 30m, 2h or 7d)';
  return ms;
}

/**
 * Reads `steps_json=[{"event":"page_view","filters":{"path":"/blog/*"}}, …]`: 2 to 10
 * steps, each an event name and optional filters (at most 10 dimensions of the report
 * filters' allowlist, each a string or 1 to 20 strings of 1 to 512 characters).
 *
 * @returns the step names and their filters, or a reason string.
 */
export function parseStepsJson(text: string): { steps: string[]; stepFilters: ReportFilter[][] } | string {
  if (text.length > FUNNEL_STEPS_JSON_MAX) return `steps_json: at most ${FUNNEL_STEPS_JSON_MAX} characters`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'steps_json: not valid JSON';
  }
  if (!Array.isArray(parsed) || parsed.length < FUNNEL_STEPS.min || parsed.length > FUNNEL_STEPS.max) {
    return `steps_json: expected an array of ${FUNNEL_STEPS.min} to ${FUNNEL_STEPS.max} steps`;
  }
  const steps: string[] = [];
  const stepFilters: ReportFilter[][] = [];
  for (const [i, step] of parsed.entries()) {
    const where = `steps_json[${i}]`;
    if (typeof step !== 'object' || step === null || Array.isArray(step)) return `${where}: expected {"event": …, "filters": {…}}`;
    const extra = Object.keys(step).find((k) => k !== 'event' && k !== 'filters');
    if (extra !== undefined) return `${where}: unknown field "${extra.slice(0, 40)}"`;
    const { event, filters } = step as { event?: unknown; filters?: unknown };
    if (typeof event !== 'string' || event.length > LIMITS.nameLength || !EVENT_NAME.test(event)) return `${where}.event: expected an event name`;
    const clauses: ReportFilter[] = [];
    if (filters !== undefined) {
      if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) return `${where}.filters: expected an object of dimension: value(s)`;
      const entries = Object.entries(filters);
      if (entries.length > FILTER_LIMITS.clauses) return `${where}.filters: at most ${FILTER_LIMITS.clauses} dimensions`;
      for (const [dimension, value] of entries) {
        if (!(FILTER_DIMENSIONS as readonly string[]).includes(dimension)) {
          return `${where}.filters: unknown dimension "${dimension.slice(0, 40)}" (expected one of ${FILTER_DIMENSIONS.join(', ')})`;
        }
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0 || values.length > FILTER_LIMITS.values) return `${where}.filters.${dimension}: 1 to ${FILTER_LIMITS.values} values`;
        if (!values.every((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= FILTER_LIMITS.valueLength)) {
          return `${where}.filters.${dimension}: values must be strings of 1 to ${FILTER_LIMITS.valueLength} characters`;
        }
        if (dimension === 'path' && values.includes('*')) return `${where}.filters.path: * matches everything; leave it out`;
        clauses.push({ dimension: dimension as FilterDimension, values });
      }
    }
    steps.push(event);
    stepFilters.push(clauses);
  }
  return { steps, stepFilters };
}

/**
 * Reads a funnel query from the query string: `site`; the steps as `steps=a,b,c` or
 * `steps_json=` (see {@link parseStepsJson}); `from`/`to` or `range`, and `tz` (default
 * `defaultTz`, the site's zone), with the range rules of the other reports;
 * `unit=visitors|sessions`; `order=ordered|strict`; `window=` (see {@link parseWindow});
 * `filters=` (session filters, as every report's); `breakdown=<dimension>` and
 * `breakdown_limit=` (1–20, default 5). docs/metrics.md defines each.
 *
 * @returns the request, or a reason string naming the parameter that is wrong.
 */
export function parseFunnelQuery(params: URLSearchParams, now: Date, defaultTz = 'UTC'): FunnelRequest | string {
  const site = params.get('site');
  if (!site) return 'site: required';
  const unknown = unknownParams(params, OWN_PARAMS);
  if (unknown) return unknown;
  if (params.has('compare')) return 'compare: the funnel has no comparison period';
  let steps: string[];
  let stepFilters: ReportFilter[][];
  const json = params.get('steps_json');
  if (json !== null) {
    if (params.has('steps')) return 'steps: give either steps or steps_json, not both';
    const parsed = parseStepsJson(json);
    if (typeof parsed === 'string') return parsed;
    ({ steps, stepFilters } = parsed);
  } else {
    steps = (params.get('steps') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (steps.length < FUNNEL_STEPS.min || steps.length > FUNNEL_STEPS.max) {
      return `steps: expected ${FUNNEL_STEPS.min} to ${FUNNEL_STEPS.max} comma-separated event names`;
    }
    const bad = steps.find((s) => s.length > LIMITS.nameLength || !EVENT_NAME.test(s));
    if (bad !== undefined) return `steps: "${bad.slice(0, 80)}" is not an event name`;
    stepFilters = steps.map(() => []);
  }
  const asked = params.get('tz') ?? defaultTz;
  const tz = canonicalTimeZone(asked);
  if (tz === null) return `tz: "${asked.slice(0, 64)}" is not an IANA time zone (such as Asia/Shanghai)`;
  const preset = params.get('range');
  if (preset !== null && (params.has('from') || params.has('to'))) return 'range: give either range or from/to, not both';
  const range = preset !== null ? parseRangePreset(preset, now, tz) : parseRange(params.get('from') ?? undefined, params.get('to') ?? undefined, now, tz);
  if (typeof range === 'string') return range;
  const unit = params.get('unit') ?? 'visitors';
  if (unit !== 'visitors' && unit !== 'sessions') return 'unit: expected visitors or sessions';
  const order = params.get('order') ?? 'ordered';
  if (!(FUNNEL_ORDERS as readonly string[]).includes(order)) return `order: expected one of ${FUNNEL_ORDERS.join(', ')}`;
  const rawWindow = params.get('window');
  const windowMs = rawWindow === null ? null : parseWindow(rawWindow);
  if (typeof windowMs === 'string') return windowMs;
  const filters = parseFilters(params.get('filters'));
  if (typeof filters === 'string') return filters;
  const dimension = params.get('breakdown');
  if (dimension !== null && !(FUNNEL_BREAKDOWN_DIMENSIONS as readonly string[]).includes(dimension)) {
    return `breakdown: expected one of ${FUNNEL_BREAKDOWN_DIMENSIONS.join(', ')}`;
  }
  const rawLimit = params.get('breakdown_limit');
  if (rawLimit !== null && dimension === null) return 'breakdown_limit: only with breakdown';
  const limit = rawLimit === null ? FUNNEL_BREAKDOWN_LIMIT.default : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= FUNNEL_BREAKDOWN_LIMIT.max)) return `breakdown_limit: expected an integer from 1 to ${FUNNEL_BREAKDOWN_LIMIT.max}`;
  return {
    site, steps, ...range, unit, tz, order: order as FunnelOrder, windowMs, stepFilters, filters,
    breakdown: dimension === null ? null : { dimension: dimension as FunnelBreakdownDimension, limit },
  };
}

/**
 * The nearest-rank percentile of ascending `sorted`: the smallest value with at least
 * `p` of the values at or below it (so the median of an even count is the lower middle).
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Per-step results from counts and times (conversion, drop-off, median and p90 time from the first step). */
function stepResults(query: FunnelCountQuery, counts: number[], times: number[][]): FunnelStepResult[] {
  const first = counts[0] ?? 0;
  const timing = (i: number) => {
    const sorted = i === 0 ? [] : (times[i - 1] ?? []);
    const median = nearestRank(sorted, 0.5);
    const p90 = nearestRank(sorted, 0.9);
    return median === null || p90 === null ? null : { median_s: median / 1000, p90_s: p90 / 1000 };
  };
  return query.steps.map((name, i) => {
    const visitors = counts[i] ?? 0;
    const previous = i === 0 ? visitors : (counts[i - 1] ?? 0);
    const own = query.stepFilters?.[i] ?? [];
    return {
      name,
      visitors,
      conversion_from_first: i === 0 ? 1 : first === 0 ? 0 : visitors / first,
      conversion_from_previous: i === 0 ? 1 : previous === 0 ? 0 : visitors / previous,
      drop_off: i === 0 ? 0 : previous - visitors,
      time_from_first: timing(i),
      ...(own.length > 0 ? { filters: own.map((f) => ({ dimension: f.dimension, values: f.values })) } : {}),
    };
  });
}

/**
 * The overall funnel of a breakdown: every unit has exactly one key, so the counts add
 * up and the time lists merge.
 */
export function mergeFunnelGroups(groups: FunnelGroupCounts[], steps: number): { counts: number[]; times: number[][] } {
  return {
    counts: Array.from({ length: steps }, (_, k) => groups.reduce((n, g) => n + (g.counts[k] ?? 0), 0)),
    times: Array.from({ length: steps - 1 }, (_, j) => groups.flatMap((g) => g.times[j] ?? []).sort((a, b) => a - b)),
  };
}

/**
 * Turns per-step counts into the report: conversion from the first and previous step,
 * drop-off, and (given `times`, from `EventStore.funnelTimes`) median and p90 time from
 * the first step. With a {@link FunnelRequest}, the options are echoed, and `groups`
 * (from `EventStore.funnelBreakdown`) become the top `limit` breakdown rows.
 */
export function toFunnelReport(query: FunnelCountQuery | FunnelRequest, counts: number[], times: number[][] = [], groups: FunnelGroupCounts[] = []): FunnelReport {
  const report: FunnelReport = {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    unit: query.unit ?? 'visitors',
    steps: stepResults(query, counts, times),
  };
  if (!('tz' in query)) return report;
  return {
    ...report,
    tz: query.tz,
    order: query.order,
    window_ms: query.windowMs,
    filters: query.filters.map((f) => ({ dimension: f.dimension, values: f.values })),
    breakdown: query.breakdown && {
      dimension: query.breakdown.dimension,
      limit: query.breakdown.limit,
      rows: groups.slice(0, query.breakdown.limit).map((g) => ({ key: g.key, steps: stepResults(query, g.counts, g.times) })),
    },
  };
}
