/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) with the
 * draws the traffic model needs. The simulator must be reproducible from `--seed`
 * alone, so nothing in the model may touch `Math.random` or the clock; and each
 * visitor draws from a stream of their own ({@link Random.fork}), so that a visitor
 * behaves the same whatever else is simulated around them.
 */

/** splitmix32: spreads a 32-bit seed over the generator's state (sfc32 is poor with small, similar seeds). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes a seed and a stream number into one 32-bit seed (FNV-1a over their bytes, then splitmix). */
export function mixSeed(seed: number, stream: number | string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = String(stream);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ Math.floor(seed / 2 ** 32), 0x01000193);
  return splitmix32(h >>> 0)();
}

/** A seeded stream of random draws. */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    const next = splitmix32(seed);
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    // Discard the first outputs, as sfc32's authors advise.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream named by `stream` (a visitor index, "arrivals"…), reproducible from the same seed. */
  static of(seed: number, stream: number | string): Random {
    return new Random(mixSeed(seed, stream));
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One element, with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weight(item);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** Exponentially distributed with this mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normally distributed with this median and spread (σ of the logarithm): page times, LCP. */
  logNormal(median: number, sigma: number): number {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - this.next();
    const v = this.next();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** A random id of `length` url-safe characters. */
  id(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.uint32() % 62];
    return out;
  }
}
