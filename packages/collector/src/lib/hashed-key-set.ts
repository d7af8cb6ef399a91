import { getRandomValues } from 'node:crypto';

/** 32-bit words per slot: a key's 128-bit hash. */
const WORDS = 4;
/** Slot markers in the first word (a key's first word is never one of them, see `hash`). */
const EMPTY = 0;
const DELETED = 1;

/**
 * A set of strings kept as 128-bit hashes in one typed array: 32 bytes a key at most
 * (16 per slot, at least half the slots free), instead of about 130 for a `Set` of
 * strings, and nothing for the garbage collector to walk.
 *
 * Why: deduplication holds the keys of every event received lately (millions under load,
 * see `ingest/dedup.ts`). As strings in `Set`s they cost the heap about 130 bytes each,
 * so the bound on keys, and with it how far back memory alone can answer, was set by
 * memory; the collector's RSS grew by the same for the whole first minute of load.
 *
 * Exactness: two keys are taken as equal when their 128-bit hashes are. For distinct
 * keys that is about as likely as two events drawing the same 128-bit random id, which
 * deduplication already assumes never happens. The hash is seeded per process, so that
 * nobody can craft event ids that pile up in one probe sequence (or collide) on purpose.
 */
export class HashedKeySet {
  readonly #slots: Uint32Array;
  readonly #mask: number;
  readonly #capacity: number;
  #size = 0;
  /** Slots not empty: keys and deleted ones (which a probe must walk past). */
  #used = 0;

  /** @param capacity the most slots it will use, for keys and deleted keys; adding when {@link full} throws. */
  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.#slots = new Uint32Array(slots * WORDS);
    this.#mask = slots - 1;
    this.#capacity = capacity;
  }

  /** Keys held. */
  get size(): number {
    return this.#size;
  }

  /**
   * Whether it can take no more keys: `capacity` slots are in use, keys or deleted ones
   * (a deleted key's slot stays marked until the set is dropped, so that probes stay
   * correct; at most half the slots are ever in use, so every probe ends).
   */
  get full(): boolean {
    return this.#used >= this.#capacity;
  }

  has(key: string): boolean {
    return this.hasHash(keyHash(key));
  }

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    return this.addHash(keyHash(key));
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): boolean {
    return this.deleteHash(keyHash(key));
  }

  /** Whether the key of hash `h` ({@link keyHash}) is held: for asking several sets about one key, hashed once. */
  hasHash(h: Uint32Array): boolean {
    return this.#find(h) >= 0;
  }

  /** Adds the key of hash `h` ({@link keyHash}); false when it was there already. */
  addHash(h: Uint32Array): boolean {
    if (this.#find(h) >= 0) return false;
    if (this.full) throw new RangeError(`HashedKeySet is full (${this.#capacity} slots in use)`);
    let slot = h[1]! & this.#mask;
    // The first empty or deleted slot of the probe takes it.
    while (this.#slots[slot * WORDS]! > DELETED) slot = (slot + 1) & this.#mask;
    if (this.#slots[slot * WORDS] === EMPTY) this.#used++;
    this.#slots.set(h, slot * WORDS);
    this.#size++;
    return true;
  }

  /** Removes the key of hash `h` ({@link keyHash}); false when it was not there. */
  deleteHash(h: Uint32Array): boolean {
    const slot = this.#find(h);
    if (slot < 0) return false;
    // Marked, not emptied: keys added after it may lie further along the same probe.
    this.#slots.fill(0, slot * WORDS, (slot + 1) * WORDS);
    this.#slots[slot * WORDS] = DELETED;
    this.#size--;
    return true;
  }

  /** The slot holding the key of hash `h`, or −1. */
  #find(h: Uint32Array): number {
    const slots = this.#slots;
    for (let slot = h[1]! & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const at = slot * WORDS;
      const first = slots[at]!;
      if (first === EMPTY) return -1;
      if (first === h[0] && slots[at + 1] === h[1] && slots[at + 2] === h[2] && slots[at + 3] === h[3]) return slot;
    }
  }
}

/** The per-process seeds of the four lanes. */
const SEED = getRandomValues(new Uint32Array(4));

/** {@link keyHash}'s answer (reused: no allocation per key). */
const HASH = new Uint32Array(WORDS);

/**
 * The 128-bit hash of `key` that {@link HashedKeySet} stores: four 32-bit hashes of its
 * UTF-16 code units in one pass (a multiply-xorshift mix per unit, four seeds, MurmurHash3's
 * finalizer). The first word is never `EMPTY` or `DELETED`. The array returned is reused
 * by the next call: use it before hashing another key.
 */
export function keyHash(key: string): Uint32Array {
  const out = HASH;
  let a = SEED[0]! ^ key.length;
  let b = SEED[1]!;
  let c = SEED[2]!;
  let d = SEED[3]!;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    c = Math.imul(c ^ unit, 0xcc9e2d51);
    d = Math.imul(d ^ unit, 0x1b873593);
    a ^= a >>> 15;
    b ^= b >>> 13;
    c ^= c >>> 16;
    d ^= d >>> 14;
  }
  // An invertible mix of the four lanes (each word folds in the lane before it), so that no
  // bits are lost, then each word finished.
  out[0] = finish(a);
  out[1] = finish(b ^ a);
  out[2] = finish(c ^ b);
  out[3] = finish(d ^ c);
  if (out[0]! <= DELETED) out[0] = out[0]! + 2;
  return out;
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
