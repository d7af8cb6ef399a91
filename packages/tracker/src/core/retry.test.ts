import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoff, BACKOFF_BASE_MS, BACKOFF_MAX_MS, classify } from './retry.js';

describe('classify', () => {
  it('is done on any 2xx, whatever the collector refused inside it', () => {
    for (const status of [200, 201, 202, 204]) expect(classify(status, null)).toBe('done');
  });

  it('never retries a 4xx other than 408 and 429: resending cannot fix it', () => {
    for (const status of [400, 401, 403, 404, 413, 422]) expect(classify(status, '5')).toBe('done');
  });

  it('retries 408, 429 and 5xx with a backoff', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(classify(status, null)).toBe('retry');
  });

  it('waits exactly Retry-After seconds when the collector gives them', () => {
    expect(classify(429, '30')).toBe(30_000);
    expect(classify(503, '0')).toBe(0);
    expect(classify(503, '1.5')).toBe(1500);
  });

  it('falls back to the backoff for a Retry-After it does not read, rather than retrying at once', () => {
    expect(classify(503, 'Wed, 21 Oct 2026 07:28:00 GMT')).toBe('retry');
    expect(classify(503, '-5')).toBe('retry');
    expect(classify(503, '')).toBe('retry');
  });
});

describe('backoff', () => {
  afterEach(() => vi.restoreAllMocks());

  it('doubles each attempt, between half and all of the step (equal jitter)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect([0, 1, 2, 3].map(backoff)).toEqual([500, 1000, 2000, 4000]);
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    expect(backoff(0)).toBeCloseTo(BACKOFF_BASE_MS, 0);
    expect(backoff(3)).toBeCloseTo(8 * BACKOFF_BASE_MS, 0);
  });

  it('is capped, however many attempts failed', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    expect(backoff(30)).toBeCloseTo(BACKOFF_MAX_MS, 0);
    expect(backoff(1000)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
  });

  it('spreads retries of tabs that failed together', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoff(4)));
    expect(waits.size).toBeGreaterThan(40);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(8000), expect(wait).toBeLessThanOrEqual(16_000);
  });
});
