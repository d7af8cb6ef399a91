import { createHash, randomBytes } from 'node:crypto';

/**
 * Derives visitor ids for cookieless sites, where the tracker stores nothing on the
 * device: a hash of a secret daily salt, the site, the IP address and the User-Agent.
 *
 * The salt is random, lives only in memory and is replaced at each UTC midnight, so an
 * id cannot be recomputed from stored data and does not link a visitor across days.
 * (The price: a restart mid-day starts new ids for the rest of that day. Several
 * collectors behind a load balancer should pin a visitor's IP to one collector.)
 */
export class CookielessIds {
  #day = '';
  #salt = Buffer.alloc(0);

  /** A 22-character url-safe visitor id for this site, IP and UA, stable for the UTC day of `now`. */
  visitorId(site: string, ip: string, userAgent: string, now: Date): string {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#salt = randomBytes(32);
    }
    return createHash('sha256').update(this.#salt).update(`\0${site}\0${ip}\0${userAgent}`).digest('base64url').slice(0, 22);
  }
}
