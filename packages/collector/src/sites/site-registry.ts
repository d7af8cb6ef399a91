import type { EventStore, Site } from '../store/event-store.js';

/**
 * The registered sites, held in memory so that ingest looks a site key up without a
 * query, and refreshed from the store periodically so that several collectors in front
 * of one ClickHouse see each other's changes (a disabled key stops within one period).
 */
export class SiteRegistry {
  #byKey = new Map<string, Site>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'listSites'>,
    private readonly refreshMs = 10_000,
  ) {}

  /** Loads the sites now. */
  async refresh(): Promise<void> {
    const sites = await this.store.listSites();
    this.#byKey = new Map(sites.map((site) => [site.key, site]));
  }

  /** Loads the sites and keeps refreshing them in the background. */
  async start(onError: (error: unknown) => void): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => this.refresh().catch(onError), this.refreshMs);
    this.#timer.unref();
  }

  /** Stops refreshing. */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** The site with this public key, disabled or not. */
  get(key: string): Site | undefined {
    return this.#byKey.get(key);
  }

  /** Whether `key` is a registered site key (which must never open the query API). */
  isSiteKey(key: string): boolean {
    return this.#byKey.has(key);
  }
}
