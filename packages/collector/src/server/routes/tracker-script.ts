import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { fail, type CollectorServices } from '../context.js';

/**
 * Serves the tracker bundles from the collector itself, under a configurable path
 * (`--script-path /assets/`), so a store can load them first-party from its own
 * domain through its proxy, where script blockers do not recognise them.
 */
export function trackerScriptRoutes(app: Hono, s: CollectorServices): void {
  const cache = new Map<string, Promise<string>>();
  for (const file of ['vitrine.js', 'vitrine.full.js']) {
    app.get(`${s.scriptPath}${file}`, async (c) => {
      let script = cache.get(file);
      if (!script) {
        script = readFile(fileURLToPath(import.meta.resolve(`@vitrine/tracker/${file}`)), 'utf8');
        cache.set(file, script);
      }
      try {
        const body = await script;
        c.header('Content-Type', 'text/javascript; charset=utf-8');
        c.header('Cache-Control', 'public, max-age=300');
        c.header('Access-Control-Allow-Origin', '*');
        return c.body(body);
      } catch {
        cache.delete(file);
        return fail(c, 404, 'not_built', `${file} is missing; run pnpm build`);
      }
    });
  }
}
