import { describe, expect, it } from 'vitest';
import { createClusterTreeBuilder, edgeCrossings, layoutClusterTree, type ClusterTree } from '../../src/analysis/cluster-tree.ts';
import { sweepK } from '../../src/analysis/sweep.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';

/** A tree from hand-written labels per k (sizes counted from them, centroids zero). */
function treeOf(labelsByK: readonly (readonly number[])[]): ClusterTree {
  const n = labelsByK[0]!.length;
  const builder = createClusterTreeBuilder(n, ['x']);
  labelsByK.forEach((values, i) => {
    const k = i + 1;
    const counts = new Float64Array(k);
    for (const label of values) counts[label]!++;
    builder.add(k, Uint8Array.from(values), counts, new Float64Array(k));
  });
  return builder.finish();
}

/** The same tree left in cluster-number order, for comparison with the barycentre layout. */
const numberOrder = (tree: ClusterTree) => ({ order: [], x: tree.rows.map((row) => Float64Array.from(row, (_, c) => (c + 0.5) / row.length)) });

describe('the clustering tree', () => {
  // Eight customers: k = 2 splits {0..3 | 4..7}; k = 3 splits the right half; k = 4 the left one.
  // The numbers are scrambled, so cluster order would cross where the hierarchy is clean.
  const nested = treeOf([
    [0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 2, 2, 1, 1],
    [3, 3, 0, 0, 1, 1, 2, 2],
  ]);

  it('counts nodes per k and edges as a contingency table of consecutive k', () => {
    expect(nested.rows.map((row) => row.map((node) => node.size))).toEqual([[8], [4, 4], [4, 2, 2], [2, 2, 2, 2]]);
    expect(nested.edges[0]!.map(({ parent, child, count, childShare }) => [parent, child, count, childShare])).toEqual([[0, 0, 4, 1], [0, 1, 4, 1]]);
    // Only pairs that share customers are edges: 0 -> 0 and 1 -> {1, 2} between k = 2 and 3.
    expect(nested.edges[1]!.map(({ parent, child, count }) => [parent, child, count])).toEqual([[0, 1, 2], [0, 2, 2], [1, 0, 4]]);
  });

  it('orders each row under its parents (barycentres): no crossings where the hierarchy has none', () => {
    expect(edgeCrossings(nested, numberOrder(nested))).toBeGreaterThan(0);
    const layout = layoutClusterTree(nested);
    expect(layout.order).toEqual([[0], [0, 1], [1, 2, 0], [2, 1, 0, 3]]);
    expect(edgeCrossings(nested, layout)).toBe(0);
    expect(Array.from(layout.x[1]!)).toEqual([0.25, 0.75]);
  });

  it('puts a child of two parents between them, each edge carrying its share of the child', () => {
    // k = 3's cluster 1 takes a customer from each half of k = 2.
    const mixed = treeOf([
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 1, 1],
      [0, 0, 1, 1, 2, 2],
    ]);
    const layout = layoutClusterTree(mixed);
    expect(layout.order[2]).toEqual([0, 1, 2]);
    expect(edgeCrossings(mixed, layout)).toBe(0);
    expect(mixed.edges[1]!.filter((edge) => edge.child === 1).map((edge) => edge.childShare)).toEqual([0.5, 0.5]);
  });

  it('from a sweep of real fits: sizes sum to n per row, each parent\'s edges to its size, each child\'s shares to one', async () => {
    const n = 3000;
    const { columns, featureNames } = generateCustomers({ n, seed: 7, separation: 1 });
    const scaler = fitScaler(columns, n);
    const points = { data: transformInterleaved(columns, n, scaler), n, d: 3 };
    const builder = createClusterTreeBuilder(n, featureNames);
    await sweepK(points, {
      kMax: 6, seed: 0, sampleSize: 200, measures: false, engineFor: async (k) => createCpuEngine(points, k),
      onFit: (fit) => builder.add(fit.k, fit.labels!, fit.counts, inverseTransformRows(fit.centroids, scaler)),
    });
    const tree = builder.finish();
    expect(tree.rows.map((row) => row.length)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const row of tree.rows) expect(row.reduce((sum, node) => sum + node.size, 0)).toBe(n);
    // k = 1's centre is the population mean, in business units.
    const mean = Array.from(columns, (column) => column.reduce((sum, v) => sum + v, 0) / n);
    tree.rows[0]![0]!.centroid.forEach((v, f) => expect(v).toBeCloseTo(mean[f]!, 2));
    tree.edges.forEach((between, r) => {
      for (const parent of tree.rows[r]!) {
        expect(between.filter((edge) => edge.parent === parent.cluster).reduce((sum, edge) => sum + edge.count, 0)).toBe(parent.size);
      }
      for (const child of tree.rows[r + 1]!) {
        const into = between.filter((edge) => edge.child === child.cluster);
        expect(into.reduce((sum, edge) => sum + edge.count, 0)).toBe(child.size);
        expect(into.reduce((sum, edge) => sum + edge.childShare, 0)).toBeCloseTo(1, 12);
      }
    });
    const layout = layoutClusterTree(tree);
    for (const [r, order] of layout.order.entries()) expect([...order].sort((a, b) => a - b)).toEqual(tree.rows[r]!.map((node) => node.cluster));
    // The default customers nest well: the barycentre order crosses no more than cluster order does.
    expect(edgeCrossings(tree, layout)).toBeLessThanOrEqual(edgeCrossings(tree, numberOrder(tree)));
  });

  it('refuses a k out of order or labels of other customers', () => {
    const builder = createClusterTreeBuilder(3, ['x']);
    expect(() => builder.add(2, new Uint8Array(3), [3], new Float64Array(1))).toThrow(RangeError);
    expect(() => builder.add(1, new Uint8Array(2), [2], new Float64Array(1))).toThrow(RangeError);
  });
});
