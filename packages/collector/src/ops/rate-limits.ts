import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Limits of {@link RateLimits}; 0 turns a limit off. */
export interface RateLimitOptions {
  /** Batch requests per second from one IP address. */
  requestsPerIpPerSecond: number;
  /** Events per second into one site. */
  eventsPerSitePerSecond: number;
}

/**
 * Token buckets per IP (requests) and per site (events), so that one abusive client or
 * one runaway site cannot starve the others. In memory: with several collectors, each
 * enforces its own share.
 */
export class RateLimits {
  readonly #perIp: RateLimiterMemory | null;
  readonly #perSite: RateLimiterMemory | null;

  constructor(options: RateLimitOptions) {
    this.#perIp = options.requestsPerIpPerSecond > 0 ? new RateLimiterMemory({ points: options.requestsPerIpPerSecond, duration: 1 }) : null;
    this.#perSite = options.eventsPerSitePerSecond > 0 ? new RateLimiterMemory({ points: options.eventsPerSitePerSecond, duration: 1 }) : null;
  }

  /** Takes one request for `ip`. @returns null when allowed, else the seconds to wait (for `Retry-After`). */
  takeRequest(ip: string): Promise<number | null> {
    return take(this.#perIp, ip, 1);
  }

  /** Takes `events` events for `site`. @returns null when allowed, else the seconds to wait. */
  takeEvents(site: string, events: number): Promise<number | null> {
    return take(this.#perSite, site, events);
  }
}

async function take(limiter: RateLimiterMemory | null, key: string, points: number): Promise<number | null> {
  if (!limiter || points === 0) return null;
  try {
    await limiter.consume(key, points);
    return null;
  } catch (result) {
    if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    throw result;
  }
}
