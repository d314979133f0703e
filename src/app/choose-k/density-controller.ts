import { clampToLimit, LIMITS } from '../../protocol/limits.ts';
import type { ChooseKTab } from '../../view/choose-k-tab.ts';
import { renderCondensedTree, type CondensedTreeView } from '../../view/condensed-tree.ts';
import { renderKDistanceChart } from '../../view/k-distance-chart.ts';
import { renderMinClusterSizeTable } from '../../view/min-cluster-size-table.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { SegmentLooks } from '../segments/segment-identity.ts';
import type { EngineClient } from '../engine-client.ts';
import type { Workbench } from '../fit/workbench.ts';

/** Customers the k-distance curve is drawn for (their neighbours are searched among all). */
const CURVE_SAMPLE = 20_000;

/**
 * Density clustering in Choose k: DBSCAN's eps from the k-distance curve for the min_samples asked
 * (the panel's to begin with), its knee marked, a click on it running DBSCAN with that eps; and
 * the condensed tree of the last HDBSCAN run, whose clusters a click highlights in the view.
 */
export function createDensityController(parts: { engine: EngineClient; workbench: Workbench; tab: ChooseKTab }) {
  const { engine, workbench, tab } = parts;
  // The condensed tree of the last HDBSCAN run; its selected cluster's customers are highlighted in 3D.
  let treeView: CondensedTreeView | null = null;

  async function draw() {
    const k = clampToLimit(Number(tab.epsMinSamples.value), LIMITS.minSamples, workbench.run().minSamples);
    tab.epsMinSamples.value = String(k);
    tab.epsStatus.textContent = 'Searching neighbours…';
    try {
      const curve = await engine.host.chooseK.kDistance(k, CURVE_SAMPLE);
      renderKDistanceChart(tab.epsChart, curve, (eps) => void workbench.refit({ ...workbench.run(), algorithm: 'dbscan', eps, minSamples: k }));
      tab.epsStatus.textContent = `${(curve.ms / 1000).toFixed(1)} s for ${curve.sampled.toLocaleString('en-US')} of ${curve.n.toLocaleString('en-US')} customers; ` +
        (curve.knee >= 0 ? 'the knee is marked.' : 'the curve has no clear knee: pick an eps by eye.');
    } catch (error) {
      tab.epsStatus.textContent = `The curve failed: ${error instanceof Error ? error.message : error}`;
    }
  }

  async function sweepSizes() {
    const sizes = tab.sizes.value.split(/[\s,;]+/).filter(Boolean).map(Number);
    const bad = sizes.find((size) => !Number.isInteger(size) || size < LIMITS.minClusterSize.min);
    if (sizes.length === 0 || bad !== undefined) {
      tab.sizesStatus.textContent = `Give whole numbers of at least ${LIMITS.minClusterSize.min}, separated by commas${bad !== undefined ? ` ("${bad}" is not one)` : ''}.`;
      return;
    }
    const { minSamples } = workbench.run();
    tab.sizesStatus.textContent = `Running HDBSCAN ${sizes.length} times…`;
    try {
      const started = performance.now();
      const sweep = await engine.host.chooseK.sweepMinClusterSize(sizes, minSamples, CURVE_SAMPLE);
      renderMinClusterSizeTable(tab.sizesTable, sweep, (minClusterSize) =>
        void workbench.refit({ ...workbench.run(), algorithm: 'hdbscan', minClusterSize }));
      tab.sizesStatus.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    } catch (error) {
      tab.sizesStatus.textContent = `The sweep failed: ${error instanceof Error ? error.message : error}`;
    }
  }

  tab.epsRun.addEventListener('click', () => void draw());
  tab.sizesRun.addEventListener('click', () => void sweepSizes());
  return {
    /** The tab opened: min_samples starts at the panel's. */
    opened: () => void (tab.epsMinSamples.value = String(workbench.run().minSamples)),
    /** A run finished: an HDBSCAN run's condensed tree is drawn, any other run's taken away. */
    showRun(outcome: FitOutcome, looks: SegmentLooks) {
      const tree = outcome.density?.tree ?? null;
      tab.condensedTree.hidden = tree === null;
      if (!tree) {
        treeView = null;
        tab.condensedTree.replaceChildren();
        return;
      }
      treeView = renderCondensedTree(tab.condensedTreeChart, tree, looks, async (node) =>
        node === null ? workbench.highlight(null) : workbench.highlight(await engine.host.fit.condensedNodeMask(node)));
    },
    /** Other customers replaced the highlighted ones: the tree's selection ends. */
    clearSelection: () => treeView?.clearSelection(),
  };
}
