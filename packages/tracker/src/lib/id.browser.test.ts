import { expect } from '@open-wc/testing';
import { randomId } from './id.js';

describe('randomId', () => {
  it('draws 128 random bits as 32 hex digits, a valid wire-format id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{32}$/);
  });

  it('works without crypto.randomUUID (insecure origins), and uses every hex digit', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const seen = new Set(Array.from({ length: 50 }, () => randomId(insecure)).join(''));
    expect(seen.size).to.equal(16);
  });
});
