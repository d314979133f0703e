import { describe, expect, it } from 'vitest';
import { createSegmentIdentity } from '../../src/app/segments/segment-identity.ts';

// A workspace keeps what the segment identity remembers, so the run fitted again on restore gets
// the colours and names it had, even when another run (the page's opening one) ends in between.

const features = ['Income', 'Spending'];
const scale = [10, 10];
const centres = Float64Array.from([20, 80, 60, 40, 90, 85]);
const automatic = ['Low income', 'Middle', 'High'];

describe('the segment identity kept in a workspace', () => {
  it('gives the run fitted again the colours and the edited names it had', () => {
    const first = createSegmentIdentity();
    first.useFeatures(['Other', 'Features']);
    first.commit(Float64Array.from([1, 1, 5, 5, 9, 9, 13, 13]), 2, [1, 1], ['a', 'b', 'c', 'd']);
    first.useFeatures(features);
    // Colours that moved away from the defaults: a run of 4, then these 3 (two matched, one new).
    first.commit(Float64Array.from([90, 85, 5, 5, 60, 40, 20, 80]), 2, scale, ['x', 'y', 'z', 'w']);
    const looks = first.commit(centres, 2, scale, automatic);
    first.rename(0, 'Premium');
    const kept = JSON.parse(JSON.stringify(first.memory()));

    const again = createSegmentIdentity();
    again.remember(kept);
    // The page's own generated run ends before the restored one.
    again.useFeatures(['Annual Income', 'Spending Score', 'Credit Score']);
    again.commit(Float64Array.from([50, 50, 700]), 3, [20, 20, 80], ['generated']);
    again.useFeatures(features);
    const restored = again.commit(centres, 2, scale, automatic);
    expect(looks.slots).toEqual([1, 2, 3]);
    expect(restored.slots).toEqual(looks.slots);
    expect(restored.names).toEqual(['Premium', 'Middle', 'High']);
  });
});
