import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { getConnInfo } from '@hono/node-server/conninfo';
import { BATCH_PATH } from '@vitrine/schema';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { processBatch } from '../../ingest/process-batch.js';
import { QueueFullError } from '../../lib/group-commit-queue.js';
import { fail, type CollectorServices } from '../context.js';

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8');

/** The sender's IP: the socket's peer, or the first `X-Forwarded-For` hop behind a trusted proxy. */
function clientIp(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || getConnInfo(c).remote.address || 'unknown';
}

/**
 * `POST /v1/batch`: the only write path, open to anyone holding the public site key.
 *
 * Order of checks, cheapest first: size on the wire, encoding, size after
 * decompression (a 1 KB gzip bomb must not become a gigabyte), rate limits, then the
 * batch itself. Every refusal carries a reason and the CORS headers, so a browser can
 * read it. The answer is sent only after the rows are committed.
 */
export function ingestRoutes(app: Hono, s: CollectorServices): void {
  app.post(
    BATCH_PATH,
    bodyLimit({
      maxSize: s.maxBodyBytes,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request.
        c.header('Connection', 'close');
        s.metrics.batches.inc({ status: 413 });
        return fail(c, 413, 'payload_too_large', `the body is over ${s.maxBodyBytes} bytes`);
      },
    }),
    async (c) => {
      const started = performance.now();
      const receivedAt = s.now();
      const answer = (status: number, response: Response) => {
        s.metrics.batches.inc({ status });
        if (status === 200) s.metrics.ackLatency.observe((performance.now() - started) / 1000);
        return response;
      };

      const ip = clientIp(c, s.trustProxy);
      const ipWait = await s.rateLimits.takeRequest(ip);
      if (ipWait !== null) {
        c.header('Retry-After', String(ipWait));
        return answer(429, fail(c, 429, 'rate_limited', `too many requests from this address; retry in ${ipWait} s`));
      }

      const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip') {
        return answer(415, fail(c, 415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; send gzip or nothing`));
      }
      let raw = Buffer.from(await c.req.arrayBuffer());
      if (encoding === 'gzip') {
        try {
          raw = await gunzipAsync(raw, { maxOutputLength: s.maxDecompressedBytes });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
            return answer(413, fail(c, 413, 'payload_too_large', `the body is over ${s.maxDecompressedBytes} bytes once decompressed`));
          }
          const reason = `body: not valid gzip (${(error as Error).message})`;
          await s.store.write([], [{ site: null, received_at: receivedAt, event_index: null, reason, raw: `(${raw.length} bytes of gzip)` }]);
          return answer(400, fail(c, 400, 'invalid_batch', reason));
        }
      }

      const request = {
        receivedAt,
        ip,
        userAgent: c.req.header('user-agent'),
        origin: c.req.header('origin'),
        country: s.countryHeader ? (c.req.header(s.countryHeader)?.slice(0, 2).toUpperCase() || null) : null,
      };
      const result = await processBatch(utf8.decode(raw), request, s);

      if (result.status === 200 && result.site) {
        const wait = await s.rateLimits.takeEvents(result.site, result.events.length + result.rejected.length);
        if (wait !== null) {
          s.dedup.release(result.site, result.events.map((e) => e.event_id));
          c.header('Retry-After', String(wait));
          return answer(429, fail(c, 429, 'rate_limited', `too many events; retry in ${wait} s`));
        }
      }
      try {
        await s.store.write(result.events, result.rejected);
      } catch (error) {
        // Nothing was acknowledged, so the tracker will retry: its events must not look like duplicates then.
        if (result.site) s.dedup.release(result.site, result.events.map((e) => e.event_id));
        if (error instanceof QueueFullError) {
          c.header('Retry-After', '1');
          return answer(503, fail(c, 503, 'overloaded', 'the write queue is full; retry later'));
        }
        throw error;
      }
      s.metrics.eventsAccepted.inc(result.events.length);
      s.metrics.eventsRejected.inc(result.rejected.length);
      s.metrics.eventsDeduplicated.inc(result.duplicates);
      return answer(result.status, c.json(result.body, result.status));
    },
  );
}
