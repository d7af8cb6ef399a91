import { randomId } from './id.js';

/** A session ends after this long without events, as in GA4. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** The `localStorage` key of the ids, kept as one JSON record: one read and at most one write per event. */
export const STORAGE_KEY = 'vitrine';

/** The ids as stored: visitor, session, last activity (epoch ms), user. */
interface Ids {
  v?: string;
  s?: string;
  t?: number;
  u?: string;
}

/** The ids that an event carries, named as in the wire format. */
export interface EventIds {
  visitor_id: string;
  session_id: string;
  user_id?: string;
}

/** The visitor's ids, and where they are kept. See {@link createIdentity}. */
export interface Identity {
  /**
   * The ids for an event happening at `now` (epoch ms), which also counts as activity:
   * a new session starts after 30 minutes without events.
   */
  ids(now: number): EventIds;
  /** Attaches the store's user id (a logged-in shopper) to later events. */
  identify(userId: string): void;
  /** Logs out: forgets the user id and starts a new visitor and session, as on a shared computer. */
  reset(): void;
  /**
   * Applies a change of `persistent()`: now allowed, the ids go to the device at once
   * (adopting those already there); now refused (consent withdrawn), they are deleted
   * from it, and live on in memory.
   */
  keepOnDevice(allowed: boolean): void;
}

/** Storage is outside input (another script, an old version): an invalid id would get every event refused. */
const isId = (value: unknown): value is string => typeof value == 'string' && /^[\w-]{1,64}$/.test(value);

/** Runs a `localStorage` access, which throws when storage is blocked, full, or in some private modes. */
function guard<T>(access: () => T): T | undefined {
  try {
    return access();
  } catch {
    return undefined;
  }
}

/**
 * Creates the visitor's ids: in memory always, and on the device (`localStorage`) while
 * `persistent()` says so, as consent allows. When it starts saying so, the ids already
 * on the device (an earlier, consented visit) are adopted, so that the visitor stays one
 * visitor; if there are none, those in memory are written there.
 *
 * The record is re-read from `localStorage` so that tabs of one shop share the session
 * (and a logout in one tab holds in the others), and written when something changes:
 * each at most once a second, as `localStorage` is synchronous and slow (a read costs
 * microseconds, a write tens of them), and a second is nothing against a 30-minute
 * timeout. A loop of 1,000 `track` calls costs one read and one write. If the device cannot
 * keep anything, the ids still hold for the page's life in memory.
 */
export function createIdentity(persistent: () => boolean): Identity {
  let ids: Ids = {};
  /**
   * The ids, re-read from the device if allowed, unless this tab had an event in the
   * second before `now` (then it has just read and written them itself); always without
   * `now`. The throttle follows the events' clock, not the wall clock.
   */
  const load = (now?: number): Ids => {
    if (!(now! - ids.t! < 1000)) {
      const stored = persistent() && guard(() => JSON.parse(localStorage[STORAGE_KEY]) as Ids);
      if (stored && isId(stored.v)) ids = stored;
    }
    return ids;
  };
  const save = (): void => void (persistent() && guard(() => localStorage.setItem(STORAGE_KEY, JSON.stringify(ids))));

  return {
    ids(now) {
      const { v, s, t } = load(now);
      if (!isId(v)) ids.v = randomId();
      // No `t` (a new record): `now - t` is NaN, which no comparison holds for.
      if (!isId(s) || !(now - t! < SESSION_TIMEOUT_MS)) ids.s = randomId();
      if (ids.v != v || ids.s != s || !(now - t! < 1000)) {
        ids.t = now;
        save();
      }
      return { visitor_id: ids.v!, session_id: ids.s!, user_id: ids.u };
    },
    identify(userId) {
      load().u = String(userId).slice(0, 64);
      save();
    },
    reset() {
      ids = { v: randomId() };
      save();
    },
    keepOnDevice: (allowed) => (allowed ? (load(), save()) : guard(() => localStorage.removeItem(STORAGE_KEY))),
  };
}
