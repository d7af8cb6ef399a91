import { expect } from '@open-wc/testing';
import { createIdentity, SESSION_TIMEOUT_MS } from './identity.js';
import { localStore } from './storage.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

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
    const first = createIdentity(localStore).visitorId;
    expect(first).to.match(ID);
    expect(createIdentity(localStore).visitorId).to.equal(first);
    localStorage.clear();
    expect(createIdentity(localStore).visitorId).to.not.equal(first);
  });

  it('keeps the session while events come less than 30 minutes apart', () => {
    const identity = createIdentity(localStore);
    const session = identity.session(T0);
    expect(session).to.match(ID);
    expect(identity.session(T0 + 29 * MINUTE)).to.equal(session);
    // Activity extends the session: an hour after its start, but 29 minutes after the last event.
    expect(identity.session(T0 + 58 * MINUTE)).to.equal(session);
  });

  it('starts a new session after 30 minutes without events, for the same visitor', () => {
    const identity = createIdentity(localStore);
    const first = identity.session(T0);
    const second = identity.session(T0 + SESSION_TIMEOUT_MS);
    expect(second).to.match(ID);
    expect(second).to.not.equal(first);
    expect(identity.session(T0 + SESSION_TIMEOUT_MS + MINUTE)).to.equal(second);
    expect(createIdentity(localStore).visitorId).to.equal(identity.visitorId);
  });

  it('shares the session between tabs of the same shop', () => {
    const tab1 = createIdentity(localStore);
    const tab2 = createIdentity(localStore);
    const session = tab1.session(T0);
    expect(tab2.session(T0 + 20 * MINUTE)).to.equal(session);
    // tab2's event counts as activity for tab1 too.
    expect(tab1.session(T0 + 40 * MINUTE)).to.equal(session);
  });

  it('replaces ids that are not valid in storage', () => {
    localStorage.setItem('vitrine_vid', 'not an id!');
    localStorage.setItem('vitrine_sid', `bad id.${T0}`);
    const identity = createIdentity(localStore);
    expect(identity.visitorId).to.match(ID);
    expect(identity.session(T0 + MINUTE)).to.match(ID);
  });

  it('still works, for the life of the page, when storage is blocked', () => {
    const unblock = blockLocalStorage();
    try {
      expect(() => localStorage).to.throw();
      const identity = createIdentity(localStore);
      expect(identity.visitorId).to.match(ID);
      const session = identity.session(T0);
      expect(session).to.match(ID);
      expect(identity.session(T0 + MINUTE)).to.equal(session);
      expect(identity.session(T0 + MINUTE + SESSION_TIMEOUT_MS)).to.not.equal(session);
    } finally {
      unblock();
    }
    expect(localStorage.getItem('vitrine_vid')).to.equal(null);
  });

  it('still works when writes fail, as in a full quota or Safari private mode', () => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    try {
      const identity = createIdentity(localStore);
      const session = identity.session(T0);
      expect(identity.session(T0 + MINUTE)).to.equal(session);
      expect(identity.visitorId).to.match(ID);
      expect(localStorage.getItem('vitrine_vid')).to.equal(null);
    } finally {
      Storage.prototype.setItem = original;
    }
  });
});
