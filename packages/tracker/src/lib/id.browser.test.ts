import { expect } from '@open-wc/testing';
import { randomId } from './id.js';

describe('randomId', () => {
  it('draws 128 random bits as four base-36 words, a valid wire-format id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[0-9a-z]{4,28}$/);
  });

  it('writes each of the four 32-bit words in base 36, in order', () => {
    const words = [0, 35, 36, 2 ** 32 - 1];
    const source = { getRandomValues: (array: Uint32Array) => (array.set(words), array) } as unknown as Pick<Crypto, 'getRandomValues'>;
    expect(randomId(source)).to.equal('0' + 'z' + '10' + (2 ** 32 - 1).toString(36));
  });

  it('works without crypto.randomUUID (insecure origins), and uses every base-36 digit', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const seen = new Set(Array.from({ length: 50 }, () => randomId(insecure)).join(''));
    expect(seen.size).to.equal(36);
  });
});
