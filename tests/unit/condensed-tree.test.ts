import { describe, expect, it } from 'vitest';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { condensedNodeMask, condensedNodes } from '../../src/density/condensed-nodes.ts';
import { hdbscan } from '../../src/density/hdbscan.ts';
import { layoutIcicle } from '../../src/view/icicle-layout.ts';

const data = generateShapedCustomers({ n: 4000, seed: 5 });
const points = { data: transformInterleaved(data.columns, data.n, fitScaler(data.columns, data.n)), n: data.n, d: 3 };
const result = hdbscan(points, { minClusterSize: 80, minSamples: 10 });
const nodes = condensedNodes(result.condensedTree, points.n, result.selectedClusters);

describe('the condensed tree as the drawer draws it', () => {
  it('lists every cluster of the tree once, the root holding every customer, each selected cluster with its label', () => {
    expect(nodes.id[0]).toBe(points.n);
    expect(nodes.parent[0]).toBe(-1);
    expect(nodes.size[0]).toBe(points.n);
    const labelled = Array.from(nodes.label).filter((label) => label >= 0).sort((a, b) => a - b);
    expect(labelled).toEqual(Array.from({ length: result.clusters }, (_, j) => j));
    // A child is born no earlier (at no lower density) than its parent, and is no bigger.
    for (let c = 1; c < nodes.id.length; c++) {
      const parent = nodes.parent[c]! - points.n;
      expect(nodes.birth[c]).toBeGreaterThanOrEqual(nodes.birth[parent]!);
      expect(nodes.size[c]).toBeLessThanOrEqual(nodes.size[parent]!);
    }
  });

  it("a selected cluster's customers are the ones HDBSCAN labelled with it (and the root's are everyone)", () => {
    for (let c = 0; c < nodes.id.length; c++) {
      const label = nodes.label[c]!;
      if (label < 0) continue;
      const mask = condensedNodeMask(result.condensedTree, points.n, nodes.id[c]!);
      for (let i = 0; i < points.n; i++) if (result.labels[i] === label) expect(mask[i]).toBe(1);
    }
    expect(condensedNodeMask(result.condensedTree, points.n, points.n).every((bit) => bit === 1)).toBe(true);
  });

  it('lays the icicle out with children side by side inside their parent', () => {
    const rects = layoutIcicle(nodes);
    expect(rects).toHaveLength(nodes.id.length);
    const byNode = new Map(rects.map((r) => [r.node, r]));
    expect(byNode.get(points.n)).toMatchObject({ x0: 0, x1: points.n });
    for (let c = 1; c < nodes.id.length; c++) {
      const rect = byNode.get(nodes.id[c]!)!;
      const parent = byNode.get(nodes.parent[c]!)!;
      expect(rect.x0).toBeGreaterThanOrEqual(parent.x0);
      expect(rect.x1).toBeLessThanOrEqual(parent.x1);
      expect(Number.isFinite(rect.death)).toBe(true);
    }
  });
});
