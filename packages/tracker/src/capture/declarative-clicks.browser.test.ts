import { expect } from '@open-wc/testing';
import { fakeCollector, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { createTracker } from '../tracker.js';
import { captureDeclarativeClicks } from './declarative-clicks.js';

describe('captureDeclarativeClicks', () => {
  let collector: FakeCollector;
  beforeEach(() => (collector = fakeCollector()));
  afterEach(() => collector.restore());

  it('tracks a click on a marked element, or inside it, with its data-vitrine-prop-* as props', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://c.test' }, [captureDeclarativeClicks]);
    const button = document.createElement('button');
    button.dataset.vitrineEvent = 'newsletter_signup';
    button.setAttribute('data-vitrine-prop-placement', 'footer');
    button.setAttribute('data-vitrine-prop-list_id', 'weekly');
    const label = document.createElement('span');
    label.textContent = '订阅';
    button.append(label);
    // A page that stops the click's propagation does not hide it.
    button.addEventListener('click', (event) => event.stopPropagation());
    document.body.append(button);
    try {
      label.click();
      document.body.click();
      await tracker.flush();
    } finally {
      button.remove();
    }
    expect(collector.eventsOf(site).map(({ name, props }) => ({ name, props }))).to.deep.equal([
      { name: 'newsletter_signup', props: { placement: 'footer', list_id: 'weekly' } },
    ]);
  });
});
