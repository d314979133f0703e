import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/analysis/agreement.ts';
import { singleLinkage } from '../../src/hierarchy/single.ts';
import { cutLinkage, wardLinkage, type Linkage } from '../../src/hierarchy/ward.ts';
import { blobs, randomPoints } from '../helpers.ts';
import { agglomerativeReference } from '../agglomerative-reference.ts';
import { sklearnMissing } from '../sklearn.ts';

// Ward's agglomerative clustering: the merges and heights SciPy's linkage gives, and the cut for k
// scikit-learn's AgglomerativeClustering gives, on the same float32 points.

const missing = sklearnMissing();
if (missing && process.env.CI) throw new Error(`SciPy and scikit-learn parity cannot run: ${missing}`);

/** Our merges against SciPy's linkage matrix: the same pairs and sizes, heights within 1e-9. */
function expectLinkage(ours: Linkage, Z: number[][]) {
  expect(Z).toHaveLength(ours.n - 1);
  Z.forEach(([a, b, height, size], row) => {
    expect([ours.left[row], ours.right[row], ours.size[row]], `merge ${row}`).toEqual([a, b, size]);
    expect(Math.abs(ours.height[row]! - height!)).toBeLessThanOrEqual(1e-9 * Math.max(1, height!));
  });
}

const shapes = [
  ['random points in 3D', randomPoints(600, 3, 5)],
  ['separated blobs in 2D', blobs(800, 2, 5, 9)],
  ['blobs in 5 dimensions', blobs(500, 5, 4, 3, 1.5)],
] as const;

describe.skipIf(missing !== null)(`single linkage against SciPy and scikit-learn${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each(shapes)('%s: the same merges at the same heights, and the same cut', (_name, points) => {
    const ours = singleLinkage(points);
    const { Z, labels } = agglomerativeReference(points, 5, 'single', true);
    expectLinkage(ours, Z!);
    expect(adjustedRandIndex(cutLinkage(ours, 5) as Uint8Array, labels)).toBe(1);
  });
});

describe.skipIf(missing !== null)(`Ward's linkage against SciPy and scikit-learn${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each(shapes)('%s: the same merges at the same heights, and the same cut', (_name, points) => {
    const ours = wardLinkage(points);
    const { Z, labels } = agglomerativeReference(points, 5, 'ward', true);
    expectLinkage(ours, Z!);
    expect(adjustedRandIndex(cutLinkage(ours, 5) as Uint8Array, labels)).toBe(1);
  });
});

describe('cutting the tree', () => {
  it('gives k clusters numbered by their first customer, and refuses a k the tree does not have', () => {
    const tree = wardLinkage(blobs(90, 2, 3, 1, 0.05));
    const labels = cutLinkage(tree, 3);
    expect(new Set(labels).size).toBe(3);
    expect(labels[0]).toBe(0);
    expect(Array.from(cutLinkage(tree, 1)).every((label) => label === 0)).toBe(true);
    expect(() => cutLinkage(tree, 91)).toThrow('k = 91: a tree of 90 customers cuts into 1 to 90 clusters');
  });
});
