import { expect } from '@open-wc/testing';
import { fetchTransport } from './fetch.js';

/** A request as the stand-in collector of web-test-runner.config.mjs received it. */
interface Received {
  path: string;
  origin: string | null;
  body: string;
}

const realFetch = window.fetch;
const RealWorker = window.Worker;
const received = (): Promise<Received[]> => realFetch('/test-collector/received').then((response) => response.json());
const endpoint = (answer: string): string => `${location.origin}/test-collector/${answer}/`;

describe('fetchTransport', () => {
  /** Every worker made meanwhile, and the page's own `fetch` calls. */
  let workers: Worker[];
  let pageFetches: string[];
  beforeEach(() => {
    workers = [];
    pageFetches = [];
    window.Worker = class extends RealWorker {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        workers.push(this);
      }
    };
    window.fetch = (input, init) => {
      pageFetches.push(String(input));
      return realFetch(input, init);
    };
  });
  afterEach(() => {
    window.Worker = RealWorker;
    window.fetch = realFetch;
  });

  /**
   * Resolves once `worker` has said that it runs. The transport's own listener, set as
   * it made the worker, has heard it by then. Call it in the task that made the worker.
   */
  const runs = (worker: Worker): Promise<unknown> => new Promise((resolve) => worker.addEventListener('message', resolve, { once: true }));

  it('sends ordinary batches from its worker, with the page’s origin, and keepalive ones from the page', async () => {
    const send = fetchTransport(endpoint('200'));
    await runs(workers[0]!);
    const body = `{"ordinary":"${Math.random()}"}`;
    expect(await send(body, false)).to.equal('done');
    expect(pageFetches, 'the page made no request').to.deep.equal([]);
    expect((await received()).filter((request) => request.body == body)).to.deep.equal([{ path: '/test-collector/200/v1/batch', origin: location.origin, body }]);

    const unload = `{"keepalive":"${Math.random()}"}`;
    expect(await send(unload, true)).to.equal('done');
    expect(pageFetches).to.deep.equal([`${location.origin}/test-collector/200/v1/batch`]);
    expect((await received()).some((request) => request.body == unload)).to.equal(true);
  });

  it('passes the collector’s answer back from the worker: Retry-After, 5xx, 4xx, a network error', async () => {
    const answers = ['503-3', '500', '429-7', '400', '408'];
    const sends = answers.map((answer) => fetchTransport(endpoint(answer)));
    const down = fetchTransport('http://127.0.0.1:9');
    await Promise.all(workers.map(runs));
    expect(await Promise.all(sends.map((send) => send('{}', false)))).to.deep.equal([3000, 'retry', 7000, 'done', 'retry']);
    expect(pageFetches).to.deep.equal([]);

    let failed = false;
    await down('{}', false).catch(() => (failed = true));
    expect(failed, 'a network error rejects').to.equal(true);
  });

  it('sends from the page where no worker can be made, as under a CSP that refuses blob: workers', async () => {
    window.Worker = class {
      constructor() {
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }
    } as unknown as typeof Worker;
    const send = fetchTransport(endpoint('429-2'));
    expect(await send('{}', false)).to.equal(2000);
    expect(pageFetches).to.have.length(1);
  });

  it('sends from the page until its worker runs', async () => {
    const send = fetchTransport(endpoint('200'));
    // Called before the worker's first message can have arrived: the page sends.
    expect(await send('{}', false)).to.equal('done');
    expect(pageFetches).to.have.length(1);
  });

  it('fails what was in flight in a worker that errs, and sends from the page from then on', async () => {
    // The stand-in collector holds these requests for 10 s: only the worker's error can settle one sooner.
    const send = fetchTransport(endpoint('hang'));
    await runs(workers[0]!);
    const inFlight = send('{}', false);
    expect(pageFetches, 'sent from the worker').to.deep.equal([]);
    workers[0]!.dispatchEvent(new Event('error'));
    let failed = false;
    await inFlight.catch(() => (failed = true));
    expect(failed, 'the send in flight failed, for the queue to retry').to.equal(true);

    // The next send is made by the page, at once (it is left to hang).
    void send('{}', false).catch(() => undefined);
    expect(pageFetches).to.deep.equal([`${location.origin}/test-collector/hang/v1/batch`]);
  });
});
