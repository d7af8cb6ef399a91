import { describe, expect, it } from 'vitest';
import { fixedOffset } from './zoned.js';

describe('fixedOffset', () => {
  const at = (iso: string) => new Date(iso);

  it('gives the offset of a zone that keeps it over the range', () => {
    expect(fixedOffset('Asia/Shanghai', at('2026-10-24T16:00:00Z'), at('2026-11-23T16:00:00Z'))).toBe(8 * 3_600_000);
    expect(fixedOffset('UTC', at('2026-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z'))).toBe(0);
    expect(fixedOffset('Asia/Kolkata', at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(5.5 * 3_600_000);
    // Berlin in November: winter time throughout.
    expect(fixedOffset('Europe/Berlin', at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toBe(3_600_000);
  });

  it('is null when the offset changes inside the range, even for an hour, or at its last instant', () => {
    // Berlin leaves summer time on 25 October 2026, 01:00 UTC.
    expect(fixedOffset('Europe/Berlin', at('2026-10-10T00:00:00Z'), at('2026-11-10T00:00:00Z'))).toBeNull();
    expect(fixedOffset('Europe/Berlin', at('2026-10-25T00:30:00Z'), at('2026-10-25T01:30:00Z'))).toBeNull();
    // New York: both changes of 2026 inside one range, the offsets at its ends equal.
    expect(fixedOffset('America/New_York', at('2026-01-15T00:00:00Z'), at('2026-12-15T00:00:00Z'))).toBeNull();
    // The range ends just after the change: its last instant has the new offset.
    expect(fixedOffset('Europe/Berlin', at('2026-10-24T00:00:00Z'), at('2026-10-25T01:00:00.001Z'))).toBeNull();
    expect(fixedOffset('Europe/Berlin', at('2026-10-24T00:00:00Z'), at('2026-10-25T01:00:00Z'))).toBe(2 * 3_600_000);
  });
});
