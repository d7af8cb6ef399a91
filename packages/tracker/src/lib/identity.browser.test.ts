import { expect } from '@open-wc/testing';
import { createIdentity, SESSION_TIMEOUT_MS, STORAGE_KEY } from './identity.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const always = () => true;
const never = () => false;

/** Makes every access to `window.localStorage` throw, as when the user blocks site data. */
function blockLocalStorage(): () => void {
  const owner = Object.hasOwn(window, 'localStorage') ? window : Window.prototype;
  const original = Object.getOwnPropertyDescriptor(owner, 'localStorage')!;
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
  return () => {
    if (owner === window) Object.defineProperty(window, 'localStorage', original);
    else delete (window as { localStorage?: Storage }).localStorage;
  };
}

describe('createIdentity', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the visitor id across page loads', () => {
    const first = createIdentity(always).ids(T0).visitor_id;
    expect(first).to.match(ID);
    expect(createIdentity(always).ids(T0 + MINUTE).visitor_id).to.equal(first);
    localStorage.clear();
    expect(createIdentity(always).ids(T0 + MINUTE).visitor_id).to.not.equal(first);
  });

  it('keeps the session while events come less than 30 minutes apart', () => {
    const identity = createIdentity(always);
    const session = identity.ids(T0).session_id;
    expect(session).to.match(ID);
    expect(identity.ids(T0 + 29 * MINUTE).session_id).to.equal(session);
    // Activity extends the session: an hour after its start, but 29 minutes after the last event.
    expect(identity.ids(T0 + 58 * MINUTE).session_id).to.equal(session);
  });

  it('starts a new session after 30 minutes without events, for the same visitor', () => {
    const identity = createIdentity(always);
    const first = identity.ids(T0);
    const second = identity.ids(T0 + SESSION_TIMEOUT_MS);
    expect(second.session_id).to.match(ID).and.not.equal(first.session_id);
    expect(second.visitor_id).to.equal(first.visitor_id);
    expect(identity.ids(T0 + SESSION_TIMEOUT_MS + MINUTE).session_id).to.equal(second.session_id);
  });

  it('shares the session between tabs of the same shop', () => {
    const tab1 = createIdentity(always);
    const tab2 = createIdentity(always);
    const session = tab1.ids(T0).session_id;
    expect(tab2.ids(T0 + 20 * MINUTE).session_id).to.equal(session);
    // tab2's event counts as activity for tab1 too.
    expect(tab1.ids(T0 + 40 * MINUTE).session_id).to.equal(session);
  });

  it('writes the record at most once a second, however many events', () => {
    const identity = createIdentity(always);
    const original = Storage.prototype.setItem;
    let writes = 0;
    Storage.prototype.setItem = function (this: Storage, ...args: [string, string]) {
      writes++;
      return original.apply(this, args);
    };
    try {
      for (let i = 0; i < 1000; i++) identity.ids(T0 + i / 2);
      expect(writes).to.equal(1);
      identity.ids(T0 + 1000);
      expect(writes).to.equal(2);
    } finally {
      Storage.prototype.setItem = original;
    }
  });

  it('replaces ids that are not valid in storage', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ v: 'not an id!', s: 'bad id.', t: T0 }));
    const ids = createIdentity(always).ids(T0 + MINUTE);
    expect(ids.visitor_id).to.match(ID);
    expect(ids.session_id).to.match(ID);
    localStorage.setItem(STORAGE_KEY, '{not json');
    expect(createIdentity(always).ids(T0).visitor_id).to.match(ID);
  });

  it('carries the user id from identify until reset, which also starts a new visitor', () => {
    const identity = createIdentity(always);
    const before = identity.ids(T0);
    expect(before.user_id).to.equal(undefined);
    identity.identify('customer-42');
    expect(identity.ids(T0 + MINUTE)).to.include({ user_id: 'customer-42', visitor_id: before.visitor_id });
    expect(createIdentity(always).ids(T0 + MINUTE).user_id, 'kept for the next page').to.equal('customer-42');
    identity.reset();
    const after = identity.ids(T0 + 2 * MINUTE);
    expect(after.user_id).to.equal(undefined);
    expect(after.visitor_id).to.not.equal(before.visitor_id);
    expect(after.session_id).to.not.equal(before.session_id);
  });

  it('stores nothing while not persistent, and keeps the ids in memory', () => {
    const identity = createIdentity(never);
    const ids = identity.ids(T0);
    identity.identify('customer-42');
    expect(identity.ids(T0 + MINUTE)).to.deep.equal({ ...ids, user_id: 'customer-42' });
    expect(localStorage.length).to.equal(0);
  });

  it('moves the ids to the device once allowed, adopting a visitor already there', () => {
    const earlier = createIdentity(always).ids(T0).visitor_id;
    let allowed = false;
    const identity = createIdentity(() => allowed);
    allowed = true;
    expect(identity.ids(T0 + MINUTE).visitor_id).to.equal(earlier);

    localStorage.clear();
    allowed = false;
    const fresh = createIdentity(() => allowed);
    const id = fresh.ids(T0).visitor_id;
    allowed = true;
    fresh.keepOnDevice(true);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).v).to.equal(id);
  });

  it('keepOnDevice(false) deletes the ids from the device; they go on in memory', () => {
    let allowed = true;
    const identity = createIdentity(() => allowed);
    const ids = identity.ids(T0);
    allowed = false;
    identity.keepOnDevice(false);
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
    expect(identity.ids(T0 + MINUTE).visitor_id).to.equal(ids.visitor_id);
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it('still works, for the life of the page, when storage is blocked', () => {
    const unblock = blockLocalStorage();
    try {
      expect(() => localStorage).to.throw();
      const identity = createIdentity(always);
      const ids = identity.ids(T0);
      expect(ids.visitor_id).to.match(ID);
      expect(identity.ids(T0 + MINUTE).session_id).to.equal(ids.session_id);
      expect(identity.ids(T0 + MINUTE + SESSION_TIMEOUT_MS).session_id).to.not.equal(ids.session_id);
      expect(() => identity.keepOnDevice(false)).to.not.throw();
      expect(() => identity.keepOnDevice(true)).to.not.throw();
    } finally {
      unblock();
    }
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it('still works when writes fail, as in a full quota or Safari private mode', () => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    try {
      const identity = createIdentity(always);
      const ids = identity.ids(T0);
      expect(identity.ids(T0 + MINUTE).session_id).to.equal(ids.session_id);
      expect(ids.visitor_id).to.match(ID);
    } finally {
      Storage.prototype.setItem = original;
    }
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
  });
});
