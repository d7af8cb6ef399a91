import type { SimCalendar } from './calendar.js';
import type { SessionInfo, SessionObserver } from './session.js';
import { vitalRating } from './behaviour.js';
import type { SimEvent, SimVisitor } from './visitor.js';

/** The default funnel of the ground truth: GA4's browse-to-purchase path. */
export const TRUTH_FUNNEL = ['page_view', 'view_item_list', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase'] as const;

/** Assisted conversions count orders within this many days after a touch (the content report's default `window_days`). */
export const ASSIST_WINDOW_DAYS = 7;

/** Events the visitor's browser sends without the visitor doing anything (docs/metrics.md, "Bounce"). */
const PASSIVE = new Set(['page_view', 'page_engagement', 'web_vital', 'content_impression', 'view_item_list', 'view_item']);
const RATINGS = ['good', 'needs-improvement', 'poor'] as const;
const DAY_MS = 86_400_000;

/** Per-currency money in cents. */
type Money = Map<string, number>;
const addMoney = (money: Money, currency: string, cents: number) => money.set(currency, (money.get(currency) ?? 0) + cents);
const moneyJson = (money: Money) => Object.fromEntries([...money].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, v / 100]));

/** What the truth keeps about one visitor while they are active (dropped once they never come back). */
interface VisitorTruth {
  first: number;
  cohortWeek: number;
  lastDay: number;
  lastWeek: number;
  funnelStep: number;
  /** Time of the funnel walk's step-1 event (the visitor's first page view). */
  funnelStart: number;
  seen: Set<string>;
  clicked: Set<string>;
  articles: Map<string, { depth: number; readMs: number }>;
  /** Content clicks and article reads: `content\0name\0piece` or `article\0name\0`. */
  touches: { key: string; ts: number }[];
  orders: { tid: string; ts: number; currency: string; value: number }[];
  refunded: Map<string, number>;
  channels: Set<string>;
}

/** What the truth keeps about the session being played. */
interface SessionTruth {
  first: number;
  last: number;
  pageviews: number;
  interaction: boolean;
  purchase: boolean;
  funnelStep: number;
  lcp: number | null;
}

interface ContentRow {
  name: string;
  piece: string;
  impressions: number;
  clicks: number;
  impressionVisitors: number;
  clickVisitors: number;
}

interface AssistRow {
  visitors: number;
  orders: number;
  net: Money;
}

/**
 * Computes the ground truth while the simulator generates, from exactly the events it
 * emits, with the definitions of docs/metrics.md (see docs/simulator.md for each field).
 * It is a {@link SessionObserver}: the generator hands it every event in time order per
 * visitor, then {@link visitorDone} when a visitor will not be seen again, so its memory
 * is bounded by the visitors still active, not by the events.
 *
 * Bots (the simulator knows which visitors are) are counted apart and left out of every
 * other figure, as the collector's reports leave out events flagged `is_bot`.
 */
export class GroundTruth implements SessionObserver {
  #visitors = new Map<SimVisitor, VisitorTruth>();
  #session: SessionTruth | null = null;
  #eventsByName = new Map<string, number>();
  #events = 0;
  #botEvents = 0;
  #botVisitors = 0;
  #humanVisitors = 0;
  #sessions = 0;
  #pageviews = 0;
  #bounces = 0;
  #durationMs = 0;
  #convertedSessions = 0;
  #daily: { visitors: number[]; sessions: number[]; pageviews: number[]; orders: number[]; newVisitors: number[] };
  #cohorts: { size: number; returns: number[] }[];
  #funnelVisitors: number[] = TRUTH_FUNNEL.map(() => 0);
  #funnelSessions: number[] = TRUTH_FUNNEL.map(() => 0);
  /** Per step after the first: each visitor's ms from their step-1 event along the greedy walk. */
  #funnelTimes: number[][] = TRUTH_FUNNEL.slice(1).map(() => []);
  #channels = new Map<string, { sessions: number; visitors: number; converted_sessions: number }>();
  #sources = new Map<string, number>();
  #devices = new Map<string, number>();
  #content = new Map<string, ContentRow>();
  #articles = new Map<string, { readers: number; reached: [number, number, number, number]; readMs: number[] }>();
  #assists = new Map<string, AssistRow>();
  #orders = new Map<string, number>();
  #gross: Money = new Map();
  #refunds: Money = new Map();
  #refundCount = { whole: 0, partial: 0 };
  #customers = 0;
  #repeatCustomers = 0;
  #lcp = new Map<string, { sessions: number; converted: number }>(RATINGS.map((r) => [r, { sessions: 0, converted: 0 }]));

  constructor(private readonly calendar: SimCalendar) {
    const zeros = () => new Array<number>(calendar.days).fill(0);
    this.#daily = { visitors: zeros(), sessions: zeros(), pageviews: zeros(), orders: zeros(), newVisitors: zeros() };
    this.#cohorts = calendar.weeks.map((_, i) => ({ size: 0, returns: new Array<number>(calendar.weeks.length - i - 1).fill(0) }));
  }

  /** Events generated so far, bots included. */
  get events(): number {
    return this.#events;
  }

  /** @inheritdoc */
  event(v: SimVisitor, session: SessionInfo, e: SimEvent): void {
    this.#events++;
    if (v.bot) {
      this.#botEvents++;
      return;
    }
    this.#eventsByName.set(e.name, (this.#eventsByName.get(e.name) ?? 0) + 1);
    const day = this.calendar.dayOf(e.ts);
    const week = this.calendar.weekOfDay[day]!;
    let t = this.#visitors.get(v);
    if (!t) {
      t = {
        first: e.ts, cohortWeek: week, lastDay: -1, lastWeek: week, funnelStep: 0, funnelStart: 0, seen: new Set(), clicked: new Set(),
        articles: new Map(), touches: [], orders: [], refunded: new Map(), channels: new Set(),
      };
      this.#visitors.set(v, t);
      this.#humanVisitors++;
      this.#daily.newVisitors[day]!++;
      this.#cohorts[week]!.size++;
    }
    if (t.lastDay !== day) {
      t.lastDay = day;
      this.#daily.visitors[day]!++;
    }
    if (week > t.lastWeek) {
      t.lastWeek = week;
      this.#cohorts[t.cohortWeek]!.returns[week - t.cohortWeek - 1]!++;
    }

    let s = this.#session;
    if (!s) {
      s = this.#session = { first: e.ts, last: e.ts, pageviews: 0, interaction: false, purchase: false, funnelStep: 0, lcp: null };
      this.#sessions++;
      this.#daily.sessions[day]!++;
      const channel = session.source.channel;
      const row = this.#channels.get(channel) ?? { sessions: 0, visitors: 0, converted_sessions: 0 };
      row.sessions++;
      if (!t.channels.has(channel)) {
        t.channels.add(channel);
        row.visitors++;
      }
      this.#channels.set(channel, row);
      this.#sources.set(session.source.key, (this.#sources.get(session.source.key) ?? 0) + 1);
      this.#devices.set(v.browser.device, (this.#devices.get(v.browser.device) ?? 0) + 1);
    }
    s.last = e.ts;
    if (!PASSIVE.has(e.name)) s.interaction = true;
    // Ordered funnels: events arrive in time order, a visitor's never two in one millisecond,
    // so the greedy walk (each step's earliest match after the previous) is the definition's.
    if (t.funnelStep < TRUTH_FUNNEL.length && e.name === TRUTH_FUNNEL[t.funnelStep]) {
      if (t.funnelStep === 0) t.funnelStart = e.ts;
      else this.#funnelTimes[t.funnelStep - 1]!.push(e.ts - t.funnelStart);
      this.#funnelVisitors[t.funnelStep++]!++;
    }
    if (s.funnelStep < TRUTH_FUNNEL.length && e.name === TRUTH_FUNNEL[s.funnelStep]) this.#funnelSessions[s.funnelStep++]!++;

    const props = e.props ?? {};
    switch (e.name) {
      case 'page_view':
        this.#pageviews++;
        s.pageviews++;
        this.#daily.pageviews[day]!++;
        break;
      case 'web_vital':
        if (props.metric === 'LCP' && s.lcp === null) s.lcp = props.value as number;
        break;
      case 'content_impression':
      case 'content_click': {
        const key = `${String(props.content_name)}\0${String(props.content_piece ?? '')}`;
        let row = this.#content.get(key);
        if (!row) this.#content.set(key, (row = { name: String(props.content_name), piece: String(props.content_piece ?? ''), impressions: 0, clicks: 0, impressionVisitors: 0, clickVisitors: 0 }));
        if (e.name === 'content_impression') {
          row.impressions++;
          if (!t.seen.has(key)) {
            t.seen.add(key);
            row.impressionVisitors++;
          }
        } else {
          row.clicks++;
          if (!t.clicked.has(key)) {
            t.clicked.add(key);
            row.clickVisitors++;
          }
          t.touches.push({ key: `content\0${key}`, ts: e.ts });
        }
        break;
      }
      case 'article_progress': {
        const article = String(props.article);
        const reading = t.articles.get(article) ?? { depth: 0, readMs: 0 };
        reading.depth = Math.max(reading.depth, props.depth as number);
        reading.readMs = Math.max(reading.readMs, props.read_ms as number);
        t.articles.set(article, reading);
        t.touches.push({ key: `article\0${article}\0`, ts: e.ts });
        break;
      }
      case 'purchase': {
        s.purchase = true;
        const cents = Math.round((props.value as number) * 100);
        const currency = String(props.currency);
        t.orders.push({ tid: String(props.transaction_id), ts: e.ts, currency, value: cents });
        this.#orders.set(currency, (this.#orders.get(currency) ?? 0) + 1);
        addMoney(this.#gross, currency, cents);
        this.#daily.orders[day]!++;
        break;
      }
      case 'refund': {
        const cents = Math.round((props.value as number) * 100);
        addMoney(this.#refunds, String(props.currency), cents);
        t.refunded.set(String(props.transaction_id), (t.refunded.get(String(props.transaction_id)) ?? 0) + cents);
        if (props.items) this.#refundCount.partial++;
        else this.#refundCount.whole++;
        break;
      }
    }
  }

  /** @inheritdoc */
  sessionEnd(v: SimVisitor, info: SessionInfo): void {
    const s = this.#session;
    this.#session = null;
    if (!s || v.bot) return;
    this.#durationMs += s.last - s.first;
    if (s.pageviews === 1 && !s.interaction) this.#bounces++;
    if (s.purchase) {
      this.#convertedSessions++;
      this.#channels.get(info.source.channel)!.converted_sessions++;
    }
    if (s.lcp !== null) {
      const row = this.#lcp.get(vitalRating('LCP', s.lcp))!;
      row.sessions++;
      if (s.purchase) row.converted++;
    }
  }

  /** Counts a bot visitor (their events were counted as they came). */
  botVisitor(): void {
    this.#botVisitors++;
  }

  /** Folds a visitor who will not be seen again into the totals, and forgets them. */
  visitorDone(v: SimVisitor): void {
    const t = this.#visitors.get(v);
    if (!t) return;
    this.#visitors.delete(v);
    if (t.orders.length > 0) this.#customers++;
    if (t.orders.length > 1) this.#repeatCustomers++;
    for (const [article, reading] of t.articles) {
      let row = this.#articles.get(article);
      if (!row) this.#articles.set(article, (row = { readers: 0, reached: [0, 0, 0, 0], readMs: [] }));
      row.readers++;
      [25, 50, 75, 100].forEach((depth, i) => {
        if (reading.depth >= depth) row.reached[i]! += 1;
      });
      row.readMs.push(reading.readMs);
    }
    const assistedKeys = new Set<string>();
    for (const order of t.orders) {
      const keys = new Set(t.touches.filter((touch) => touch.ts <= order.ts && order.ts - touch.ts <= ASSIST_WINDOW_DAYS * DAY_MS).map((touch) => touch.key));
      for (const key of keys) {
        let row = this.#assists.get(key);
        if (!row) this.#assists.set(key, (row = { visitors: 0, orders: 0, net: new Map() }));
        row.orders++;
        addMoney(row.net, order.currency, order.value - (t.refunded.get(order.tid) ?? 0));
        if (!assistedKeys.has(key)) {
          assistedKeys.add(key);
          row.visitors++;
        }
      }
    }
  }

  /** The summary, after every visitor is done: the JSON written by `--truth`. */
  summary(meta: Record<string, unknown>): GroundTruthSummary {
    const c = this.calendar;
    const orders = [...this.#orders.values()].reduce((a, b) => a + b, 0);
    const currencies = [...new Set([...this.#gross.keys(), ...this.#refunds.keys()])].sort();
    const gross = moneyJson(this.#gross);
    const refunds = moneyJson(this.#refunds);
    const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
    const ratio = (a: number, b: number) => (b === 0 ? null : round6(a / b));
    const nearestRank = (values: number[], p: number) => {
      if (values.length === 0) return null;
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.ceil(p * sorted.length) - 1]!;
    };
    const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
    const assist = (key: string) => {
      const row = this.#assists.get(key);
      return { visitors: row?.visitors ?? 0, orders: row?.orders ?? 0, revenue: row ? moneyJson(row.net) : {} };
    };
    return {
      generator: 'vitrine simulate',
      ...meta,
      from: new Date(c.from).toISOString(),
      to: new Date(c.to).toISOString(),
      tz: c.tz,
      definitions: 'docs/simulator.md, "Ground truth": every figure follows docs/metrics.md over [from, to) in tz, bots excluded unless named bot_*',
      events: { total: this.#events, humans: this.#events - this.#botEvents, by_name: Object.fromEntries([...this.#eventsByName].sort()) },
      bots: {
        visitors: this.#botVisitors,
        events: this.#botEvents,
        share_of_events: ratio(this.#botEvents, this.#events),
        share_of_visitors: ratio(this.#botVisitors, this.#botVisitors + this.#humanVisitors),
      },
      visitors: this.#humanVisitors,
      new_visitors: this.#humanVisitors,
      sessions: this.#sessions,
      pageviews: this.#pageviews,
      bounces: this.#bounces,
      bounce_rate: ratio(this.#bounces, this.#sessions),
      session_duration_s: this.#sessions === 0 ? null : round6(this.#durationMs / this.#sessions / 1000),
      pages_per_session: ratio(this.#pageviews, this.#sessions),
      converted_sessions: this.#convertedSessions,
      conversion_rate: ratio(this.#convertedSessions, this.#sessions),
      daily: {
        dates: c.dates.map((_, i) => c.date(i)),
        visitors: this.#daily.visitors,
        new_visitors: this.#daily.newVisitors,
        sessions: this.#daily.sessions,
        pageviews: this.#daily.pageviews,
        orders: this.#daily.orders,
      },
      funnel: {
        steps: [...TRUTH_FUNNEL], order: 'ordered', window: null, visitors: this.#funnelVisitors, sessions: this.#funnelSessions,
        time_from_first: this.#funnelTimes.map((times) => ({ median_s: seconds(nearestRank(times, 0.5)), p90_s: seconds(nearestRank(times, 0.9)) })),
      },
      cohorts: {
        cohort: 'first_visit',
        period: 'week',
        return: 'any',
        rows: c.weeks.map((week, i) => ({ cohort: week, size: this.#cohorts[i]!.size, returns: this.#cohorts[i]!.returns })),
      },
      channels: Object.fromEntries([...this.#channels].sort(([a], [b]) => (a < b ? -1 : 1))),
      sources: Object.fromEntries([...this.#sources].sort(([a], [b]) => (a < b ? -1 : 1))),
      devices: Object.fromEntries([...this.#devices].sort(([a], [b]) => (a < b ? -1 : 1))),
      content: [...this.#content.values()]
        .sort((a, b) => b.impressionVisitors - a.impressionVisitors || b.clickVisitors - a.clickVisitors || (a.name + a.piece < b.name + b.piece ? -1 : 1))
        .map((row) => ({
          name: row.name, piece: row.piece, impressions: row.impressions, clicks: row.clicks,
          impression_visitors: row.impressionVisitors, click_visitors: row.clickVisitors, ctr: ratio(row.clickVisitors, row.impressionVisitors),
          assisted: assist(`content\0${row.name}\0${row.piece}`),
        })),
      articles: [...this.#articles]
        .sort(([a, x], [b, y]) => y.readers - x.readers || (a < b ? -1 : 1))
        .map(([article, row]) => ({ article, readers: row.readers, reached: row.reached, median_read_ms: nearestRank(row.readMs, 0.5), assisted: assist(`article\0${article}\0`) })),
      commerce: {
        orders,
        orders_by_currency: Object.fromEntries([...this.#orders].sort()),
        gross,
        refunds,
        net: Object.fromEntries(currencies.map((cur) => [cur, round6((gross[cur] ?? 0) - (refunds[cur] ?? 0))])),
        refund_events: this.#refundCount,
        customers: this.#customers,
        repeat_customers: this.#repeatCustomers,
        repurchase_rate: ratio(this.#repeatCustomers, this.#customers),
      },
      vitals: {
        lcp_conversion: RATINGS.map((rating) => {
          const row = this.#lcp.get(rating)!;
          return { rating, sessions: row.sessions, converted_sessions: row.converted, rate: ratio(row.converted, row.sessions) };
        }),
      },
    };
  }
}

/** The ground-truth summary written by `vitrine simulate --truth` (docs/simulator.md describes each field). */
export interface GroundTruthSummary {
  generator: string;
  from: string;
  to: string;
  tz: string;
  definitions: string;
  events: { total: number; humans: number; by_name: Record<string, number> };
  bots: { visitors: number; events: number; share_of_events: number | null; share_of_visitors: number | null };
  visitors: number;
  new_visitors: number;
  sessions: number;
  pageviews: number;
  bounces: number;
  bounce_rate: number | null;
  session_duration_s: number | null;
  pages_per_session: number | null;
  converted_sessions: number;
  conversion_rate: number | null;
  daily: { dates: string[]; visitors: number[]; new_visitors: number[]; sessions: number[]; pageviews: number[]; orders: number[] };
  funnel: { steps: string[]; order: 'ordered'; window: null; visitors: number[]; sessions: number[]; time_from_first: { median_s: number | null; p90_s: number | null }[] };
  cohorts: { cohort: 'first_visit'; period: 'week'; return: 'any'; rows: { cohort: string; size: number; returns: number[] }[] };
  channels: Record<string, { sessions: number; visitors: number; converted_sessions: number }>;
  sources: Record<string, number>;
  devices: Record<string, number>;
  content: {
    name: string; piece: string; impressions: number; clicks: number; impression_visitors: number; click_visitors: number; ctr: number | null;
    assisted: { visitors: number; orders: number; revenue: Record<string, number> };
  }[];
  articles: { article: string; readers: number; reached: [number, number, number, number]; median_read_ms: number | null; assisted: { visitors: number; orders: number; revenue: Record<string, number> } }[];
  commerce: {
    orders: number; orders_by_currency: Record<string, number>; gross: Record<string, number>; refunds: Record<string, number>; net: Record<string, number>;
    refund_events: { whole: number; partial: number }; customers: number; repeat_customers: number; repurchase_rate: number | null;
  };
  vitals: { lcp_conversion: { rating: string; sessions: number; converted_sessions: number; rate: number | null }[] };
  [meta: string]: unknown;
}
