import * as Comlink from 'comlink';
import { tableOfKCsv, tableOfKDone, type TableOfKProgress } from '../../analysis/table-of-k.ts';
import type { ChooseKTab } from '../../view/choose-k-tab.ts';
import { renderClusterTree, type ClusterTreeView } from '../../view/cluster-tree.ts';
import { downloadBlob } from '../../view/download.ts';
import { renderElbowCharts } from '../../view/elbow-chart.ts';
import { renderKTable } from '../../view/k-table.ts';
import type { Progress } from '../../view/progress.ts';
import { isCancelled, type EngineClient } from '../engine-client.ts';
import type { Workbench } from '../fit/workbench.ts';
import { sweepInputs } from './sweep-inputs.ts';

/** The page's gap and stability: 10 resamples of a 5 000 sample keep them to seconds (the CLI takes 20 000). */
const RESAMPLING_SAMPLE = 5_000;
const STABILITY_RESAMPLES = 10;

/**
 * Choose k: a sweep over k = 1..K on the active backend, in the worker, with progress and cancel;
 * then the elbow charts, the table of k and the clustering tree, each of which can pick a k (or,
 * the tree, highlight a node's customers in the view).
 */
export function createChooseKController(parts: { engine: EngineClient; workbench: Workbench; progress: Progress; tab: ChooseKTab }) {
  const { engine, workbench, tab } = parts;
  // The clustering tree of the last sweep; its selected node's customers are highlighted in 3D.
  let treeView: ClusterTreeView | null = null;

  async function sweep() {
    const { kMax, sampleSize } = sweepInputs(tab.kMax.value, tab.sample.value);
    const started = performance.now();
    tab.status.textContent = '';
    const task = parts.progress.start(`Sweeping k = 1 to ${kMax}…`, () => void engine.host.cancel('sweep'));
    try {
      const run = workbench.run();
      const table = await engine.host.chooseK.sweep(
        { kMax, sampleSize, seed: run.initSeed, backend: run.backend, threads: run.threads, resamplingSample: RESAMPLING_SAMPLE, stabilityResamples: STABILITY_RESAMPLES },
        Comlink.proxy((done: TableOfKProgress) =>
          task.update(`Sweeping k = 1 to ${kMax}: ${done.swept} of ${done.kMax} k done; gap and stability ${done.resampled} of ${done.resamplingFits} fits`, tableOfKDone(done))),
      );
      const { sweep: measured } = table;
      tab.charts.dataset.elbow = String(measured.elbowK ?? '');
      renderElbowCharts(tab.charts, measured, (k) => void workbench.applyK(k));
      renderKTable(tab.table, table, (k) => void workbench.applyK(k), () => downloadBlob(new Blob([tableOfKCsv(table)], { type: 'text/csv' }), 'table_of_k.csv'));
      // A new sweep's tree starts with nothing highlighted.
      workbench.highlight(null);
      treeView = renderClusterTree(tab.tree, table.tree, async (node) =>
        node ? workbench.highlight(await engine.host.chooseK.clusterMask(node.k, node.cluster)) : workbench.highlight(null));
      tab.status.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s (the sweep of k = 1 to ${kMax}: ${(table.sweepMs / 1000).toFixed(1)} s, ` +
        `the gap and stability beside it); elbow at k = ${measured.elbowK ?? 'none'}; ` +
        `silhouette distances on the ${measured.silhouetteBackend === 'webgpu' ? 'GPU' : 'CPU'}`;
    } catch (error) {
      tab.status.textContent = isCancelled(error) ? 'Sweep cancelled.' : `Sweep failed: ${error instanceof Error ? error.message : error}`;
    } finally {
      task.end();
    }
  }

  tab.run.addEventListener('click', () => void sweep());
  return {
    /** The tab opened: the worker gets the sweep's other thread ready. */
    opened: () => void engine.host.chooseK.prepare(),
    /** Other customers replaced the highlighted ones: the tree's selection ends. */
    clearSelection: () => treeView?.clearSelection(),
  };
}
