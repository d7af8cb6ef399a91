import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { RefreshController } from './refresh-controller.js';

/** A host whose refreshes are counted; `seconds` is its interval. */
class RefreshHost extends LitElement {
  static override properties = { seconds: { type: Number } };
  declare seconds: number;
  refreshes = 0;
  constructor() {
    super();
    this.seconds = 0;
    new RefreshController(this, { seconds: () => this.seconds, refresh: () => this.refreshes++ });
  }
}
customElements.define('refresh-host', RefreshHost);

/**
 * Resolves after `n` ticks of an interval of `ms`: a clock running beside the
 * controller's own timer, to show that its ticks passed without a refresh.
 */
function ticks(n: number, ms = 50): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    const timer = setInterval(() => {
      if (++count < n) return;
      clearInterval(timer);
      resolve();
    }, ms);
  });
}

function hide(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('RefreshController', () => {
  afterEach(() => {
    // Back to the real getter on Document.prototype.
    delete (document as { hidden?: boolean }).hidden;
  });

  it('refreshes every N seconds while visible, and not at all when off', async () => {
    const el = await fixture<RefreshHost>(html`<refresh-host></refresh-host>`);
    el.seconds = 0.05;
    await waitUntil(() => el.refreshes >= 2, 'no refreshes', { timeout: 2000 });
    el.seconds = 0;
    await el.updateComplete;
    const count = el.refreshes;
    await ticks(4);
    expect(el.refreshes).to.equal(count);
  });

  it('pauses while the tab is hidden, and catches up once when it shows again', async () => {
    hide(true);
    const el = await fixture<RefreshHost>(html`<refresh-host .seconds=${0.05}></refresh-host>`);
    await ticks(4);
    expect(el.refreshes).to.equal(0);
    hide(false);
    expect(el.refreshes).to.equal(1);
  });

  it('stops when the host leaves the document', async () => {
    const el = await fixture<RefreshHost>(html`<refresh-host .seconds=${0.05}></refresh-host>`);
    await waitUntil(() => el.refreshes >= 1, 'no refresh');
    el.remove();
    const count = el.refreshes;
    await ticks(4);
    expect(el.refreshes).to.equal(count);
  });
});
