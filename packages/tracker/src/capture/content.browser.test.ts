import { expect } from '@open-wc/testing';
import { fakeCollector, hidePage, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { intersection, manualClock, type ManualClock } from '../testing/manual-clock.js';
import { createTracker, type Hub } from '../tracker.js';
import { captureContent } from './content.js';

let collector: FakeCollector;
let clock: ManualClock;
let hub: Hub;
let site: string;
const spacer = document.createElement('div');
spacer.style.height = '300vh';

const impressions = () => collector.eventsOf(site).filter((event) => event.name == 'content_impression');
const banner = (name: string, attributes: Record<string, string> = {}) => {
  const element = document.createElement('a');
  element.href = '#sale';
  element.dataset.vitrineContent = name;
  Object.assign(element.dataset, attributes);
  element.style.cssText = 'display:block;height:200px';
  element.textContent = name;
  return element;
};

describe('captureContent', () => {
  beforeEach(() => {
    collector = fakeCollector();
    clock = manualClock();
    site = newSite();
    document.body.append(spacer);
    scrollTo(0, 0);
  });
  afterEach(() => {
    clock.restore();
    collector.restore();
    document.querySelectorAll('[data-vitrine-content]').forEach((element) => element.remove());
    spacer.remove();
  });

  const startWith = async (element: HTMLElement, where: 'top' | 'below' = 'top') => {
    if (where == 'top') document.body.prepend(element);
    else document.body.append(element);
    createTracker({ site, endpoint: 'https://c.test' }, [(h) => (hub = h), captureContent]);
    if (where == 'top') await intersection(element, true);
  };

  it('counts an impression once the banner has been half visible for a second, once per page view', async () => {
    const element = banner('Spring sale banner', { vitrinePiece: 'hero.jpg', vitrineTarget: '/sale' });
    await startWith(element);
    clock.tick(999);
    await hub.flush();
    expect(impressions()).to.have.length(0);
    clock.tick(1);
    clock.tick(5000);
    await hub.flush();
    expect(impressions().map((event) => event.props)).to.deep.equal([{ content_name: 'Spring sale banner', content_piece: 'hero.jpg', content_target: '/sale' }]);
  });

  it('does not count a banner scrolled past in half a second, and counts it when it stays', async () => {
    const element = banner('Scrolled past');
    await startWith(element, 'below');
    element.scrollIntoView();
    await intersection(element, true);
    clock.tick(500);
    scrollTo(0, 0);
    await intersection(element, false);
    clock.tick(5000);
    await hub.flush();
    expect(impressions()).to.have.length(0);
    element.scrollIntoView();
    await intersection(element, true);
    clock.tick(1500);
    await hub.flush();
    expect(impressions()).to.have.length(1);
  });

  it('counts elements added after start (MutationObserver)', async () => {
    createTracker({ site, endpoint: 'https://c.test' }, [(h) => (hub = h), captureContent]);
    const wrapper = document.createElement('section');
    const late = banner('Lazy carousel slide');
    wrapper.append(late);
    document.body.prepend(wrapper);
    await intersection(late, true);
    clock.tick(1000);
    await hub.flush();
    expect(impressions().map((event) => event.props!.content_name)).to.deep.equal(['Lazy carousel slide']);
    wrapper.remove();
  });

  it('does not count while the page is hidden', async () => {
    const element = banner('Background tab');
    await startWith(element);
    hidePage();
    clock.tick(5000);
    await hub.flush();
    expect(impressions()).to.have.length(0);
  });

  it('counts again in a new page view, and records every click inside as a content click', async () => {
    const element = banner('Spring sale banner');
    element.innerHTML = '';
    const inner = document.createElement('span');
    inner.textContent = 'Shop now';
    element.append(inner);
    await startWith(element);
    clock.tick(1000);
    history.pushState(null, '', location.pathname + '?page=2');
    hub.track('page_view');
    clock.tick(1000);
    inner.click();
    inner.click();
    await hub.flush();
    history.back();
    const names = collector.eventsOf(site).map((event) => event.name);
    expect(names.filter((name) => name == 'content_impression')).to.have.length(2);
    expect(names.filter((name) => name == 'content_click')).to.have.length(2);
    expect(collector.eventsOf(site).find((event) => event.name == 'content_click')!.props).to.deep.equal({ content_name: 'Spring sale banner' });
  });
});
