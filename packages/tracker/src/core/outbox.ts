/**
 * Where the outbox keeps a copy of its items so that they outlive the page: IndexedDB in
 * the browser (`lib/idb-store.ts`).
 *
 * A record is an array of items' JSON texts, as {@link entryOf} serialized them: IndexedDB
 * clones a string in one copy, where the nested objects of 1,000 events cost it ten times
 * as much. A record is written {@link WRITE_DELAY} after the first of its items was queued,
 * holding the items queued since the last write that are still in the outbox, and keyed
 * by its first item's JSON text: unique, as the item's id is in it, and at hand without
 * parsing anything, on writing and on loading. A record is deleted once all its items are
 * delivered or dropped; if the page goes before that, the next page load sends the whole
 * record again, and the collector's deduplication by event id drops what had arrived.
 * Two tabs of one shop write records of their own and never overwrite each other's.
 * Every method may reject or throw; the queue then carries on in memory.
 */
export interface OutboxStore {
  /** Every stored record, in any order. */
  load(): Promise<string[][]>;
  /** Stores a record (its key is its first item's JSON text). */
  put(record: string[]): Promise<unknown>;
  /** Deletes records by key. */
  remove(keys: string[]): Promise<unknown>;
  /** Deletes everything (consent withdrawn). */
  clear(): Promise<unknown>;
}

/** One item in the outbox, with what the queue needs to know about it. */
export interface Entry {
  /** The item's JSON, serialized once: request bodies and the store take it as it is. */
  jsonText: string;
  /** UTF-8 bytes of {@link Entry.jsonText} (a bound, see {@link entryOf}): what it adds to a request body. */
  jsonBytes: number;
  /** The key of the store record holding it, if any. */
  record?: string;
  /** Left the outbox: delivered, refused for good, or dropped. Never written after that. */
  gone?: boolean;
  /** In a request that has not settled (1: ordinary, 2: keepalive): not sent again, but for an ordinary one as the page goes. */
  sending?: number;
}

/**
 * The outbox's bounds: about 1,000 events or 1 MB, whichever comes first. Beyond, the
 * oldest are dropped: the newest matter most to a shop (the purchase that just happened).
 */
export const OUTBOX_LIMITS = { items: 1000, bytes: 1_000_000 };

/**
 * Milliseconds from queuing an item to writing it to the store, with every item queued
 * meanwhile, in one record: at most four writes a second. A page tracking steadily
 * (impressions, a scripted burst) would otherwise pay an IndexedDB transaction per task,
 * and a delete per delivered request: most of its tracking cost. Items delivered within
 * the delay, as most are, are never written at all. The price: if the browser crashes
 * (no `pagehide`), undelivered items of the last quarter second are lost; a page that is
 * hidden or left writes what waits at once (see ARCHITECTURE.md).
 */
export const WRITE_DELAY = 250;

/**
 * An {@link Entry} for an item's JSON text (serialized once, when the item is queued:
 * requests and the store reuse it), and the key of the store record holding it, if any.
 *
 * Its size is the text's UTF-8 bytes, or a few more: a UTF-16 code unit beyond ASCII
 * counts three bytes, as it takes in Chinese (`丝`); a Latin accent (`é`, two bytes) or half
 * an emoji's surrogate pair (four bytes for two units) counts one more than it takes. A
 * bound is what the limits need (a keepalive body under 60 KB, an outbox of about 1 MB),
 * and one regular expression over the text takes a fraction of the time of `TextEncoder`,
 * which would allocate a buffer per item. (JSON text holds no control characters, which
 * it escapes: all but the printable ASCII characters are beyond ASCII, but DEL, which
 * counts three for one.)
 */
export const entryOf = (jsonText: string, record?: string): Entry => ({ jsonText, jsonBytes: jsonText.replace(/[^ -~]/g, 'xxx').length, record });
