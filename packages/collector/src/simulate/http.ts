import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { BATCH_PATH, PROTOCOL_VERSION, type BatchResponse } from '@vitrine/schema';
import type { SimProgress, SimRunResult } from './bulk.js';
import type { SimBatch, Simulation } from './generate.js';

/** Options of {@link runHttp}. */
export interface HttpOptions {
  /** The collector's base URL, e.g. `http://127.0.0.1:8787`. */
  endpoint: string;
  site: string;
  simulation: Simulation;
  /** Requests in flight at most. */
  concurrency?: number;
  /** Attempts per batch on 5xx and network errors (503 and 429 with Retry-After are waited out without limit). */
  attempts?: number;
  onProgress?: (progress: SimProgress) => void;
  progressEvery?: number;
  /** Waits; replaceable so that tests of the retry logic need no real time. */
  sleep?: (ms: number) => Promise<void>;
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a simulation to a running collector over its real HTTP ingest path
 * (`POST /v1/batch`), as the visitors' browsers would: each batch with its visitor's
 * User-Agent, an `Origin` of the simulated storefront and the visitor's IP in
 * `X-Forwarded-For` (which the collector reads only with `--trust-proxy`; without it,
 * every visitor shares the loopback address, so per-IP limits and cookieless ids see one
 * sender). `sent_at` is the real clock at sending, so clock-skew correction leaves the
 * simulated event times in place (shifted by the request's latency, well under the half
 * second each event time leaves before its next second).
 *
 * At most `concurrency` requests are in flight. `503` and `429` are retried after their
 * `Retry-After`; other 5xx and network errors up to `attempts` times with backoff; any
 * other refusal (400, 401, 403, 413) stops the run with the collector's reason.
 */
export async function runHttp(options: HttpOptions): Promise<SimRunResult> {
  const { simulation } = options;
  const calendar = simulation.calendar;
  const base = new URL(options.endpoint);
  if (!/^https?:$/.test(base.protocol)) throw new Error(`endpoint: expected http:// or https://, got ${options.endpoint}`);
  const url = new URL(BATCH_PATH, base);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  const agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency }) : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const origin = simulation.options.origin;
  const result: SimRunResult = { events: 0, batches: 0, accepted: 0, rejected: 0, duplicates: 0, reasons: [] };
  const progressEvery = options.progressEvery ?? 500;
  let lastTs = calendar.from;
  const report = () =>
    options.onProgress?.({
      events: result.events, batches: result.batches, accepted: result.accepted, rejected: result.rejected,
      day: calendar.date(calendar.dayOf(lastTs)), daysDone: calendar.dayOf(lastTs), days: calendar.days,
    });

  const post = (batch: SimBatch): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ v: PROTOCOL_VERSION, site: options.site, sent_at: Date.now(), events: batch.events });
      const req = send(url, {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'text/plain;charset=UTF-8',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': batch.ua,
          'X-Forwarded-For': batch.ip,
          Origin: origin,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const deliver = async (batch: SimBatch): Promise<void> => {
    for (let failures = 0; ; ) {
      let answer: Answer;
      try {
        answer = await post(batch);
      } catch (error) {
        if (++failures >= attempts) throw new Error(`POST ${url.href} failed ${failures} times: ${(error as Error).message}`);
        await sleep(250 * 2 ** failures);
        continue;
      }
      if (answer.status === 200) {
        const body = JSON.parse(answer.body) as BatchResponse;
        result.accepted += body.accepted;
        result.rejected += body.rejected.length;
        result.duplicates += body.duplicates ?? 0;
        for (const r of body.rejected) if (result.reasons.length < 5) result.reasons.push(r.reason);
        return;
      }
      if (answer.status === 503 || answer.status === 429) {
        // The collector is shedding load: wait as long as it asks (a second when it does not say).
        const seconds = Number(answer.retryAfter);
        await sleep((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000);
        continue;
      }
      if (answer.status >= 500 && ++failures < attempts) {
        await sleep(250 * 2 ** failures);
        continue;
      }
      throw new Error(`the collector answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    }
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  try {
    for (const batch of simulation.batches()) {
      if (failure) break;
      lastTs = Math.max(lastTs, batch.events[batch.events.length - 1]!.ts);
      result.events += batch.events.length;
      result.batches++;
      const job = deliver(batch).then(
        () => {
          inFlight.delete(job);
        },
        (error: unknown) => {
          inFlight.delete(job);
          failure ??= error;
        },
      );
      inFlight.add(job);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (result.batches % progressEvery === 0) report();
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  if (failure) throw failure;
  report();
  return result;
}
