import { FUNNEL_STEPS, LIMITS, type FunnelReport } from '@vitrine/schema';
import type { FunnelCountQuery } from '../store/event-store.js';
import { parseRange } from './range.js';

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/**
 * Reads a funnel query from the query string
 * (`site`, `steps=page_view,view_item,…`, optional `from` and `to`).
 *
 * @returns the query, or a reason string naming the parameter that is wrong.
 */
export function parseFunnelQuery(params: URLSearchParams, now: Date): FunnelCountQuery | string {
  const site = params.get('site');
  if (!site) return 'site: required';
  const steps = (params.get('steps') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (steps.length < FUNNEL_STEPS.min || steps.length > FUNNEL_STEPS.max) {
    return `steps: expected ${FUNNEL_STEPS.min} to ${FUNNEL_STEPS.max} comma-separated event names`;
  }
  const bad = steps.find((s) => s.length > LIMITS.nameLength || !EVENT_NAME.test(s));
  if (bad !== undefined) return `steps: "${bad.slice(0, 80)}" is not an event name`;
  const range = parseRange(params.get('from') ?? undefined, params.get('to') ?? undefined, now);
  if (typeof range === 'string') return range;
  return { site, steps, ...range };
}

/** Turns per-step counts into the report: conversion from the first and previous step, and drop-off. */
export function toFunnelReport(query: FunnelCountQuery, counts: number[]): FunnelReport {
  const first = counts[0] ?? 0;
  return {
    site: query.site,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    unit: 'visitors',
    steps: query.steps.map((name, i) => {
      const visitors = counts[i] ?? 0;
      const previous = i === 0 ? visitors : (counts[i - 1] ?? 0);
      return {
        name,
        visitors,
        conversion_from_first: i === 0 ? 1 : first === 0 ? 0 : visitors / first,
        conversion_from_previous: i === 0 ? 1 : previous === 0 ? 0 : visitors / previous,
        drop_off: i === 0 ? 0 : previous - visitors,
      };
    }),
  };
}
