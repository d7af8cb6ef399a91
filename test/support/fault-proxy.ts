import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One `POST /v1/batch` as the proxy saw it, and how it was answered. */
export interface Exchange {
  /** The event ids in the request body, in order (empty if the body was not a batch). */
  ids: string[];
  names: string[];
  body: string;
  /** The status the tracker got: injected, or the collector's. */
  status: number;
  /** Whether the collector answered it (rather than an injected fault). */
  forwarded: boolean;
  /** The collector's JSON answer, when forwarded. */
  answer?: { accepted?: number; duplicates?: number; rejected?: Array<{ index: number; reason: string }> };
}

/** An injected answer for the next batch requests. */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A proxy in front of the real collector that can misbehave on command, for the
 * tracker's delivery tests: answer the next N batches with a status of its choosing
 * (500, 429 with Retry-After, 400…), or go "offline" (drop every connection). Everything
 * else is forwarded as it is, and every batch exchange is logged, so tests can tell what
 * the collector acknowledged (and so stored) from what it never saw.
 */
export interface FaultProxy {
  url: string;
  exchanges: Exchange[];
  /** Answers the next `times` batch requests with `fault` instead of forwarding them. */
  fail(times: number, fault: Fault): void;
  /** While true, every connection is dropped before an answer: a network error. */
  offline: boolean;
  /** Events the collector acknowledged with a 2xx, by id (duplicates of one id once). */
  acknowledged(): Map<string, string>;
  /** Rows the collector says it stored: accepted minus duplicates, over every 2xx. */
  stored(): number;
  /** Forgets the log and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
  });

/** Starts a {@link FaultProxy} on a free loopback port in front of `target` (the collector's base URL). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const proxy = {
    exchanges: [] as Exchange[],
    offline: false,
    fail(times: number, fault: Fault) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    acknowledged() {
      const ids = new Map<string, string>();
      for (const exchange of proxy.exchanges)
        if (exchange.forwarded && exchange.status < 300) exchange.ids.forEach((id, index) => ids.set(id, exchange.names[index]!));
      return ids;
    },
    stored() {
      return proxy.exchanges.reduce((sum, { forwarded, status, answer }) => sum + (forwarded && status < 300 ? (answer?.accepted ?? 0) - (answer?.duplicates ?? 0) : 0), 0);
    },
    reset() {
      proxy.exchanges.length = 0;
      faults.length = 0;
      proxy.offline = false;
    },
  };

  const forward = (req: IncomingMessage, body: string, res: ServerResponse): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(new URL(req.url!, target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          res.writeHead(answer.statusCode!, answer.headers);
          res.end(text);
          resolve({ status: answer.statusCode!, text });
        });
      });
      upstream.on('error', reject);
      upstream.end(body);
    });

  const server = createServer(async (req, res) => {
    if (proxy.offline) {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    if (req.method != 'POST' || !req.url!.startsWith('/v1/batch')) {
      await forward(req, body, res).catch(() => res.writeHead(502).end());
      return;
    }
    let events: Array<{ id: string; name: string }> = [];
    try {
      events = JSON.parse(body).events ?? [];
    } catch {
      // Logged with no ids: the collector answers 400.
    }
    const exchange: Exchange = { ids: events.map((e) => e.id), names: events.map((e) => e.name), body, status: 0, forwarded: false };
    proxy.exchanges.push(exchange);
    const fault = faults.shift();
    if (fault) {
      exchange.status = fault.status;
      res.writeHead(fault.status, { ...CORS, 'Content-Type': 'application/json', ...fault.headers }).end('{"error":"injected"}');
      return;
    }
    try {
      const { status, text } = await forward(req, body, res);
      Object.assign(exchange, { status, forwarded: true, answer: text ? JSON.parse(text) : undefined });
    } catch {
      exchange.status = 502;
      res.writeHead(502, CORS).end();
    }
  });
  server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  });
}
