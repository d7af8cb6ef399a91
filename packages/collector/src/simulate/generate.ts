import { LIMITS } from '@vitrine/schema';
import { BOT_MODEL, RETURN_MODEL } from './behaviour.js';
import { SimCalendar } from './calendar.js';
import { mixSeed, Random } from './prng.js';
import { playCrawl, playRefund, playSession, type SessionEnv } from './session.js';
import { pickFirstSource, pickReturnSource, TRAFFIC_SOURCES, type Landing, type TrafficSource } from './traffic-sources.js';
import { GroundTruth, type GroundTruthSummary } from './truth.js';
import { BOT_USER_AGENTS, pickBrowser, visitorIp } from './user-agents.js';
import { nextActivity, type SimEvent, type SimVisitor } from './visitor.js';

/** What to simulate. */
export interface SimulationOptions {
  /** Seed of every random draw: the same options give the same events and truth. */
  seed: number;
  /** Local days to simulate, ending with `end`. */
  days: number;
  /** The last simulated local day, `YYYY-MM-DD` (included). */
  end: string;
  /** IANA zone whose days and hours the traffic follows (the site's zone). */
  tz: string;
  /** New human visitors over the whole period (bots come on top). */
  visitors: number;
  /** The storefront's origin, which page URLs use. */
  origin: string;
}

/** One request's worth of events: one visitor's, with the headers their browser would send. */
export interface SimBatch {
  ua: string;
  ip: string;
  events: SimEvent[];
}

const DAY_MS = 86_400_000;
/** A session ends after 30 minutes without events: the next visit starts later than that. */
const NEW_SESSION_GAP_MS = 31 * 60_000;
/** Events per batch: well under the wire's limit of {@link LIMITS.eventsPerBatch} and the 256 KB body limit. */
const BATCH_EVENTS = Math.min(200, LIMITS.eventsPerBatch);

/** Visits per local hour, relative (a Chinese store: lunch break and the evening peak). */
const HOURS = [3, 1.5, 0.8, 0.5, 0.4, 0.5, 1, 2, 3.5, 4.5, 5, 5, 5.5, 5, 4.5, 4.5, 4.5, 4.5, 5, 6, 7.5, 8, 7, 5];
/** Monday … Sunday. */
const WEEKDAYS = [0.95, 0.95, 0.97, 1, 1.05, 1.12, 1.1];
/** Shopping festivals (MM-DD): Singles' Day and its eve, 618, Double 12, Women's Day. */
const FESTIVALS: Record<string, number> = { '11-10': 1.5, '11-11': 2.6, '11-12': 1.3, '06-18': 2, '12-12': 1.5, '03-08': 1.3 };

/** A min-heap of visitors by their next activity (ties by visitor order, so the run is reproducible). */
class Schedule {
  #heap: { at: number; order: number; visitor: SimVisitor }[] = [];
  #order = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, visitor: SimVisitor): void {
    const heap = this.#heap;
    heap.push({ at, order: this.#order++, visitor });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  peek(): number {
    return this.#heap[0]?.at ?? Infinity;
  }

  pop(): { at: number; visitor: SimVisitor } {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(l, m)) m = l;
        if (r < heap.length && this.#less(r, m)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }

  #less(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.at < y.at || (x.at === y.at && x.order < y.order);
  }
}

/**
 * A simulated storefront over a period: new visitors arrive every day (more at weekends,
 * in the evening and on shopping festivals, a little more as the shop grows), each plays
 * sessions, and comes back or not (customers more often, browsers less and less: cohorts
 * decay). Visits are played in time order across all visitors, so the batches come out
 * roughly in the order a collector would receive them, and memory holds only the
 * visitors who will come back, never the events.
 */
export class Simulation {
  readonly calendar: SimCalendar;
  readonly truth: GroundTruth;
  #started = false;

  constructor(readonly options: SimulationOptions) {
    if (!Number.isInteger(options.visitors) || options.visitors < 0) throw new Error(`visitors: expected a whole number ≥ 0, got ${options.visitors}`);
    if (!/^https?:\/\/[^/]+$/.test(options.origin)) throw new Error(`origin: expected an origin such as https://shop.example, got "${options.origin}"`);
    this.calendar = new SimCalendar(options.end, options.days, options.tz);
    this.truth = new GroundTruth(this.calendar);
  }

  /** How many new human visitors arrive on each day (summing to `visitors` exactly). */
  arrivals(): number[] {
    const c = this.calendar;
    const weights = c.dates.map((date, d) => {
      const mmdd = `${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
      const blackFriday = date.m === 11 && date.d >= 22 && date.d <= 28 && c.weekday(d) === 4 ? 1.4 : 1;
      return WEEKDAYS[c.weekday(d)]! * (0.85 + (0.3 * d) / Math.max(1, c.days - 1)) * (FESTIVALS[mmdd] ?? 1) * blackFriday;
    });
    const sum = weights.reduce((a, b) => a + b, 0);
    const exact = weights.map((w) => (this.options.visitors * w) / sum);
    const counts = exact.map(Math.floor);
    // Largest remainders get the visitors that flooring lost (ties to the earlier day).
    let missing = this.options.visitors - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) {
      if (missing-- <= 0) break;
      counts[i]!++;
    }
    return counts;
  }

  /**
   * The batches, in roughly chronological order. Can be iterated once; the truth is
   * complete when the iteration ends.
   */
  *batches(): Generator<SimBatch> {
    if (this.#started) throw new Error('a Simulation can be run once');
    this.#started = true;
    const { seed, origin } = this.options;
    const c = this.calendar;
    const env: SessionEnv = { origin, to: c.to, orderPrefix: `LL${(mixSeed(seed, 'orders') % 46656).toString(36).toUpperCase().padStart(3, '0')}`, observer: this.truth };
    const direct = TRAFFIC_SOURCES[0]!;
    const schedule = new Schedule();
    const counts = this.arrivals();
    let humans = 0;
    let bots = 0;

    for (let d = 0; d < c.days; d++) {
      const dayStart = c.bounds[d]!;
      const dayEnd = c.bounds[d + 1]!;
      const rng = Random.of(seed, `day:${d}`);
      const timeOfDay = () => Math.min(dayEnd - 1, dayStart + rng.weighted(HOURS.map((_, h) => h), (h) => HOURS[h]!) * 3_600_000 + rng.int(0, 3_599_999));
      for (let i = 0; i < counts[d]!; i++) schedule.push(timeOfDay(), this.#human(humans++));
      const crawls = Math.round(counts[d]! * BOT_MODEL.share * rng.between(0.5, 1.5));
      for (let i = 0; i < crawls; i++) schedule.push(dayStart + rng.int(0, dayEnd - dayStart - 1), this.#bot(bots++));

      while (schedule.peek() < dayEnd) {
        const { at, visitor: v } = schedule.pop();
        const start = Math.max(at, v.sessions > 0 ? v.clock + NEW_SESSION_GAP_MS : at);
        let events: SimEvent[];
        if (v.bot) {
          events = playCrawl(v, start, v.rng.int(BOT_MODEL.minPages, BOT_MODEL.maxPages), env, direct);
        } else {
          const refundIndex = v.refunds.findIndex((r) => r.at <= at);
          if (refundIndex >= 0) {
            const [refund] = v.refunds.splice(refundIndex, 1);
            events = playRefund(v, start, refund!, env, direct);
          } else {
            const source = v.sessions === 0 ? v.firstSource : pickReturnSource(v.rng, v.region, v.orders.length > 0);
            events = playSession(v, start, source, this.#landing(v, source), env);
            this.#scheduleReturn(v);
          }
        }
        for (let i = 0; i < events.length; i += BATCH_EVENTS) yield { ua: v.ua, ip: v.ip, events: events.slice(i, i + BATCH_EVENTS) };
        const next = v.bot ? Infinity : nextActivity(v);
        if (next < c.to) schedule.push(Math.max(next, v.clock + NEW_SESSION_GAP_MS), v);
        else this.#done(v);
      }
    }
    while (schedule.size > 0) this.#done(schedule.pop().visitor);
  }

  /** The ground truth, once {@link batches} has been iterated to the end. */
  summary(): GroundTruthSummary {
    const { seed, days, end, tz, visitors, origin } = this.options;
    return this.truth.summary({ params: { seed, days, end, tz, visitors, origin } });
  }

  #human(index: number): SimVisitor {
    const rng = Random.of(this.options.seed, `v:${index}`);
    const firstSource = pickFirstSource(rng);
    const region = (firstSource.key === 'direct' || firstSource.key === 'newsletter') && rng.chance(0.12) ? 'west' : firstSource.region;
    const browser = pickBrowser(rng, region);
    return {
      index, bot: false, id: rng.id(16), rng, browser, ua: browser.ua, ip: visitorIp(rng, region), region,
      currency: region === 'cn' ? 'CNY' : rng.chance(0.2) ? 'EUR' : 'USD',
      affinity: rng.logNormal(1, 0.6), firstSource, sessions: 0, orders: [], cart: [], refunds: [], clock: 0, seq: 0, nextVisitAt: Infinity,
    };
  }

  #bot(index: number): SimVisitor {
    const rng = Random.of(this.options.seed, `b:${index}`);
    const browser = pickBrowser(rng, 'cn');
    return {
      index, bot: true, id: rng.id(16), rng, browser, ua: rng.pick(BOT_USER_AGENTS), ip: visitorIp(rng, rng.chance(0.5) ? 'cn' : 'west'), region: 'cn',
      currency: 'CNY', affinity: 0, firstSource: TRAFFIC_SOURCES[0]!, sessions: 0, orders: [], cart: [], refunds: [], clock: 0, seq: 0, nextVisitAt: Infinity,
    };
  }

  #landing(v: SimVisitor, source: TrafficSource): Landing {
    const entries = Object.entries(source.landings) as [Landing, number][];
    return v.rng.weighted(entries, ([, w]) => w)[0];
  }

  /** Decides whether and when the visitor comes back: customers often, browsers less with every visit. */
  #scheduleReturn(v: SimVisitor): void {
    const R = RETURN_MODEL;
    const customer = v.orders.length > 0;
    let p = customer ? R.customer : Math.max(R.floor, R.browser * R.decay ** (v.sessions - 1));
    if (v.cart.length > 0) p *= R.cartBoost;
    v.nextVisitAt = v.rng.chance(Math.min(0.9, p)) ? v.clock + Math.max(NEW_SESSION_GAP_MS, v.rng.exponential(customer ? R.customerGapDays : R.browserGapDays) * DAY_MS) : Infinity;
  }

  #done(v: SimVisitor): void {
    if (v.bot) this.truth.botVisitor();
    else this.truth.visitorDone(v);
  }
}

/**
 * How many visitors make about `events` events over this period: a small run of the same
 * model (same seed, period and zone) measures the events per visitor, and the count scales.
 */
export function visitorsForEvents(events: number, options: Omit<SimulationOptions, 'visitors'>): number {
  const probe = new Simulation({ ...options, visitors: 2000 });
  for (const _ of probe.batches());
  return Math.max(1, Math.round((events * 2000) / probe.truth.events));
}
