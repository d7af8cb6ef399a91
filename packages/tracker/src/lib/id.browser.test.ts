import { expect } from '@open-wc/testing';
import { randomId } from './id.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

describe('randomId', () => {
  it('uses crypto.randomUUID where the origin is secure', () => {
    expect(window.isSecureContext).to.equal(true);
    const id = randomId();
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).to.match(ID);
  });

  it('falls back to getRandomValues where randomUUID is missing (insecure origins)', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto;
    const ids = new Set(Array.from({ length: 1000 }, () => randomId(insecure)));
    expect(ids.size).to.equal(1000);
    for (const id of ids) {
      expect(id).to.match(ID);
      expect(id).to.have.length(21);
    }
  });

  it('draws every character of the alphabet in the fallback', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto;
    const seen = new Set(Array.from({ length: 200 }, () => randomId(insecure)).join(''));
    expect(seen.size).to.equal(64);
  });
});
