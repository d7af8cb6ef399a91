import { expect } from '@open-wc/testing';
import { newSite } from '../testing/fake-collector.js';
import { idbStore } from './idb-store.js';

/** An event's JSON text, as the outbox stores it. */
const event = (id: string) => JSON.stringify({ id, name: 'x', ts: 1_764_000_000_000, props: { item_name: '丝绸围巾' } });
const ids = (records: string[][]) => records.map((record) => record.map((text) => JSON.parse(text).id));

describe('idbStore', () => {
  it('keeps one record per write, keyed by its first event, across store instances (page loads)', async () => {
    const site = newSite();
    const store = idbStore(site);
    await store.put([event('a'), event('b')]);
    await store.put([event('c')]);
    await store.put([event('d'), event('e')]);
    await store.remove([event('a'), event('d')]);
    const reloaded = idbStore(site);
    const records = await reloaded.load();
    expect(ids(records)).to.deep.equal([['c']]);
    // The texts come back as they went, to be sent as they are.
    expect(records[0]![0]).to.equal(event('c'));
    await reloaded.clear();
    expect(await store.load()).to.deep.equal([]);
  });

  it('keeps sites apart', async () => {
    const [one, two] = [newSite(), newSite()];
    await idbStore(one).put([event('a')]);
    expect(await idbStore(two).load()).to.deep.equal([]);
  });

  it('rejects, rather than throwing into the page, when IndexedDB fails', async () => {
    const realOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string) {
      const request = realOpen.call(this, `${name}-denied`);
      // As in a private mode that refuses databases: the request fails asynchronously.
      Object.defineProperty(request, 'error', { value: new DOMException('denied', 'UnknownError') });
      request.addEventListener('success', (e) => (e.stopImmediatePropagation(), request.onerror?.(new Event('error'))), { capture: true, once: true });
      return request;
    };
    try {
      const store = idbStore(newSite());
      let failed = false;
      await store.put([event('a')]).catch(() => (failed = true));
      expect(failed).to.equal(true);
    } finally {
      IDBFactory.prototype.open = realOpen;
    }
  });
});
