import { describe, expect, it } from 'vitest';
import { parseRange } from './range.js';

const now = new Date('2026-11-24T15:30:00Z');

describe('parseRange', () => {
  it('defaults to the last 30 days ending now', () => {
    expect(parseRange(undefined, undefined, now)).toEqual({ from: new Date('2026-10-25T15:30:00Z'), to: now });
  });

  it('includes the whole end day when to is a bare date', () => {
    expect(parseRange('2026-11-01', '2026-11-24', now)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-25T00:00:00Z'),
    });
  });

  it('takes date-times with an offset as exact instants', () => {
    expect(parseRange('2026-11-01T08:00:00+08:00', '2026-11-02T00:00:00Z', now)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
    });
  });

  it('explains what is wrong', () => {
    expect(parseRange('yesterday', undefined, now)).toMatch(/^from: expected YYYY-MM-DD/);
    expect(parseRange('2026-11-24', '2026-11-01', now)).toBe('from: must be before to');
    expect(parseRange('2026-02-30', undefined, now)).toMatch(/^from: /);
  });
});
