import { HashedKeySet, keyHash } from '../lib/hashed-key-set.js';
import type { EventStore } from '../store/event-store.js';

/** An event as deduplication sees it. */
export interface DedupCandidate {
  id: string;
  /** The client's timestamp, which retries resend unchanged. */
  client_ts: number;
  /** The skew-corrected event time: about when the event really happened. */
  ts: number;
}

/**
 * Keys held in memory by default. Memory alone answers for events newer than the horizon
 * plus `slackMs`, so at R events/s the keys should cover well over `slackMs` (60 s):
 * 4M keys cover 60 s up to about 65,000 events/s, in 128 MB ({@link HashedKeySet}: 32
 * bytes a key). Below that, every batch also costs a store lookup (docs/exactly-once.md).
 */
export const DEFAULT_MAX_KEYS = 4_000_000;

/** Options of {@link Deduplicator}. */
export interface DedupOptions {
  /** Keys held in memory in all; the oldest generation is dropped beyond it. */
  maxKeys?: number;
  /** Generations the keys are split into; one is dropped at a time. */
  generations?: number;
  /**
   * Slack between an event's corrected time and the memory horizon. An event that
   * happened later than `horizon + slack` cannot have been received before the horizon,
   * so memory alone answers for it; older events are also looked up in the store.
   */
  slackMs?: number;
}

interface Generation {
  /** The keys, as 128-bit hashes (32 bytes a key instead of about 130 as strings in a `Set`). */
  keys: HashedKeySet;
  /** When this generation started taking keys: the horizon once it is the oldest. */
  since: number;
}

/**
 * Exactly-once ingest without a unique index: DuckDB's ART index slows bulk inserts
 * badly at tens of millions of rows, so deduplication happens before the insert.
 *
 * - **Recent events** (the overwhelming majority of retries: a tracker retries within
 *   seconds or minutes) are answered from memory: the `(site, id)` keys of everything
 *   received since the *horizon*, split into generations so that memory stays bounded
 *   and the oldest generation can be dropped whole.
 * - **Older events** (an outbox flushed days later, a retry that outlived the horizon)
 *   are looked up in the store, restricted to the batch's range of client timestamps,
 *   which a retry repeats exactly; both stores prune that range cheaply.
 * - At start, memory is warmed from the store's recently received keys, so a retry
 *   that straddles a restart (or a kill -9) is still caught.
 *
 * Keys are reserved *before* the write, so two concurrent deliveries of one event
 * cannot both pass; if the write fails, {@link release} frees them so that the
 * tracker's retry is not mistaken for a duplicate.
 */
export class Deduplicator {
  readonly #maxKeys: number;
  readonly #generationSize: number;
  readonly #slackMs: number;
  #generations: Generation[];

  constructor(
    private readonly store: Pick<EventStore, 'existingEventIds' | 'recentEventKeys'>,
    options: DedupOptions = {},
    now = Date.now(),
  ) {
    this.#maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.#generationSize = Math.max(1, Math.ceil(this.#maxKeys / (options.generations ?? 8)));
    this.#slackMs = options.slackMs ?? 60_000;
    this.#generations = [{ keys: new HashedKeySet(this.#generationSize), since: now }];
  }

  /** Events received at or after this time (epoch ms) are all in memory. */
  get horizon(): number {
    return this.#generations.at(-1)!.since;
  }

  /** Keys held in memory. */
  get size(): number {
    return this.#generations.reduce((n, g) => n + g.keys.size, 0);
  }

  /**
   * Loads the keys of recently received events from the store. It asks for the last
   * day first and narrows the window until the keys fit, so the horizon it sets is
   * exact: everything received since then is in memory.
   */
  async warmUp(now = Date.now()): Promise<void> {
    for (const windowMs of [86_400_000, 6 * 3_600_000, 3_600_000, 600_000, 60_000]) {
      const since = now - windowMs;
      const keys = await this.store.recentEventKeys(new Date(since), this.#maxKeys + 1);
      if (keys.length > this.#maxKeys) continue;
      // Room for a generation's worth of keys at least, so that new keys join it until it
      // holds that many, as they joined the warm keys' Set before.
      const warm = new HashedKeySet(Math.max(keys.length, this.#generationSize));
      for (const key of keys) warm.add(key);
      this.#generations = [{ keys: warm, since }];
      return;
    }
    this.#generations = [{ keys: new HashedKeySet(this.#generationSize), since: now }];
  }

  /**
   * Finds which of a site's events are duplicates (of stored events, of events being
   * written right now, or of an earlier copy within the same batch), and reserves the
   * keys of the others.
   *
   * @returns the positions in `events` of the duplicates
   */
  async claim(site: string, events: readonly DedupCandidate[], now = Date.now()): Promise<Set<number>> {
    const duplicates = new Set<number>();
    const unsure: number[] = [];
    const horizon = this.horizon + this.#slackMs;
    // Synchronous check-and-reserve: no other request can interleave before the await.
    events.forEach((event, index) => {
      // Hashed once for all generations (see HashedKeySet).
      const hash = keyHash(`${site}\0${event.id}`);
      if (this.#generations.some((g) => g.keys.hasHash(hash))) {
        duplicates.add(index);
        return;
      }
      this.#add(hash, now);
      if (event.ts < horizon) unsure.push(index);
    });
    if (unsure.length > 0) {
      let from = Infinity;
      let to = -Infinity;
      for (const index of unsure) {
        from = Math.min(from, events[index]!.client_ts);
        to = Math.max(to, events[index]!.client_ts);
      }
      const ids = unsure.map((index) => events[index]!.id);
      const stored = await this.store.existingEventIds(site, ids, new Date(from), new Date(to));
      // Stored already: a duplicate. Its reserved key stays, which is right: it is stored.
      for (const index of unsure) if (stored.has(events[index]!.id)) duplicates.add(index);
    }
    return duplicates;
  }

  /** Frees keys claimed by a write that failed, so that the client's retry is accepted. */
  release(site: string, ids: Iterable<string>): void {
    for (const id of ids) {
      const hash = keyHash(`${site}\0${id}`);
      for (const generation of this.#generations) generation.keys.deleteHash(hash);
    }
  }

  /** Reserves the key of `hash` in the newest generation, starting a new one when it is full. */
  #add(hash: Uint32Array, now: number): void {
    let newest = this.#generations[0]!;
    if (newest.keys.full) {
      newest = { keys: new HashedKeySet(this.#generationSize), since: now };
      this.#generations.unshift(newest);
      // Make room for the new generation to fill up; dropping the oldest generation moves
      // the horizon to the next one's start.
      while (this.#generations.length > 1 && this.size + this.#generationSize > this.#maxKeys) this.#generations.pop();
    }
    newest.keys.addHash(hash);
  }
}
