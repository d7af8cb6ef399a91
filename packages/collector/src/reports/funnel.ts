import { FUNNEL_STEPS, LIMITS, type FunnelReport } from '@vitrine/schema';
import type { FunnelCountQuery } from '../store/event-store.js';
import { parseRange, parseRangePreset } from './range.js';
import { canonicalTimeZone } from './zoned.js';

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/**
 * Reads a funnel query from the query string (`site`, `steps=page_view,view_item,…`,
 * optional `from` and `to` or `range`, `tz`, and `unit=visitors|sessions`), with the range rules of the other
 * reports (docs/metrics.md): bare dates and presets are local days in `tz`, which
 * defaults to `defaultTz` (the site's zone; UTC when not given).
 *
 * @returns the query, or a reason string naming the parameter that is wrong.
 */
export function parseFunnelQuery(params: URLSearchParams, now: Date, defaultTz = 'UTC'): FunnelCountQuery | string {
  const site = params.get('site');
  if (!site) return 'site: required';
  const steps = (params.get('steps') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (steps.length < FUNNEL_STEPS.min || steps.length > FUNNEL_STEPS.max) {
    return `steps: expected ${FUNNEL_STEPS.min} to ${FUNNEL_STEPS.max} comma-separated event names`;
  }
  const bad = steps.find((s) => s.length > LIMITS.nameLength || !EVENT_NAME.test(s));
  if (bad !== undefined) return `steps: "${bad.slice(0, 80)}" is not an event name`;
  const asked = params.get('tz') ?? defaultTz;
  const tz = canonicalTimeZone(asked);
  if (tz === null) return `tz: "${asked.slice(0, 64)}" is not an IANA time zone (such as Asia/Shanghai)`;
  const preset = params.get('range');
  if (preset !== null && (params.has('from') || params.has('to'))) return 'range: give either range or from/to, not both';
  const range = preset !== null ? parseRangePreset(preset, now, tz) : parseRange(params.get('from') ?? undefined, params.get('to') ?? undefined, now, tz);
  if (typeof range === 'string') return range;
  const unit = params.get('unit') ?? 'visitors';
  if (unit !== 'visitors' && unit !== 'sessions') return 'unit: expected visitors or sessions';
  return { site, steps, ...range, unit };
}

/**
 * The nearest-rank percentile of ascending `sorted`: the smallest value with at least
 * `p` of the values at or below it (so the median of an even count is the lower middle).
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Turns per-step counts into the report: conversion from the first and previous step,
 * drop-off, and (given `times`, from `EventStore.funnelTimes`) median and p90 time from
 * the first step.
 */
export function toFunnelReport(query: FunnelCountQuery, counts: number[], times: number[][] = []): FunnelReport {
  const first = counts[0] ?? 0;
  const timing = (i: number) => {
    const sorted = i === 0 ? [] : (times[i - 1] ?? []);
    const median = nearestRank(sorted, 0.5);
    const p90 = nearestRank(sorted, 0.9);
    return median === null || p90 === null ? null : { median_s: median / 1000, p90_s: p90 / 1000 };
  };
  return {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    unit: query.unit ?? 'visitors',
    steps: query.steps.map((name, i) => {
      const visitors = counts[i] ?? 0;
      const previous = i === 0 ? visitors : (counts[i - 1] ?? 0);
      return {
        name,
        visitors,
        conversion_from_first: i === 0 ? 1 : first === 0 ? 0 : visitors / first,
        conversion_from_previous: i === 0 ? 1 : previous === 0 ? 0 : visitors / previous,
        drop_off: i === 0 ? 0 : previous - visitors,
        time_from_first: timing(i),
      };
    }),
  };
}
