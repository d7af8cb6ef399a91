/**
 * A string key-value store. Identity goes through this interface so that a consent mode
 * can later swap persistent storage for memory without identity knowing.
 */
export interface KeyValueStore {
  /** The stored value, or `null` when absent or unreadable. */
  get(key: string): string | null;
  /** Stores `value`; may silently not persist. */
  set(key: string, value: string): void;
}

/**
 * `localStorage`, made safe. Every access is guarded because merely reading the
 * `localStorage` property throws when storage is blocked, and `setItem` throws in
 * Safari's private mode and when the quota is full; analytics must never break the page.
 */
export const localStore: KeyValueStore = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Not persisted: the caller keeps its own copy for this page.
    }
  },
};
