import { describe, expect, it } from 'vitest';
import { validateBatchEnvelope, validateEvent } from './validate.js';
import { eventInContext } from './wire/batch.js';
import { ARTICLE_MILESTONES, ECOMMERCE_EVENTS, LIMITS, WEB_VITAL_METRICS } from './wire/limits.js';

const base = {
  id: 'Zx9_-a1',
  name: 'page_view',
  ts: 1_764_000_000_000,
  visitor_id: 'v-1',
  session_id: 's-1',
  url: 'https://shop.example/',
};

describe('validateEvent', () => {
  it('accepts a page view and a GA4 purchase as a GA4 store sends them', () => {
    expect(validateEvent(base).ok).toBe(true);
    const purchase = {
      ...base,
      name: 'purchase',
      props: {
        transaction_id: 'T_12345', value: 72.05, currency: 'CNY', tax: 3.6, shipping: 5.99, coupon: 'SPRING',
        items: [{ item_id: 'SKU_12345', item_name: '丝绸围巾', item_brand: 'Vitrine', price: 10.01, quantity: 3, discount: 2.22 }],
      },
    };
    expect(validateEvent(purchase)).toEqual({ ok: true, value: purchase });
  });

  it('knows every GA4 ecommerce event name', () => {
    for (const name of ECOMMERCE_EVENTS) {
      const props = { transaction_id: 'T1', value: 1, currency: 'USD', items: [{ item_id: 'a' }] };
      expect(validateEvent({ ...base, name, props }), name).toEqual({ ok: true, value: { ...base, name, props } });
    }
  });

  it('points the reason at the field that is wrong', () => {
    expect(validateEvent({ ...base, name: 'add_to_cart', props: { items: [{ item_id: 'a', quantity: 1.5 }] } })).toEqual({
      ok: false,
      reason: '/props/items/0/quantity: Expected integer',
    });
    expect(validateEvent({ ...base, name: 'view_item', props: {} })).toEqual({ ok: false, reason: '/props/items: Expected required property' });
    expect(validateEvent({ ...base, url: 'javascript:alert(1)' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/url: /) });
    expect(validateEvent({ ...base, ts: 1_764_000_000 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/ts: /) });
  });

  it('refuses a value without its currency, as GA4 does', () => {
    expect(validateEvent({ ...base, name: 'begin_checkout', props: { value: 10 } })).toEqual({
      ok: false,
      reason: '/props/currency: Required when value is set',
    });
  });

  it('refuses unknown keys instead of silently ignoring a typo', () => {
    expect(validateEvent({ ...base, name: 'add_to_cart', props: { items: [{ item_id: 'a', qty: 2 }] } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^\/props\/items\/0/),
    });
    expect(validateEvent({ ...base, extra: 1 })).toMatchObject({ ok: false });
  });

  it('limits custom props to a bounded map of scalars', () => {
    expect(validateEvent({ ...base, name: 'newsletter_signup', props: { list: 'weekly', n: 2, ok: true, x: null } }).ok).toBe(true);
    expect(validateEvent({ ...base, name: 'x', props: { nested: { a: 1 } } })).toMatchObject({ ok: false });
    const many = Object.fromEntries(Array.from({ length: LIMITS.customPropKeys + 1 }, (_, i) => [`k${i}`, i]));
    expect(validateEvent({ ...base, name: 'x', props: many })).toMatchObject({ ok: false });
  });
});

describe('validateEvent: the tracker\'s content and engagement events', () => {
  const event = (name: string, props: object) => ({ ...base, name, props });
  const reason = (name: string, props: object) => {
    const result = validateEvent(event(name, props));
    return result.ok ? 'ok' : result.reason;
  };

  it('accepts them as the tracker sends them', () => {
    const valid: Array<[string, object]> = [
      ['content_impression', { content_name: 'Spring sale banner', content_piece: 'hero.jpg', content_target: '/sale' }],
      ['content_click', { content_name: 'Spring sale banner' }],
      ...ARTICLE_MILESTONES.map((depth): [string, object] => ['article_progress', { article: 'How to brew oolong', depth, read_ms: 12_000 }]),
      ['page_engagement', { engaged_ms: 7000, max_scroll_pct: 100 }],
      ...WEB_VITAL_METRICS.map((metric): [string, object] => ['web_vital', { metric, value: 0.05, rating: 'needs-improvement', navigation_type: 'back-forward-cache' }]),
      ['web_vital', { metric: 'TTFB', value: 80, rating: 'good' }],
    ];
    for (const [name, props] of valid) expect(reason(name, props), name).toBe('ok');
  });

  it('refuses what the reports could not read', () => {
    expect(reason('content_impression', {})).toBe('/props/content_name: Expected required property');
    expect(reason('content_click', { content_name: 'Banner', colour: 'red' })).toMatch(/^\/props\/colour: /);
    expect(reason('article_progress', { article: 'Oolong', depth: 30, read_ms: 1 })).toMatch(/^\/props\/depth: /);
    expect(reason('article_progress', { article: 'Oolong', depth: 50, read_ms: -1 })).toMatch(/^\/props\/read_ms: /);
    expect(reason('page_engagement', { engaged_ms: 1000, max_scroll_pct: 101 })).toMatch(/^\/props\/max_scroll_pct: /);
    expect(reason('page_engagement', { engaged_ms: 1.5, max_scroll_pct: 10 })).toMatch(/^\/props\/engaged_ms: /);
    expect(reason('web_vital', { metric: 'FID', value: 10, rating: 'good' })).toMatch(/^\/props\/metric: /);
    expect(reason('web_vital', { metric: 'LCP', value: 10, rating: 'great' })).toMatch(/^\/props\/rating: /);
    expect(reason('web_vital', { metric: 'LCP', value: 10 })).toBe('/props/rating: Expected required property');
  });

  it('does not ask a web_vital value for a currency: it is a duration or a score, not money', () => {
    expect(reason('web_vital', { metric: 'LCP', value: 2400, rating: 'good' })).toBe('ok');
  });
});

describe('validateEvent: untrusted names', () => {
  it('treats names of Object.prototype members as custom events, without throwing', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
      expect(() => validateEvent({ ...base, name, props: { a: 1 } }), name).not.toThrow();
      expect(validateEvent({ ...base, name, props: { a: 1 } }).ok, name).toBe(true);
    }
  });
});

describe('validateBatchEnvelope', () => {
  it('accepts a v1 envelope and leaves events to be checked one by one', () => {
    const batch = { v: 1, site: 'shop', sent_at: 1_764_000_000_000, events: [{ anything: true }] };
    expect(validateBatchEnvelope(batch)).toEqual({ ok: true, value: batch });
  });

  it('refuses other versions, empty and oversized batches', () => {
    const ok = { v: 1, site: 'shop', sent_at: 1_764_000_000_000, events: [{}] };
    expect(validateBatchEnvelope({ ...ok, v: 2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/v: /) });
    expect(validateBatchEnvelope({ ...ok, events: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/events: /) });
    const tooMany = Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => ({}));
    expect(validateBatchEnvelope({ ...ok, events: tooMany })).toMatchObject({ ok: false });
    expect(validateBatchEnvelope(null)).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/: /) });
  });
});

describe('a batch context', () => {
  const ok = { v: 1, site: 'shop', sent_at: 1_764_000_000_000, events: [{}] };
  const context = { visitor_id: 'v1', session_id: 's1', url: 'https://shop.example/tea', title: 'Tea' };

  it('is accepted whole or in part, and refused with a reason when a field breaks the events\' rules', () => {
    expect(validateBatchEnvelope({ ...ok, context }).ok).toBe(true);
    expect(validateBatchEnvelope({ ...ok, context: { ...context, url: 'javascript:alert(1)' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^\/context\/url: /) });
    // Empty or partial: what it lacks, the events must carry.
    expect(validateBatchEnvelope({ ...ok, context: {} }).ok).toBe(true);
    expect(validateBatchEnvelope({ ...ok, context: { url: 'https://shop.example/' } }).ok).toBe(true);
    expect(validateBatchEnvelope({ ...ok, context: { ...context, name: 'purchase' } })).toMatchObject({ ok: false });
  });

  it('fills an event without visitor_id, its own fields winning, and leaves a complete event alone', () => {
    const slim = { id: 'e1', ts: 1_764_000_000_000, name: 'page_view', title: 'Green tea' };
    const filled = eventInContext(slim, context);
    expect(filled).toEqual({ ...context, ...slim });
    expect(validateEvent(filled).ok).toBe(true);
    // A complete event without a title stays without one: another page's title is not its own.
    const complete = { id: 'e2', ts: 1_764_000_000_000, name: 'page_view', visitor_id: 'v2', session_id: 's2', url: 'https://shop.example/' };
    expect(eventInContext(complete, context)).toBe(complete);
    expect(eventInContext(slim, undefined)).toBe(slim);
    for (const odd of [null, 3, 'x', [slim]]) expect(eventInContext(odd, context)).toBe(odd);
    // Without a context, or with one that lacks them, an event without ids is still refused for what it lacks.
    expect(validateEvent(eventInContext(slim, { url: 'https://shop.example/' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/visitor_id/) });
    expect(validateEvent(eventInContext(slim, undefined))).toMatchObject({ ok: false, reason: expect.stringMatching(/visitor_id/) });
  });
});

