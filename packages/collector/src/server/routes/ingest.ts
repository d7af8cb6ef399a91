import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { BATCH_PATH, type BatchResponse, type ErrorResponse } from '@vitrine/schema';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { processBatch } from '../../ingest/process-batch.js';
import { QueueFullError } from '../../lib/group-commit-queue.js';
import type { CollectorServices } from '../context.js';

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8');

/** One `POST /v1/batch` as the ingest path needs it, whichever HTTP layer carried it. */
export interface BatchRequest {
  /** A request header, by its lower-case name. */
  header(name: string): string | undefined;
  /** The body as it came over the wire, already within `maxBodyBytes`. */
  body: Buffer;
  /** The socket's peer address. */
  peer: string | undefined;
  /** When the request began, from `performance.now()`: the acknowledgement latency starts there. */
  started: number;
}

/** What to answer: a status, the JSON body, and headers beyond CORS and the content type. */
export interface BatchAnswer {
  status: number;
  body: BatchResponse | ErrorResponse;
  headers?: Record<string, string>;
}

/** The CORS headers of every ingest answer: any origin may read it, `Retry-After` included. */
export const INGEST_CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' } as const;

const refuse = (status: number, error: string, reason: string, headers?: Record<string, string>): BatchAnswer => ({ status, body: { error, reason }, headers });

/** The answer to a body over `maxBodyBytes`; the rest of it is never read, so the connection cannot carry another request. */
export function bodyTooLarge(s: CollectorServices): BatchAnswer {
  s.metrics.batches.inc({ status: 413 });
  return refuse(413, 'payload_too_large', `the body is over ${s.maxBodyBytes} bytes`, { Connection: 'close' });
}

/**
 * `POST /v1/batch`: the only write path, open to anyone holding the public site key,
 * independent of the HTTP layer (see {@link batchListener} and {@link ingestRoutes}).
 *
 * Order of checks, cheapest first: size on the wire (the caller's), encoding, size after
 * decompression (a 1 KB gzip bomb must not become a gigabyte), rate limits, then the
 * batch itself. Every refusal carries a reason. The answer is given only after the rows
 * are committed.
 */
export async function acceptBatch(request: BatchRequest, s: CollectorServices): Promise<BatchAnswer> {
  const receivedAt = s.now();
  const answer = (result: BatchAnswer): BatchAnswer => {
    s.metrics.batches.inc({ status: result.status });
    if (result.status === 200) s.metrics.ackLatency.observe((performance.now() - request.started) / 1000);
    return result;
  };

  const forwarded = s.trustProxy ? request.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const ip = forwarded || request.peer || 'unknown';
  const ipWait = await s.rateLimits.takeRequest(ip);
  if (ipWait !== null) {
    return answer(refuse(429, 'rate_limited', `too many requests from this address; retry in ${ipWait} s`, { 'Retry-After': String(ipWait) }));
  }

  const encoding = (request.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return answer(refuse(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; send gzip or nothing`));
  }
  let raw = request.body;
  if (encoding === 'gzip') {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: s.maxDecompressedBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        return answer(refuse(413, 'payload_too_large', `the body is over ${s.maxDecompressedBytes} bytes once decompressed`));
      }
      const reason = `body: not valid gzip (${(error as Error).message})`;
      await s.store.write([], [{ site: null, received_at: receivedAt, event_index: null, reason, raw: `(${raw.length} bytes of gzip)` }]);
      return answer(refuse(400, 'invalid_batch', reason));
    }
  }

  const context = {
    receivedAt,
    ip,
    userAgent: request.header('user-agent'),
    origin: request.header('origin'),
    country: s.countryHeader ? (request.header(s.countryHeader)?.slice(0, 2).toUpperCase() || null) : null,
  };
  const result = await processBatch(utf8.decode(raw), context, s);

  if (result.status === 200 && result.site) {
    const wait = await s.rateLimits.takeEvents(result.site, result.events.length + result.rejected.length);
    if (wait !== null) {
      s.dedup.release(result.site, result.events.map((e) => e.event_id));
      return answer(refuse(429, 'rate_limited', `too many events; retry in ${wait} s`, { 'Retry-After': String(wait) }));
    }
  }
  try {
    await s.store.write(result.events, result.rejected);
  } catch (error) {
    // Nothing was acknowledged, so the tracker will retry: its events must not look like duplicates then.
    if (result.site) s.dedup.release(result.site, result.events.map((e) => e.event_id));
    if (error instanceof QueueFullError) return answer(refuse(503, 'overloaded', 'the write queue is full; retry later', { 'Retry-After': '1' }));
    throw error;
  }
  s.metrics.eventsAccepted.inc(result.events.length);
  s.metrics.eventsRejected.inc(result.rejected.length);
  s.metrics.eventsDeduplicated.inc(result.duplicates);
  return answer({ status: result.status, body: result.body });
}

/**
 * The ingest path straight on Node's HTTP server, ahead of the Hono app: the hottest
 * route skips the Fetch API's Request, its web stream and the Response conversion (about
 * a sixth of the main thread under load, profiled). It answers `POST /v1/batch` and
 * returns true; anything else (the CORS preflight included) is the app's, and it returns false.
 */
export function batchListener(s: CollectorServices): (req: IncomingMessage, res: ServerResponse) => boolean {
  const send = (res: ServerResponse, { status, body, headers }: BatchAnswer) => {
    res.writeHead(status, { ...INGEST_CORS, 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  return (req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== BATCH_PATH) return false;
    const started = performance.now();
    if (Number(req.headers['content-length']) > s.maxBodyBytes) {
      send(res, bodyTooLarge(s));
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= s.maxBodyBytes) chunks.push(chunk);
      else {
        // Chunked, without a length: refused as soon as it is over, the rest unread.
        refused = true;
        send(res, bodyTooLarge(s));
        req.pause();
      }
    });
    req.on('end', () => {
      if (refused) return;
      const headers = req.headers;
      const header = (name: string) => {
        const value = headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      acceptBatch({ header, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), peer: req.socket.remoteAddress, started }, s).then(
        (answer) => send(res, answer),
        (error: unknown) => {
          s.logger.error({ err: error, method: 'POST', path: BATCH_PATH }, 'request failed');
          send(res, { status: 500, body: { error: 'internal_error' } });
        },
      );
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

/**
 * `POST /v1/batch` on a Hono app, for embedding the collector's app (`createApp`) in
 * another server. `startCollector` serves the route with {@link batchListener} instead.
 */
export function ingestRoutes(app: Hono, s: CollectorServices): void {
  app.post(
    BATCH_PATH,
    bodyLimit({
      maxSize: s.maxBodyBytes,
      onError: (c) => {
        const { status, body, headers } = bodyTooLarge(s);
        return c.json(body, status as 413, headers);
      },
    }),
    async (c) => {
      const started = performance.now();
      const body = Buffer.from(await c.req.arrayBuffer());
      const { status, body: answer, headers } = await acceptBatch(
        // The peer from Node's request when there is one (`app.request()` in a test has none).
        { header: (name) => c.req.header(name), body, peer: (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress, started },
        s,
      );
      return c.json(answer, status as 200, headers);
    },
  );
}
