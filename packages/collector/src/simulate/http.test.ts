import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { startCollector } from '../server/serve.js';
import { Simulation, type SimulationOptions } from './generate.js';
import { runHttp } from './http.js';
import { TRUTH_FUNNEL } from './truth.js';

const OPTIONS: SimulationOptions = { seed: 3, days: 7, end: '2026-11-15', tz: 'Asia/Shanghai', visitors: 80, origin: 'https://shop.example' };
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('http mode', () => {
  it('sends a simulation through a real collector over loopback, which stores exactly the ground truth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-sim-http-'));
    dirs.push(dir);
    const collector = await startCollector({
      port: 0, db: join(dir, 'sim.duckdb'), adminSecret: 'secret', sites: ['demo'], logger: createLogger('silent'), trustProxy: true,
    });
    try {
      const simulation = new Simulation(OPTIONS);
      const result = await runHttp({ endpoint: collector.url, site: 'demo', simulation, concurrency: 4 });
      const truth = simulation.summary();
      expect(result).toMatchObject({ events: truth.events.total, accepted: truth.events.total, rejected: 0, duplicates: 0 });

      const scope = { site: 'demo', from: new Date(truth.from), to: new Date(truth.to), tz: OPTIONS.tz, currency: 'CNY', filters: [] };
      const trends = await collector.store.trends({ ...scope, interval: 'day', activeUsers: false });
      expect(trends.total).toMatchObject({ visitors: truth.visitors, sessions: truth.sessions, pageviews: truth.pageviews, converted_sessions: truth.converted_sessions });
      expect(await collector.store.funnelCounts({ site: 'demo', steps: [...TRUTH_FUNNEL], from: scope.from, to: scope.to })).toEqual(truth.funnel.visitors);
      // The report API over HTTP agrees too (the admin secret opens every report).
      const response = await fetch(`${collector.url}/v1/reports/funnel?site=demo&steps=${TRUTH_FUNNEL.join(',')}&from=2026-11-09&to=2026-11-15&tz=Asia/Shanghai`, {
        headers: { Authorization: 'Bearer secret' },
      });
      expect(response.status).toBe(200);
      const report = (await response.json()) as { steps: { visitors: number }[] };
      expect(report.steps.map((s) => s.visitors)).toEqual(truth.funnel.visitors);
    } finally {
      await collector.close();
    }
  }, 30_000);
});

describe('http mode against a collector that sheds load or refuses', () => {
  /** A stand-in collector on loopback: answers from `answers` in turn, and records each request. */
  async function fakeCollector(answers: { status: number; headers?: Record<string, string>; body: unknown }[]) {
    const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  const tiny: SimulationOptions = { ...OPTIONS, days: 1, visitors: 1 };

  it('waits as long as a 503 or 429 Retry-After says, then resends; sends the visitor UA, IP and the storefront origin', async () => {
    const fake = await fakeCollector([
      { status: 503, headers: { 'Retry-After': '2' }, body: { error: 'overloaded' } },
      { status: 429, headers: { 'Retry-After': '3' }, body: { error: 'rate_limited' } },
      { status: 200, body: { accepted: 1, rejected: [], duplicates: 0 } },
    ]);
    const waits: number[] = [];
    try {
      const simulation = new Simulation(tiny);
      await runHttp({ endpoint: fake.url, site: 'demo', simulation, concurrency: 1, sleep: async (ms) => void waits.push(ms) });
      expect(waits.slice(0, 2)).toEqual([2000, 3000]);
      const [first, second, third] = fake.requests;
      expect(JSON.parse(third!.body).events).toEqual(JSON.parse(first!.body).events);
      expect(JSON.parse(second!.body).events).toEqual(JSON.parse(first!.body).events);
      expect(first!.headers['user-agent']).toMatch(/Mozilla|bot|spider|curl|python/i);
      expect(first!.headers['x-forwarded-for']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(first!.headers.origin).toBe('https://shop.example');
    } finally {
      await fake.close();
    }
  });

  it('stops with the collector reason on a refusal that resending cannot fix', async () => {
    const fake = await fakeCollector([{ status: 401, body: { error: 'unknown_site', reason: 'no site with key "demo"' } }]);
    try {
      await expect(runHttp({ endpoint: fake.url, site: 'demo', simulation: new Simulation(tiny), sleep: async () => undefined })).rejects.toThrow(/401.*unknown_site/);
    } finally {
      await fake.close();
    }
  });
});
