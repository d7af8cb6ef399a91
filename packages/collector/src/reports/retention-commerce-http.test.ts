import type { CommerceReport, RetentionReport } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { retentionCommerceDataset } from '../store/retention-commerce.contract.js';
import { SECRET, useReportServer } from './report-server.test-support.js';

const DAY_S = 86_400;

/**
 * `GET /v1/reports/retention` and `/commerce` over HTTP on DuckDB, with the hand-computed
 * data set of `store/retention-commerce.contract.ts` (site `rcshop`; asked in UTC), on a
 * clock stopped at 2026-11-20: parameter checking, tokens, and the rates, averages,
 * quantiles and cumulative LTV computed from the store's counts.
 */
describe('retention and commerce endpoints', () => {
  const server = useReportServer({ sites: ['rcshop'], events: retentionCommerceDataset, now: new Date('2026-11-20T00:00:00Z') });
  const { get, json } = server;
  const RANGE = 'site=rcshop&from=2026-11-02&to=2026-11-15&tz=UTC';

  it('answers weekly retention with rates, periods not yet started as null, and the average row', async () => {
    const { status, body } = await json<RetentionReport>(`/v1/reports/retention?${RANGE}&periods=3`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      site: 'rcshop', tz: 'UTC', currency: 'CNY', from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z', compare: null,
      cohort: 'first_visit', period: 'week', return: 'any', periods: 3, unit: 'visitors', labels: ['Week 0', 'Week 1', 'Week 2', 'Week 3'],
    });
    // Week 3 of 2 November starts on the 23rd, after "now".
    expect(body.cohorts).toEqual([
      { label: '2026-11-02', size: 3, counts: [3, 2, 1, null], rates: [1, 2 / 3, 1 / 3, null] },
      { label: '2026-11-09', size: 1, counts: [1, 1, null, null], rates: [1, 1, null, null] },
    ]);
    expect(body.average).toEqual({ label: 'average', size: 4, counts: [4, 3, 1, null], rates: [1, 0.75, 1 / 3, null] });
    expect(body.data).toEqual([[0, 1, 2, 3], [1, 0.75, 1 / 3, null]]);
  });

  it('answers first-purchase cohorts returning with a purchase, filtered', async () => {
    const { body } = await json<RetentionReport>(`/v1/reports/retention?${RANGE}&cohort=first_purchase&return=purchase&period=week&periods=1&filters=device:mobile`);
    expect(body.filters).toEqual([{ dimension: 'device', values: ['mobile'] }]);
    // Only Q's first purchase was on mobile; Q's next purchase is in week 2.
    expect(body.cohorts).toEqual([{ label: '2026-11-02', size: 1, counts: [1, 0], rates: [1, 0] }]);
  });

  it('answers commerce: repurchase, time between orders, LTV, RFM and products', async () => {
    const { status, body } = await json<CommerceReport>(`/v1/reports/commerce?${RANGE}&period=week&periods=2`);
    expect(status).toBe(200);
    expect(body.repurchase).toEqual({
      customers: 5, repeat_customers: 3, rate: 0.6, orders: 9, time_between_orders: { gaps: 4, median_s: 2 * DAY_S, p90_s: 7 * DAY_S },
    });
    expect(body.ltv).toEqual({
      period: 'week', periods: 2, labels: ['Week 0', 'Week 1', 'Week 2'], currencies: ['CNY', 'USD'],
      cohorts: [
        { label: '2026-11-02', size: 3, ltv: { CNY: [60, 60, 60], USD: [13.333333, 33.333333, 60] } },
        { label: '2026-11-09', size: 1, ltv: { CNY: [25, 25, null], USD: [0, 0, null] } },
      ],
      data: {
        CNY: [[0, 1, 2], [60, 60, 60], [25, 25, null]],
        USD: [[0, 1, 2], [13.333333, 33.333333, 60], [0, 0, null]],
      },
    });
    expect(body.rfm).toEqual([
      { key: 'champions', label: 'Champions', customers: 1, orders: 3, revenue: { CNY: 130 } },
      { key: 'loyal', label: 'Loyal', customers: 1, orders: 2, revenue: { USD: 100 } },
      { key: 'new', label: 'New', customers: 1, orders: 1, revenue: { CNY: 25 } },
      { key: 'at_risk', label: 'At risk', customers: 1, orders: 2, revenue: { CNY: 30 } },
      { key: 'hibernating', label: 'Hibernating / lost', customers: 1, orders: 1, revenue: { CNY: 150 } },
    ]);
    expect(body.products).toEqual({
      limit: 20,
      rows: [
        { item_id: 'SKU-A', item_name: '围巾', view_visitors: 1, cart_visitors: 1, purchase_visitors: 2, view_to_cart: 1, cart_to_purchase: 2, units: 3, revenue: { CNY: 250 } },
        { item_id: 'SKU-B', item_name: 'Tea', view_visitors: 1, cart_visitors: 0, purchase_visitors: 2, view_to_cart: 0, cart_to_purchase: null, units: 4, revenue: { CNY: 25, USD: 100 } },
        { item_id: 'SKU-C', item_name: '', view_visitors: 0, cart_visitors: 0, purchase_visitors: 1, view_to_cart: null, cart_to_purchase: null, units: 1, revenue: { CNY: 0 } },
      ],
    });
  });

  it('refuses bad parameters with a 400 and the reason', async () => {
    const cases: [string, RegExp][] = [
      ['/v1/reports/retention?site=rcshop&cohort=first_login', /^cohort: expected one of first_visit, first_purchase/],
      ['/v1/reports/retention?site=rcshop&period=year', /^period: expected one of day, week, month/],
      ['/v1/reports/retention?site=rcshop&return=click', /^return: expected one of any, purchase/],
      ['/v1/reports/retention?site=rcshop&periods=0', /^periods: expected an integer from 1 to 90/],
      ['/v1/reports/retention?site=rcshop&periods=91', /^periods: /],
      ['/v1/reports/retention?site=rcshop&periods=2.5', /^periods: /],
      ['/v1/reports/retention?site=rcshop&compare=previous_period', /^compare: not available for retention/],
      ['/v1/reports/retention?site=rcshop&tz=Mars/Olympus', /^tz: "Mars\/Olympus" is not an IANA time zone/],
      ['/v1/reports/retention?site=rcshop&from=2026-11-05&to=2026-11-01', /^from: must be before to/],
      ['/v1/reports/retention?site=rcshop&filters=password:x', /^filters: unknown dimension "password"/],
      ['/v1/reports/retention?site=rcshop&cohorts=first_visit', /^cohorts: unknown parameter/],
      ['/v1/reports/commerce?site=rcshop&period=day', /^period: expected one of week, month/],
      ['/v1/reports/commerce?site=rcshop&periods=25', /^periods: expected an integer from 1 to 24/],
      ['/v1/reports/commerce?site=rcshop&limit=0', /^limit: expected an integer from 1 to 1000/],
      ['/v1/reports/commerce?site=rcshop&limit=x', /^limit: /],
      ['/v1/reports/commerce?site=rcshop&compare=previous_period', /^compare: not available for commerce/],
      ['/v1/reports/commerce?site=rcshop&range=fortnight', /^range: expected <N>d/],
      ['/v1/reports/commerce?site=rcshop&currency=USD', /^currency: unknown parameter/],
    ];
    for (const [path, reason] of cases) {
      const { status, body } = await json<{ error: string; reason: string }>(path);
      expect({ path, status, error: body.error }).toEqual({ path, status: 400, error: 'invalid_query' });
      expect(body.reason).toMatch(reason);
    }
    expect((await get('/v1/reports/retention?site=nope')).status).toBe(404);
    expect((await get('/v1/reports/commerce?site=nope')).status).toBe(404);
  });

  it('describes both endpoints in the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
    expect(openapi.paths['/v1/reports/retention']!.get.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['site', 'range', 'tz', 'filters', 'cohort', 'period', 'return', 'periods']),
    );
    expect(openapi.paths['/v1/reports/commerce']!.get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['site', 'period', 'periods', 'limit']));
    expect(openapi.paths['/v1/reports/commerce']!.get.parameters.map((p) => p.name)).not.toContain('compare');
  });

  it('needs a token that opens the report', async () => {
    expect((await fetch(`${server.url}/v1/reports/retention?site=rcshop`)).status).toBe(401);
    expect((await get('/v1/reports/commerce?site=rcshop', 'rcshop')).status).toBe(403);
    const minted = await fetch(`${server.url}/v1/tokens`, {
      method: 'POST', body: JSON.stringify({ site: 'rcshop', reports: ['retention'] }), headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    });
    const { token } = (await minted.json()) as { token: string };
    expect((await get(`/v1/reports/retention?${RANGE}`, token)).status).toBe(200);
    expect(await (await get(`/v1/reports/commerce?${RANGE}`, token)).json()).toMatchObject({ error: 'wrong_report' });
    const both = await fetch(`${server.url}/v1/tokens`, {
      method: 'POST', body: JSON.stringify({ site: 'rcshop', reports: ['retention', 'commerce'] }), headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    });
    expect((await get(`/v1/reports/commerce?${RANGE}`, ((await both.json()) as { token: string }).token)).status).toBe(200);
  });
});
