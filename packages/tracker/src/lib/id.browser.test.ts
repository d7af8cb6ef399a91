import { expect } from '@open-wc/testing';
import { randomId } from './id.js';

describe('randomId', () => {
  it('draws 128 random bits as four base-36 words, a valid wire-format id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[0-9a-z]{4,28}$/);
    // Four words of up to 7 digits each: nearly every id is 24 characters or more.
    expect([...ids].filter((id) => id.length >= 24).length).to.be.above(990);
  });

  it('works without crypto.randomUUID (insecure origins), and uses every base-36 digit', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const seen = new Set(Array.from({ length: 50 }, () => randomId(insecure)).join(''));
    expect(seen.size).to.equal(36);
  });
});
