import { describe, expect, it } from 'vitest';
import type { Site } from '../store/event-store.js';
import { compareRange, parseFilters, parseReportRequest } from './common.js';
import { parseRange, parseRangePreset } from './range.js';
import { bucketsOf } from './trends.js';
import { formatDate, isTimeZone, shiftLocal, startOfLocalDay } from './zoned.js';

const site: Site = {
  id: 'site_1', key: 'shop', name: 'Shop', origins: [], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: false, disabled: false, created_at: new Date(0),
};
// 2026-11-24 01:30 in Shanghai, still the 23rd in UTC.
const now = new Date('2026-11-23T17:30:00Z');

describe('time zones', () => {
  it('accepts IANA names only', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+08:00')).toBe(false);
    expect(isTimeZone("UTC'; DROP TABLE events")).toBe(false);
  });

  it('finds local midnight across DST changes', () => {
    // Europe/Berlin leaves summer time on 2026-10-25: that day has 25 hours.
    expect(startOfLocalDay({ y: 2026, m: 10, d: 25 }, 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay({ y: 2026, m: 10, d: 26 }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(shiftLocal(new Date('2026-10-25T23:00:00Z'), 'Europe/Berlin', { days: -7 }).toISOString()).toBe('2026-10-18T22:00:00.000Z');
    expect(shiftLocal(new Date('2028-02-28T16:00:00Z'), 'Asia/Shanghai', { months: -12 }).toISOString()).toBe('2027-02-27T16:00:00.000Z');
  });
});

describe('ranges', () => {
  it('reads bare dates as local days in the time zone', () => {
    expect(parseRange('2026-11-02', '2026-11-03', now, 'Asia/Shanghai')).toEqual({
      from: new Date('2026-11-01T16:00:00Z'), to: new Date('2026-11-03T16:00:00Z'),
    });
  });

  it('resolves presets from the local today', () => {
    const tz = 'Asia/Shanghai';
    expect(parseRangePreset('7d', now, tz)).toEqual({ from: new Date('2026-11-16T16:00:00Z'), to: new Date('2026-11-23T16:00:00Z') });
    expect(parseRangePreset('today', now, tz)).toEqual({ from: new Date('2026-11-23T16:00:00Z'), to: new Date('2026-11-24T16:00:00Z') });
    expect(parseRangePreset('yesterday', now, tz)).toEqual({ from: new Date('2026-11-22T16:00:00Z'), to: new Date('2026-11-23T16:00:00Z') });
    expect(parseRangePreset('this_month', now, tz)).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-24T16:00:00Z') });
    expect(parseRangePreset('last_month', now, tz)).toEqual({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') });
    expect(parseRangePreset('this_year', now, 'UTC')).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') });
    expect(parseRangePreset('0d', now, tz)).toMatch(/^range: /);
    expect(parseRangePreset('800d', now, tz)).toMatch(/^range: /);
  });
});

describe('filters', () => {
  it('parses clauses and alternatives', () => {
    expect(parseFilters('channel:search|social;path:/blog/*;content:首页横幅')).toEqual([
      { dimension: 'channel', values: ['search', 'social'] },
      { dimension: 'path', values: ['/blog/*'] },
      { dimension: 'content', values: ['首页横幅'] },
    ]);
    expect(parseFilters('utm_campaign:a:b')).toEqual([{ dimension: 'utm_campaign', values: ['a:b'] }]);
    expect(parseFilters('')).toEqual([]);
  });

  it('refuses what it does not know', () => {
    expect(parseFilters('is_bot:1')).toMatch(/^filters: unknown dimension "is_bot"/);
    expect(parseFilters('channel:')).toMatch(/^filters: channel values must be/);
    expect(parseFilters('channel:a||b')).toMatch(/^filters: channel values must be/);
    expect(parseFilters('path:*')).toMatch(/^filters: path:\* matches everything/);
    expect(parseFilters(Array.from({ length: 11 }, (_, i) => `${['channel', 'source', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'device', 'browser', 'os'][i]}:x`).join(';'))).toMatch(/at most 10 clauses/);
  });
});

describe('comparison', () => {
  const range = { from: new Date('2026-11-01T16:00:00Z'), to: new Date('2026-11-03T16:00:00Z') };
  it('computes the three modes in the time zone', () => {
    expect(compareRange(range, 'previous_period', 'Asia/Shanghai')).toEqual({ from: new Date('2026-10-30T16:00:00Z'), to: range.from });
    expect(compareRange(range, 'same_period_last_week', 'Asia/Shanghai')).toEqual({ from: new Date('2026-10-25T16:00:00Z'), to: new Date('2026-10-27T16:00:00Z') });
    expect(compareRange(range, 'same_period_last_year', 'Asia/Shanghai')).toEqual({ from: new Date('2025-11-01T16:00:00Z'), to: new Date('2025-11-03T16:00:00Z') });
  });

  it('counts the previous period in local days across a DST change', () => {
    // 26 Oct to 1 Nov 2026 in Berlin (after the change) compares with 19–25 Oct (the 25th has 25 h).
    const berlin = { from: new Date('2026-10-25T23:00:00Z'), to: new Date('2026-11-01T23:00:00Z') };
    expect(compareRange(berlin, 'previous_period', 'Europe/Berlin')).toEqual({ from: new Date('2026-10-18T22:00:00Z'), to: berlin.from });
  });

  it('takes the site time zone unless tz is given, and echoes the comparison', () => {
    const request = parseReportRequest(new URLSearchParams('from=2026-11-02&to=2026-11-03&compare=previous_period'), site, now);
    expect(request).toMatchObject({ scope: { tz: 'Asia/Shanghai', currency: 'CNY', from: new Date('2026-11-01T16:00:00Z') }, compare: { mode: 'previous_period' } });
    expect(parseReportRequest(new URLSearchParams('tz=asia/shanghai'), site, now)).toMatchObject({ scope: { tz: 'Asia/Shanghai' } });
    expect(parseReportRequest(new URLSearchParams('tz=UTC&range=yesterday'), site, now)).toMatchObject({
      scope: { tz: 'UTC', from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') }, compare: null,
    });
  });
});

describe('buckets', () => {
  const range = { from: new Date('2026-10-30T16:00:00Z'), to: new Date('2026-11-03T16:00:00Z') };
  it('lists every day, ISO week and month the range touches', () => {
    expect(bucketsOf(range, 'Asia/Shanghai', 'day').map(formatDate)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
    expect(bucketsOf(range, 'Asia/Shanghai', 'week').map(formatDate)).toEqual(['2026-10-26', '2026-11-02']);
    expect(bucketsOf(range, 'Asia/Shanghai', 'month').map(formatDate)).toEqual(['2026-10-01', '2026-11-01']);
  });
});
