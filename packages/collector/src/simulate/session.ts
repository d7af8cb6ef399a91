import { CATALOGUE, priceIn, productById, type Article, type Product } from './catalogue.js';
import { CONTENT_BEHAVIOUR, SESSION_MODEL, lcpConversionFactor, vitalRating } from './behaviour.js';
import type { TrafficSource, Landing } from './traffic-sources.js';
import type { Line, SimEvent, SimOrder, SimVisitor } from './visitor.js';

/** What the model knows about a session beyond its events (the ground truth reads it). */
export interface SessionInfo {
  id: string;
  source: TrafficSource;
  /** The session's first event time. */
  start: number;
}

/** Receives every event as it is generated, and each session's end: the ground truth. */
export interface SessionObserver {
  event(visitor: SimVisitor, session: SessionInfo, event: SimEvent): void;
  sessionEnd(visitor: SimVisitor, session: SessionInfo): void;
}

/** Where the simulated shop lives and where the simulated period ends. */
export interface SessionEnv {
  /** The storefront's origin, e.g. `https://shop.example`. */
  origin: string;
  /** Exclusive end of the period (epoch ms): nothing is generated at or after it. */
  to: number;
  /** Prefix of transaction ids, different per seed so that runs do not share order ids. */
  orderPrefix: string;
  observer: SessionObserver;
}

type Page =
  | { kind: 'home' }
  | { kind: 'list'; category: string | null }
  | { kind: 'product'; product: Product; lift: number }
  | { kind: 'article'; article: Article }
  | { kind: 'cart' }
  | { kind: 'checkout' }
  | { kind: 'order'; order: SimOrder }
  | { kind: 'refund'; refund: { order: SimOrder; whole: boolean } };

const BRAND = 'Lotus & Loom 莲织';
const cents = (value: number) => Math.round(value) / 100;

/**
 * Builds one session's events in time order. Time only moves forward, by at least a
 * second per event (so a visitor's events never share a millisecond, and the ~ms latency
 * shift of the HTTP path cannot move one across a day boundary: every `ts` has fewer than
 * 500 ms past its second). Once the period's end is reached the session stops: nothing
 * is generated after it, and the truth sees exactly what is emitted.
 */
class SessionBuilder {
  readonly events: SimEvent[] = [];
  url = '';
  title = '';
  /** Set once the period's end is reached. */
  closed = false;
  /** How the current page was reached, as the vitals library reports it. */
  navigation = 'navigate';

  constructor(
    readonly v: SimVisitor,
    readonly info: SessionInfo,
    readonly env: SessionEnv,
  ) {}

  /** Moves the visitor's clock forward by about `ms` (at least one second). */
  advance(ms: number): void {
    const v = this.v;
    const second = Math.floor((v.clock + Math.max(1000, ms)) / 1000) * 1000;
    v.clock = second + v.rng.int(0, 499);
    if (v.clock >= this.env.to) this.closed = true;
  }

  emit(name: string, props?: Record<string, unknown>, referrer?: string): void {
    if (this.closed) return;
    const v = this.v;
    const event: SimEvent = {
      id: `${v.id}-${(v.seq++).toString(36)}`,
      name,
      ts: v.clock,
      visitor_id: v.id,
      session_id: this.info.id,
      url: this.url,
      title: this.title,
      ...(referrer ? { referrer } : {}),
      ...(props ? { props } : {}),
    };
    this.events.push(event);
    this.env.observer.event(v, this.info, event);
  }

  /** Opens a page: its `page_view`, then the load-time web vitals. Returns the LCP (ms). */
  view(path: string, title: string, referrer: string | undefined, heaviness: number, speed: number): number {
    const rng = this.v.rng;
    // Landings are navigations; later pages are sometimes the back button or a reload.
    this.navigation = this.events.length === 0 ? 'navigate' : rng.weighted(['navigate', 'back-forward', 'reload'], (n) => (n === 'navigate' ? 92 : n === 'back-forward' ? 6 : 2));
    this.url = `${this.env.origin}${path}`;
    this.title = title;
    this.emit('page_view', undefined, referrer);
    const mobile = this.v.browser.device !== 'desktop';
    const ttfb = Math.round(rng.logNormal(mobile ? 350 : 220, 0.4) * speed);
    const fcp = Math.round(ttfb + rng.logNormal(mobile ? 900 : 650, 0.35) * speed * heaviness);
    const lcp = Math.round(fcp + rng.logNormal(mobile ? 550 : 380, 0.5) * speed * heaviness);
    this.advance(1000);
    const vital = (metric: string, value: number) =>
      this.emit('web_vital', { metric, value, rating: vitalRating(metric, value), navigation_type: this.navigation });
    vital('TTFB', ttfb);
    vital('FCP', fcp);
    vital('LCP', lcp);
    return lcp;
  }

  /** Leaves the page: CLS (and INP after an interaction), then `page_engagement`. */
  leave(engagedMs: number, scroll: number, interacted: boolean): void {
    const rng = this.v.rng;
    this.advance(engagedMs * 1.15);
    const cls = Math.round(rng.logNormal(0.04, 1) * 1e4) / 1e4;
    this.emit('web_vital', { metric: 'CLS', value: cls, rating: vitalRating('CLS', cls), navigation_type: this.navigation });
    if (interacted) {
      const inp = Math.round(rng.logNormal(this.v.browser.device === 'desktop' ? 90 : 160, 0.6));
      this.emit('web_vital', { metric: 'INP', value: inp, rating: vitalRating('INP', inp), navigation_type: this.navigation });
    }
    this.emit('page_engagement', { engaged_ms: Math.round(engagedMs / 1000) * 1000, max_scroll_pct: Math.min(100, Math.round(scroll)) });
  }
}

const line = (v: SimVisitor, product: Product, quantity = 1): Line => ({
  item_id: product.item_id,
  item_name: v.region === 'cn' ? product.name['zh-CN'] : product.name.en,
  item_category: product.category,
  item_brand: product.brand,
  price: priceIn(product, v.currency),
  quantity,
});
const wireItem = (l: Line) => ({ item_id: l.item_id, item_name: l.item_name, item_category: l.item_category, item_brand: l.item_brand, price: cents(l.price), quantity: l.quantity });
const total = (lines: Line[]) => lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
const money = (v: SimVisitor, lines: Line[]) => ({ currency: v.currency, value: cents(total(lines)), items: lines.map(wireItem) });

const titleOf = (v: SimVisitor, en: string, zh: string) => `${v.region === 'cn' ? zh : en} · ${BRAND}`;

/** Products of a category (or all), the way the list page shows them. */
const listOf = (category: string | null) => CATALOGUE.products.filter((p) => category === null || p.category === category);

/**
 * Starts a session for `v` at `start` (a second later, if its clock is past that):
 * a new session id, the builder that records its events, and the visitor's count.
 */
function openSession(v: SimVisitor, start: number, source: TrafficSource, env: SessionEnv): SessionBuilder {
  v.clock = Math.max(v.clock, start - 1000);
  const info: SessionInfo = { id: v.rng.id(16), source, start: 0 };
  const b = new SessionBuilder(v, info, env);
  b.advance(1000);
  info.start = v.clock;
  v.sessions++;
  return b;
}

/**
 * Plays one organic session of a human visitor from `start`: the landing page the source
 * leads to, then page after page (home, lists, products, guides, cart, checkout, order
 * confirmation) with the GA4 ecommerce events, content impressions and clicks, article
 * read depth, engagement and web vitals a real storefront's tracker sends.
 *
 * Whether the visitor moves on, adds to the cart and buys depends on the source's intent,
 * the visitor's affinity, the content they clicked (some banners and guides sell better
 * than others) and how fast the landing page drew (a poor LCP costs sales).
 */
export function playSession(v: SimVisitor, start: number, source: TrafficSource, landing: Landing, env: SessionEnv): SimEvent[] {
  const rng = v.rng;
  const b = openSession(v, start, source, env);

  const mobile = v.browser.device !== 'desktop';
  // One speed per session (network, device): slow sessions are slow on every page.
  const speed = rng.logNormal(mobile ? 1.25 : 1, 0.35);
  let intent = source.intent * v.affinity;
  let page: Page = firstPage(v, landing);
  let referrer: string | undefined = source.referrer(rng, mobile);
  const query = source.query?.(rng);
  const landingQuery = query ? `${pathHasQuery(page) ? '&' : '?'}${new URLSearchParams(query).toString()}` : '';
  let first = true;

  for (let pages = 0; pages < SESSION_MODEL.maxPages && !b.closed; pages++) {
    const prevUrl = b.url;
    const ref = first ? referrer : prevUrl;
    const next = playPage(b, page, ref, first ? landingQuery : '', speed, intent, env, (lcp) => {
      // The landing page's LCP decides how patient the visitor is, on that page and for the rest of the visit.
      if (!first) return 1;
      const factor = lcpConversionFactor(lcp);
      intent *= factor;
      return factor;
    });
    first = false;
    referrer = undefined;
    if (!next) break;
    page = next;
  }
  env.observer.sessionEnd(v, b.info);
  return b.events;
}

/** A refund visit: the customer opens the order page and the refund is recorded there. */
export function playRefund(v: SimVisitor, start: number, refund: { order: SimOrder; whole: boolean }, env: SessionEnv, direct: TrafficSource): SimEvent[] {
  const b = openSession(v, start, direct, env);
  playPage(b, { kind: 'refund', refund }, undefined, '', 1, 1, env, () => 1);
  env.observer.sessionEnd(v, b.info);
  return b.events;
}

const pathHasQuery = (page: Page) => page.kind === 'product';

function firstPage(v: SimVisitor, landing: Landing): Page {
  const rng = v.rng;
  if (landing === 'home') return { kind: 'home' };
  if (landing === 'list') return { kind: 'list', category: rng.chance(0.5) ? null : rng.pick(Object.keys(CATALOGUE.categories)) };
  if (landing === 'article') return { kind: 'article', article: rng.pick(CATALOGUE.articles) };
  if (v.cart.length > 0 && rng.chance(0.3)) return { kind: 'cart' };
  return { kind: 'product', product: popularProduct(v), lift: 1 };
}

/** A product, the popular ones (tea first) more often. */
const popularProduct = (v: SimVisitor): Product => v.rng.weighted(CATALOGUE.products, (p) => (p.category === 'tea' ? 3 : p.category === 'teaware' ? 2 : 1.5) / Math.sqrt(p.price / 100));

/**
 * Plays one page; returns the next page, or null when the visitor leaves. `onLcp` hears
 * the page's LCP and answers the factor by which it changes the visitor's intent.
 */
function playPage(b: SessionBuilder, page: Page, referrer: string | undefined, landingQuery: string, speed: number, intent: number, env: SessionEnv, onLcp: (lcp: number) => number): Page | null {
  const v = b.v;
  const rng = v.rng;
  const M = SESSION_MODEL;
  const clamp = (p: number) => Math.min(0.95, Math.max(0, p));

  switch (page.kind) {
    case 'home': {
      intent *= onLcp(b.view(`/${landingQuery}`, titleOf(v, 'Lotus & Loom — tea, teaware and silk', '莲织 — 茶、茶具与丝绸'), referrer, 1.3, speed));
      b.advance(1500);
      const featured = ['SET-GAIWAN-04', 'TEA-PUER-357', 'SCARF-SILK-01'].map((id) => line(v, productById(id)));
      b.emit('view_item_list', { item_list_id: 'home', item_list_name: "Editor's picks", items: featured.map(wireItem) });
      const seen = [];
      for (const banner of CATALOGUE.banners) {
        const behaviour = CONTENT_BEHAVIOUR[banner.piece]!;
        if (!rng.chance(behaviour.seen)) continue;
        b.advance(1000);
        b.emit('content_impression', { content_name: banner.name, content_piece: banner.piece, content_target: banner.target });
        seen.push({ name: banner.name, piece: banner.piece, target: banner.target, behaviour, page: { kind: 'product', product: productById(banner.target.split('=')[1]!), lift: behaviour.lift } as Page });
      }
      for (const id of ['SET-GAIWAN-04', 'TEA-PUER-357', 'SCARF-SILK-01']) {
        if (!rng.chance(CONTENT_BEHAVIOUR['home-slot']!.seen)) continue;
        const target = `/product.html?id=${id}`;
        b.advance(1000);
        b.emit('content_impression', { content_name: 'Home teaser slots', content_piece: id, content_target: target });
        seen.push({ name: 'Home teaser slots', piece: id, target, behaviour: CONTENT_BEHAVIOUR['home-slot']!, page: { kind: 'product', product: productById(id), lift: CONTENT_BEHAVIOUR['home-slot']!.lift } as Page });
      }
      for (const article of CATALOGUE.articles) {
        const behaviour = CONTENT_BEHAVIOUR[`guide:${article.slug}`]!;
        if (!rng.chance(behaviour.seen)) continue;
        const target = `/guides/${article.slug}`;
        b.advance(1000);
        b.emit('content_impression', { content_name: 'Guide teasers', content_piece: article.slug, content_target: target });
        seen.push({ name: 'Guide teasers', piece: article.slug, target, behaviour, page: { kind: 'article', article } as Page });
      }
      for (const content of seen) {
        if (!rng.chance(content.behaviour.ctr)) continue;
        b.advance(rng.logNormal(4000, 0.5));
        b.emit('content_click', { content_name: content.name, content_piece: content.piece, content_target: content.target });
        b.leave(rng.logNormal(9000, 0.6), rng.between(20, 70), true);
        return content.page;
      }
      const r = rng.next();
      const interacted = r < M.home.list + M.home.article;
      b.leave(rng.logNormal(12000, 0.7), rng.between(10, 100), interacted);
      if (r < M.home.list) return { kind: 'list', category: rng.chance(0.4) ? null : rng.pick(Object.keys(CATALOGUE.categories)) };
      if (r < M.home.list + M.home.article) return { kind: 'article', article: rng.pick(CATALOGUE.articles) };
      return null;
    }
    case 'list': {
      const path = page.category ? `/products.html?category=${page.category}` : '/products.html';
      const category = page.category ? CATALOGUE.categories[page.category]! : { en: 'All products', 'zh-CN': '全部商品' };
      intent *= onLcp(b.view(`${path}${landingQuery && page.category ? landingQuery.replace('?', '&') : landingQuery}`, titleOf(v, category.en, category['zh-CN']), referrer, 1.1, speed));
      const products = listOf(page.category);
      b.advance(1200);
      b.emit('view_item_list', { item_list_id: page.category ?? 'all', item_list_name: category.en, items: products.map((p, index) => ({ ...wireItem(line(v, p)), index })) });
      if (rng.chance(clamp(M.list.select * Math.sqrt(intent)))) {
        const product = rng.weighted(products, (p) => 1 / Math.sqrt(p.price));
        b.advance(rng.logNormal(9000, 0.6));
        b.emit('select_item', { item_list_id: page.category ?? 'all', item_list_name: category.en, items: [wireItem(line(v, product))] });
        b.leave(rng.logNormal(3000, 0.4), rng.between(20, 90), true);
        return { kind: 'product', product, lift: 1 };
      }
      b.leave(rng.logNormal(10000, 0.7), rng.between(10, 100), false);
      return null;
    }
    case 'article': {
      const article = page.article;
      const behaviour = CONTENT_BEHAVIOUR[`article:${article.slug}`]!;
      intent *= onLcp(b.view(`/guides/${article.slug}${landingQuery}`, titleOf(v, article.title.en, article.title['zh-CN']), referrer, 1, speed));
      let readMs = 0;
      let depth = 0;
      for (const milestone of [25, 50, 75, 100]) {
        if (!rng.chance(milestone === 25 ? behaviour.seen : behaviour.keepReading)) break;
        const read = Math.round(rng.logNormal(behaviour.readMsPerQuarter, 0.4) / 1000) * 1000;
        readMs += read;
        b.advance(read);
        b.emit('article_progress', { article: article.title.en, depth: milestone, read_ms: readMs });
        depth = milestone;
      }
      // The teasers sit below the article: seen by readers who got at least halfway.
      let next: Page | null = null;
      if (depth >= 50) {
        for (const id of article.products) {
          const target = `/product.html?id=${id}`;
          b.advance(1000);
          b.emit('content_impression', { content_name: article.title.en, content_piece: id, content_target: target });
          if (!next && rng.chance(behaviour.ctr)) next = { kind: 'product', product: productById(id), lift: behaviour.lift };
        }
      }
      if (next) {
        const target = `/product.html?id=${(next as { product: Product }).product.item_id}`;
        b.advance(rng.logNormal(3000, 0.4));
        b.emit('content_click', { content_name: article.title.en, content_piece: (next as { product: Product }).product.item_id, content_target: target });
      }
      b.leave(Math.max(readMs, 5000) + rng.logNormal(4000, 0.5), depth || rng.between(5, 20), next !== null || depth > 0);
      if (next) return next;
      if (rng.chance(0.12)) return { kind: 'home' };
      return null;
    }
    case 'product': {
      const { product } = page;
      const item = line(v, product);
      intent *= onLcp(b.view(`/product.html?id=${product.item_id}${landingQuery}`, titleOf(v, product.name.en, product.name['zh-CN']), referrer, 1.15, speed));
      b.advance(1000);
      b.emit('view_item', money(v, [item]));
      const look = rng.logNormal(25000, 0.7);
      if (rng.chance(clamp(M.product.add * intent * page.lift))) {
        b.advance(look);
        const added = { ...item, quantity: rng.chance(0.2) ? 2 : 1 };
        b.emit('add_to_cart', money(v, [added]));
        const existing = v.cart.find((l) => l.item_id === added.item_id);
        if (existing) existing.quantity += added.quantity;
        else v.cart.push(added);
        b.leave(rng.logNormal(3000, 0.4), rng.between(30, 100), true);
        if (rng.chance(M.product.keepShopping)) return { kind: 'product', product: related(v, product), lift: 1 };
        return { kind: 'cart' };
      }
      b.leave(look, rng.between(15, 100), false);
      const r = rng.next();
      if (r < M.product.related) return { kind: 'product', product: related(v, product), lift: 1 };
      if (r < M.product.related + M.product.list) return { kind: 'list', category: product.category };
      if (v.cart.length > 0 && rng.chance(0.25)) return { kind: 'cart' };
      return null;
    }
    case 'cart': {
      intent *= onLcp(b.view(`/cart.html${landingQuery}`, titleOf(v, 'Your cart', '购物车'), referrer, 0.9, speed));
      if (v.cart.length === 0) {
        b.leave(rng.logNormal(4000, 0.5), 30, false);
        return null;
      }
      b.advance(1000);
      b.emit('view_cart', money(v, v.cart));
      if (rng.chance(clamp(M.cart.checkout * Math.sqrt(intent)))) {
        b.leave(rng.logNormal(15000, 0.6), rng.between(40, 100), true);
        return { kind: 'checkout' };
      }
      if (v.cart.length > 1 && rng.chance(0.3)) {
        const removed = v.cart.pop()!;
        b.advance(rng.logNormal(8000, 0.5));
        b.emit('remove_from_cart', money(v, [removed]));
      }
      b.leave(rng.logNormal(20000, 0.6), rng.between(40, 100), true);
      return null;
    }
    case 'checkout': {
      intent *= onLcp(b.view('/checkout.html', titleOf(v, 'Checkout', '结算'), referrer, 1, speed));
      b.advance(1000);
      b.emit('begin_checkout', money(v, v.cart));
      const fill = rng.logNormal(60000, 0.5);
      if (!rng.chance(clamp(M.checkout.pay * Math.sqrt(intent)))) {
        b.leave(fill, rng.between(30, 100), true);
        return null;
      }
      b.leave(fill, 100, true);
      const lines = v.cart.splice(0);
      const order: SimOrder = {
        transaction_id: `${env.orderPrefix}-${v.index.toString(36).toUpperCase()}-${v.orders.length + 1}`,
        ts: 0,
        currency: v.currency,
        lines,
        value: total(lines),
      };
      return { kind: 'order', order };
    }
    case 'order': {
      const { order } = page;
      intent *= onLcp(b.view(`/order.html?id=${order.transaction_id}`, titleOf(v, 'Thank you for your order', '感谢您的订购'), referrer, 0.8, speed));
      if (b.closed) return null;
      order.ts = v.clock;
      b.emit('purchase', {
        transaction_id: order.transaction_id,
        ...money(v, order.lines),
        payment_type: v.region === 'cn' ? rng.pick(['Alipay', 'WeChat Pay']) : rng.pick(['card', 'PayPal']),
        shipping: 0,
      });
      v.orders.push(order);
      if (rng.chance(M.refund.rate)) {
        const whole = order.lines.length === 1 && order.lines[0]!.quantity === 1 ? true : rng.chance(M.refund.wholeShare);
        v.refunds.push({ at: order.ts + rng.between(M.refund.minDays, M.refund.maxDays) * 86_400_000, order, whole });
      }
      b.leave(rng.logNormal(8000, 0.5), rng.between(30, 100), false);
      return null;
    }
    case 'refund': {
      const { order, whole } = page.refund;
      b.view(`/order.html?id=${order.transaction_id}`, titleOf(v, 'Your order', '我的订单'), undefined, 0.8, speed);
      b.advance(rng.logNormal(20000, 0.5));
      if (whole) {
        b.emit('refund', { transaction_id: order.transaction_id, currency: order.currency, value: cents(order.value) });
      } else {
        const refunded = { ...order.lines[0]!, quantity: 1 };
        b.emit('refund', { transaction_id: order.transaction_id, currency: order.currency, value: cents(refunded.price), items: [wireItem(refunded)] });
      }
      b.leave(rng.logNormal(5000, 0.5), 60, true);
      return null;
    }
  }
}

/** Another product of the same category (or any other, when it is the only one). */
function related(v: SimVisitor, product: Product): Product {
  const same = CATALOGUE.products.filter((p) => p.category === product.category && p.item_id !== product.item_id);
  return v.rng.pick(same.length > 0 ? same : CATALOGUE.products.filter((p) => p.item_id !== product.item_id));
}

/** A crawler's visit: page views only, a few seconds apart, without referrer or interaction. */
export function playCrawl(v: SimVisitor, start: number, pages: number, env: SessionEnv, source: TrafficSource): SimEvent[] {
  const rng = v.rng;
  const b = openSession(v, start, source, env);
  const paths = ['/', '/products.html', ...CATALOGUE.products.map((p) => `/product.html?id=${p.item_id}`), ...CATALOGUE.articles.map((a) => `/guides/${a.slug}`)];
  for (let i = 0; i < pages && !b.closed; i++) {
    b.url = `${env.origin}${rng.pick(paths)}`;
    b.title = BRAND;
    b.emit('page_view');
    b.advance(rng.between(1500, 8000));
  }
  env.observer.sessionEnd(v, b.info);
  return b.events;
}
