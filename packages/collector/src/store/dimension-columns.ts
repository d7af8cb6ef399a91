import type { FunnelBreakdownDimension } from '@vitrine/schema';

/**
 * The stored column behind each per-session dimension a report can break down by (the
 * funnel's `breakdown=` and the breakdown report's session dimensions). It is the
 * allowlist: SQL only ever names a column found here, never one from the request. The
 * names are plain columns, the same in both backends, so the map exists once.
 */
export const SESSION_DIMENSION_COLUMNS: Readonly<Record<FunnelBreakdownDimension, string>> = {
  channel: 'channel',
  source: 'source',
  referrer: 'referrer_host',
  campaign: 'utm_campaign',
  device: 'device_type',
  browser: 'browser',
  os: 'os',
  country: 'country',
};
