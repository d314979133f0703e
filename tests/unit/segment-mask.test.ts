import { describe, expect, it } from 'vitest';
import { nextIsolation, segmentMask } from '../../src/app/query/segment-mask.ts';
import { customersInRange } from '../../src/app/explore/histogram-range.ts';
import { clampToRange } from '../../src/app/query/placement.ts';

describe('isolating segments from the legend', () => {
  it('a click isolates a segment, a second click on it shows all; Ctrl or Shift toggles one among the others', () => {
    expect(nextIsolation([], 2, false)).toEqual([2]);
    expect(nextIsolation([2], 2, false)).toEqual([]);
    expect(nextIsolation([1, 2], 2, false)).toEqual([2]);
    expect(nextIsolation([3], 1, true)).toEqual([1, 3]);
    expect(nextIsolation([1, 3], 3, true)).toEqual([1]);
  });

  it('keeps the customers of the isolated segments; nothing when a segment is not in this run', () => {
    const labels = Uint8Array.from([0, 1, 2, 1, 0, 3]);
    expect(Array.from(segmentMask(labels, 4, [1, 3])!)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(segmentMask(labels, 4, [])).toBeNull();
    expect(segmentMask(labels, 3, [3])).toBeNull();
  });
});

describe('a histogram bar\'s customers in the view', () => {
  it('scales the bar\'s range like the drawn positions, low end in, high end out', () => {
    // Two features, mean 10 and 0, scale 2 and 1: feature 0 at 8, 10, 12, 14 in business units.
    const positions = Float32Array.from([-1, 0, 0, 0, 1, 0, 2, 0]);
    expect(Array.from(customersInRange(positions, 2, [10, 0], [2, 1], { feature: 0, lo: 10, hi: 14 }))).toEqual([0, 1, 1, 0]);
  });
});

describe('a centroid placed on the plane the view faces', () => {
  it('stays within the customers\' range along the plane, not across it', () => {
    const extent = [{ min: -1, max: 1 }, { min: -2, max: 2 }, { min: 0, max: 5 }];
    const point: [number, number, number] = [3, -0.5, 9];
    expect(clampToRange(point, [0, 1, 2], extent, 2)).toBe(true);
    expect(point).toEqual([1, -0.5, 9]);
    const inside: [number, number, number] = [0.5, 1, 0];
    expect(clampToRange(inside, [0, 1, -1], extent, 2)).toBe(false);
  });
});
