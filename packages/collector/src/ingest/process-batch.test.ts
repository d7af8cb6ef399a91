import { describe, expect, it } from 'vitest';
import { processBatch } from './process-batch.js';

const now = new Date('2026-11-24T12:00:00Z');
const known = async (site: string) => site === 'shop';
const event = (i: number, over: Record<string, unknown> = {}) => ({
  id: `e${i}`,
  name: 'page_view',
  ts: now.getTime() - 1000,
  visitor_id: 'v1',
  session_id: 's1',
  url: 'https://shop.example/',
  ...over,
});
const batch = (events: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, site: 'shop', sent_at: now.getTime(), events, ...over });

describe('processBatch', () => {
  it('stores valid events and rejects each invalid one with its index and reason', async () => {
    const body = batch([
      event(0),
      event(1, { name: 'purchase', props: { transaction_id: 'T1', value: 10 } }),
      event(2, { name: 'add_to_cart', props: { items: [{ item_id: 'sku-1', quantity: 2 }] } }),
    ]);
    const result = await processBatch(body, now, known);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ accepted: 2, rejected: [{ index: 1, reason: '/props/currency: Expected required property' }] });
    expect(result.events.map((e) => e.event_id)).toEqual(['e0', 'e2']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ site: 'shop', event_index: 1 });
    expect(JSON.parse(result.rejected[0]!.raw)).toMatchObject({ id: 'e1', name: 'purchase' });
  });

  it('refuses a body that is not JSON with 400 and keeps it whole for inspection', async () => {
    const result = await processBatch('{"v":1,', now, known);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: 'invalid_batch' });
    expect(result.rejected).toEqual([
      { site: null, received_at: now, event_index: null, reason: expect.stringMatching(/^body: not valid JSON/), raw: '{"v":1,' },
    ]);
  });

  it('refuses an envelope of the wrong version, naming the field', async () => {
    const result = await processBatch(batch([event(0)], { v: 2 }), now, known);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ reason: expect.stringMatching(/^\/v: /) });
    expect(result.rejected[0]!.site).toBe('shop');
  });

  it('answers 401 for an unknown site key and stores nothing', async () => {
    const result = await processBatch(batch([event(0)], { site: 'nope' }), now, known);
    expect(result.status).toBe(401);
    expect(result.events).toEqual([]);
    expect(result.rejected).toEqual([]);
  });
});
