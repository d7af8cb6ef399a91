import { expect } from '@open-wc/testing';
import { fakeCollector, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { manualClock, type ManualClock } from '../testing/manual-clock.js';
import { createTracker, type Hub } from '../tracker.js';
import { captureArticles } from './article.js';

let collector: FakeCollector;
let clock: ManualClock;
let hub: Hub;
let site: string;
const article = document.createElement('article');
article.dataset.vitrineArticle = 'How to brew oolong';
article.style.height = '400vh';
const after = document.createElement('div');
after.style.height = '200vh';
const progress = () => collector.eventsOf(site).filter((event) => event.name == 'article_progress').map((event) => event.props);
/** Scrolls so that the bottom of the viewport is at `percent` of the article. */
const readTo = (percent: number) =>
  new Promise((resolve) => {
    addEventListener('scroll', resolve, { once: true });
    scrollTo(0, article.offsetTop + (article.offsetHeight * percent) / 100 - innerHeight);
  });

describe('captureArticles', () => {
  beforeEach(() => {
    collector = fakeCollector();
    clock = manualClock();
    site = newSite();
    document.body.append(article, after);
    scrollTo(0, 0);
    createTracker({ site, endpoint: 'https://c.test' }, [(h) => (hub = h), captureArticles]);
  });
  afterEach(() => {
    clock.restore();
    collector.restore();
    article.remove();
    after.remove();
  });

  it('reports each read-depth milestone once, with the time the article was read until then', async () => {
    clock.tick(3000);
    await readTo(30);
    clock.tick(5000);
    await readTo(60);
    await readTo(20);
    await readTo(55);
    clock.tick(2000);
    await readTo(100);
    await hub.flush();
    expect(progress()).to.deep.equal([
      { article: 'How to brew oolong', depth: 25, read_ms: 3000 },
      { article: 'How to brew oolong', depth: 50, read_ms: 8000 },
      { article: 'How to brew oolong', depth: 75, read_ms: 10_000 },
      { article: 'How to brew oolong', depth: 100, read_ms: 10_000 },
    ]);
  });

  it('counts no reading time while the article is off screen', async () => {
    await readTo(300); // the article is above the viewport
    clock.tick(60_000);
    await readTo(26);
    await hub.flush();
    expect(progress()).to.deep.equal([{ article: 'How to brew oolong', depth: 25, read_ms: 0 }]);
  });
});
