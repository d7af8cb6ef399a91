import { BREAKDOWN_DIMENSIONS, BREAKDOWN_LIMIT, type BreakdownDimension, type BreakdownReport, type BreakdownRow } from '@vitrine/schema';
import type { BreakdownCounts, BreakdownQuery, Site } from '../store/event-store.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';
import type { DateRange } from './range.js';

/** A parsed breakdown request. */
export interface BreakdownRequest extends ReportRequest {
  dimension: BreakdownDimension;
  limit: number;
}

/**
 * Reads `GET /v1/reports/breakdown`: the common parameters plus `dimension=` (required,
 * one of the schema's `BREAKDOWN_DIMENSIONS`) and `limit=` (1 to 1000, default 10).
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseBreakdownRequest(params: URLSearchParams, site: Site, now: Date): BreakdownRequest | string {
  const unknown = unknownParams(params, ['dimension', 'limit']);
  if (unknown) return unknown;
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const dimension = params.get('dimension');
  if (dimension === null || !(BREAKDOWN_DIMENSIONS as readonly string[]).includes(dimension)) {
    return `dimension: expected one of ${BREAKDOWN_DIMENSIONS.join(', ')}`;
  }
  const rawLimit = params.get('limit');
  const limit = rawLimit === null ? BREAKDOWN_LIMIT.default : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= BREAKDOWN_LIMIT.max)) return `limit: expected an integer from 1 to ${BREAKDOWN_LIMIT.max}`;
  return { ...request, dimension: dimension as BreakdownDimension, limit };
}

/** The store query for one period. */
export const breakdownStoreQuery = (request: BreakdownRequest, range: DateRange): BreakdownQuery => ({
  ...request.scope,
  ...range,
  dimension: request.dimension,
  limit: request.limit,
});

/** One row of the answer: conversion, and orders and net revenue keyed by currency. */
function toRow(counts: BreakdownCounts): BreakdownRow {
  return {
    key: counts.key,
    visitors: counts.visitors,
    sessions: counts.sessions,
    converted_sessions: counts.converted_sessions,
    conversion_rate: counts.sessions === 0 ? null : counts.converted_sessions / counts.sessions,
    orders: Object.fromEntries(counts.money.map((m) => [m.currency, m.orders])),
    revenue: Object.fromEntries(counts.money.map((m) => [m.currency, m.net])),
  };
}

/** The whole answer of `GET /v1/reports/breakdown`. */
export function toBreakdownReport(request: BreakdownRequest, current: BreakdownCounts[], previous: BreakdownCounts[] | null): BreakdownReport {
  return {
    ...echoScope(request),
    dimension: request.dimension,
    limit: request.limit,
    rows: current.map(toRow),
    previous: previous && previous.map(toRow),
  };
}
