import { createStore, promisifyRequest } from 'idb-keyval';
import type { OutboxStore } from '../core/outbox.js';

/**
 * The outbox's IndexedDB store, through `idb-keyval`'s `createStore`: one database per
 * site key, one record per write, an array of events' JSON texts, keyed by its first
 * event's JSON text (see `OutboxStore`). Strings, not the event objects: IndexedDB's structured
 * clone copies a string at once, where it walks every field of every nested object.
 *
 * The operations use the object store directly (one transaction each) rather than
 * `set`/`delMany`/`values`, whose default-store arguments and old-browser fallbacks
 * would cost a fifth of the script's byte budget.
 *
 * Nothing is opened until the first operation. Every failure (no IndexedDB, private
 * mode, a full quota, a blocked upgrade) surfaces as a rejection or a synchronous throw
 * (`indexedDB.open` can throw), which the queue turns into "memory only".
 */
export function idbStore(site: string): OutboxStore {
  const db = createStore(`vitrine:${site}`, 'outbox');
  const write = (change: (store: IDBObjectStore) => void): Promise<unknown> =>
    db('readwrite', (store) => {
      change(store);
      return promisifyRequest(store.transaction);
    });
  return {
    load: () => db('readonly', (store) => promisifyRequest<string[][]>(store.getAll())),
    put: (record) => write((store) => store.put(record, record[0])),
    remove: (keys) => write((store) => keys.forEach((key) => store.delete(key))),
    clear: () => write((store) => store.clear()),
  };
}
