import { randomId } from './id.js';
import type { KeyValueStore } from './storage.js';

/** A session ends after this long without events, as in GA4. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

const VISITOR_KEY = 'vitrine_vid';
/** Holds `<session id>.<last activity, epoch ms>`; `.` cannot occur in an id. */
const SESSION_KEY = 'vitrine_sid';

/** Storage is outside input (another script, an old version): an invalid id would get every event refused. */
const isId = (value: string | null | undefined): value is string => !!value && /^[\w-]{1,64}$/.test(value);

/** The anonymous ids that every event carries. */
export interface Identity {
  /** Stable across page loads and sessions, for as long as the store keeps it. */
  readonly visitorId: string;
  /**
   * The session id for an event happening at `now` (epoch ms), which also counts as
   * activity: a new id is drawn when the last activity is over 30 minutes old.
   */
  session(now: number): string;
}

/**
 * Reads or creates the visitor and session ids in `store`.
 *
 * The session is re-read from the store on every event so that tabs of the same shop
 * share it. If the store cannot keep anything, the ids still hold for the page's life
 * thanks to the in-memory copies.
 */
export function createIdentity(store: KeyValueStore): Identity {
  let visitorId = store.get(VISITOR_KEY);
  if (!isId(visitorId)) store.set(VISITOR_KEY, (visitorId = randomId()));
  let lastSession = '';

  return {
    visitorId,
    session(now) {
      const [id, lastActivity] = (store.get(SESSION_KEY) || lastSession).split('.');
      const sessionId = isId(id) && now - Number(lastActivity) < SESSION_TIMEOUT_MS ? id : randomId();
      store.set(SESSION_KEY, (lastSession = `${sessionId}.${now}`));
      return sessionId;
    },
  };
}
