import { expect } from '@open-wc/testing';
import { pointForKey } from './keys.js';

describe('pointForKey', () => {
  it('moves by one with the arrows, and clamps', () => {
    expect(pointForKey('ArrowLeft', 5, 10)).to.equal(4);
    expect(pointForKey('ArrowRight', 5, 10)).to.equal(6);
    expect(pointForKey('ArrowRight', 9, 10)).to.equal(9);
    expect(pointForKey('ArrowLeft', 0, 10)).to.equal(0);
    expect(pointForKey('ArrowDown', 5, 10)).to.equal(4);
    expect(pointForKey('ArrowUp', 5, 10)).to.equal(6);
  });

  it('starts from the latest point, jumps with Home/End, hides with Escape', () => {
    expect(pointForKey('ArrowLeft', null, 10)).to.equal(9);
    expect(pointForKey('Home', 4, 10)).to.equal(0);
    expect(pointForKey('End', 4, 10)).to.equal(9);
    expect(pointForKey('Escape', 4, 10)).to.equal(null);
  });

  it('lets other keys through, and has nothing to move over without points', () => {
    expect(pointForKey('Tab', 4, 10)).to.equal(undefined);
    expect(pointForKey('PageUp', 4, 10)).to.equal(undefined);
    expect(pointForKey('ArrowLeft', null, 0)).to.equal(undefined);
  });
});
