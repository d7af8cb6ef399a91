import type { ShopCurrency } from './catalogue.js';
import type { Random } from './prng.js';
import type { TrafficSource, Region } from './traffic-sources.js';
import type { Browser } from './user-agents.js';

/** One event as the tracker would send it (a valid wire-format event; `packages/schema`). */
export interface SimEvent {
  id: string;
  name: string;
  ts: number;
  visitor_id: string;
  session_id: string;
  url: string;
  title?: string;
  referrer?: string;
  props?: Record<string, unknown>;
}

/** A line of a cart or an order, priced in the visitor's currency (cents). */
export interface Line {
  item_id: string;
  item_name: string;
  item_category: string;
  item_brand: string;
  /** Unit price in cents. */
  price: number;
  quantity: number;
}

/** An order the visitor placed. */
export interface SimOrder {
  transaction_id: string;
  ts: number;
  currency: ShopCurrency;
  lines: Line[];
  /** Order total in cents. */
  value: number;
}

/** A refund waiting to happen on a later visit. */
export interface PendingRefund {
  at: number;
  order: SimOrder;
  /** Refunds the whole order (no items) or one unit of one line. */
  whole: boolean;
}

/** A simulated visitor: who they are, their device, and the state that carries across their sessions. */
export interface SimVisitor {
  /** Position in the run (humans and bots have separate numbering). */
  index: number;
  bot: boolean;
  id: string;
  /** This visitor's own random stream. */
  rng: Random;
  browser: Browser;
  /** The bot's User-Agent, or the browser's. */
  ua: string;
  ip: string;
  region: Region;
  currency: ShopCurrency;
  /** How likely to buy, relative to the average visitor (log-normal around 1). */
  affinity: number;
  firstSource: TrafficSource;
  /** Sessions so far. */
  sessions: number;
  orders: SimOrder[];
  cart: Line[];
  refunds: PendingRefund[];
  /** Time of the visitor's latest event (epoch ms); every new event is at least a second later. */
  clock: number;
  /** Events so far, for unique event ids. */
  seq: number;
  /** When the next organic visit starts, or Infinity when the visitor does not come back. */
  nextVisitAt: number;
}

/** When the visitor next shows up: their next visit or a due refund, whichever is first. */
export function nextActivity(v: SimVisitor): number {
  let at = v.nextVisitAt;
  for (const refund of v.refunds) at = Math.min(at, refund.at);
  return at;
}
