// The load generator of bench/ingest.mjs, run as its own process so that it does not
// share an event loop with the collector it measures. Every request carries a batch of
// fresh events (unique ids), so the collector really inserts rather than deduplicates.
// Usage: node ingest-load.mjs URL SITE SECONDS CONNECTIONS EVENTS_PER_BATCH
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

const [url, site, seconds, connections, perBatch] = process.argv.slice(2);
const size = Number(perBatch);
const prefix = randomBytes(4).toString('hex');
let batchNo = 0;
const paths = ['/', '/products/silk-scarf', '/products/tea-cup', '/cart', '/checkout', '/blog/spring-guide'];

function body() {
  const n = batchNo++;
  const now = Date.now();
  const events = [];
  for (let i = 0; i < size; i++) {
    const visitor = `v${(n * 7 + i) % 20_000}`;
    const kind = i % 10;
    const event = {
      id: `${prefix}-${n}-${i}`,
      name: kind < 6 ? 'page_view' : kind < 8 ? 'view_item' : kind < 9 ? 'add_to_cart' : 'purchase',
      ts: now - (size - i) * 10,
      visitor_id: visitor,
      session_id: `${visitor}-s`,
      url: `https://shop.example${paths[i % paths.length]}?utm_source=baidu&utm_medium=cpc`,
      title: 'Lotus & Loom · 莲织',
      referrer: i % 3 === 0 ? 'https://www.baidu.com/s?wd=围巾' : '',
    };
    if (event.name === 'view_item' || event.name === 'add_to_cart') event.props = { currency: 'CNY', value: 199, items: [{ item_id: 'SKU-SCARF-01', item_name: '丝绸围巾', price: 199, quantity: 1 }] };
    if (event.name === 'purchase') event.props = { transaction_id: `T-${prefix}-${n}-${i}`, currency: 'CNY', value: 288, items: [{ item_id: 'SKU-SCARF-01', price: 199, quantity: 1 }, { item_id: 'SKU-CUP-02', price: 89, quantity: 1 }] };
    events.push(event);
  }
  return JSON.stringify({ v: 1, site, sent_at: now, events });
}

const result = await autocannon({
  url: `${url}/v1/batch`,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', origin: 'https://shop.example' },
  requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
});
process.stdout.write(JSON.stringify({
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds: result.duration,
  latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
}));
