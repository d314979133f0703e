/**
 * HDBSCAN on several threads: this one and helpers (the page's helper workers, the command
 * line's worker threads), each given a copy of the kd-tree and a range of its points in tree
 * order. The core distances are split by range; each Boruvka round, every range searches its own
 * points and the lightest edges are merged in one strict order, so the result is the one-thread
 * result exactly. The rest (linkage, condensed tree, selection) runs here.
 */
import type { PointMatrix } from '../kmeans/types.ts';
import type { RoundEdges } from './boruvka-search.ts';
import { BoruvkaSearch } from './boruvka-search.ts';
import { checkHdbscanOptions, hdbscanFromTree, hdbscanSteps, type HdbscanOptions, type HdbscanResult } from './hdbscan.ts';
import { buildKdTree, kNearestDistancesSteps, type KdTree } from './kd-tree.ts';
import { boruvkaMstSplit } from './mst.ts';
import type { StepRunner } from './steps.ts';

/** What a helper does for HDBSCAN (slice-host.ts), as seen from here. */
export interface DensityHelper {
  densityTree(tree: KdTree): Promise<number>;
  coreDistances(id: number, from: number, to: number, k: number): Promise<Float64Array>;
  boruvkaStart(id: number, core: Float64Array, from: number, to: number): Promise<void>;
  boruvkaRound(id: number, comp: Int32Array): Promise<RoundEdges>;
  dropDensityTree(id: number): Promise<void>;
}

/** Below this many customers the copies and messages cost more than the helpers save. */
export const HDBSCAN_THREADS_FROM = 20_000;

/**
 * HDBSCAN where it runs for real (the command line, the page's worker): split between this thread
 * and the helpers from HDBSCAN_THREADS_FROM customers, else on this thread, its steps paced by
 * `run`. Says how many threads it took.
 */
export async function hdbscanOnCores(
  points: PointMatrix, options: HdbscanOptions, helpers: readonly DensityHelper[], run: StepRunner, signal: AbortSignal, onProgress?: (share: number) => void,
): Promise<{ result: HdbscanResult; threads: number }> {
  if (helpers.length === 0 || points.n < HDBSCAN_THREADS_FROM) return { result: await run(hdbscanSteps(points, options), onProgress), threads: 1 };
  return { result: await hdbscanOnThreads(points, options, helpers, run, signal, onProgress), threads: helpers.length + 1 };
}

/** HDBSCAN split between this thread and every helper given, whatever the size. */
export async function hdbscanOnThreads(
  points: PointMatrix, options: HdbscanOptions, helpers: readonly DensityHelper[], run: StepRunner, signal: AbortSignal, onProgress: (share: number) => void = () => undefined,
): Promise<HdbscanResult> {
  const o = checkHdbscanOptions(points, options);
  const { n } = points;
  const tree = buildKdTree(points);
  onProgress(0.05);
  // Equal ranges of tree order: this thread takes the first.
  const parts = helpers.length + 1;
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  const ids = await Promise.all(helpers.map((helper) => helper.densityTree(tree)));
  try {
    const core = new Float64Array(n);
    const own = Uint32Array.from(tree.index.subarray(0, bounds[1]));
    const [local, ...remote] = await Promise.all([
      run(kNearestDistancesSteps(tree, o.minSamples, own), (share) => onProgress(0.05 + 0.25 * share)),
      ...helpers.map((helper, h) => helper.coreDistances(ids[h]!, bounds[h + 1]!, bounds[h + 2]!, o.minSamples)),
    ]);
    [local!, ...remote].forEach((distances, part) => {
      for (let i = 0; i < distances.length; i++) core[tree.index[bounds[part]! + i]!] = distances[i]!;
    });
    signal.throwIfAborted();
    onProgress(0.3);

    await Promise.all(helpers.map((helper, h) => helper.boruvkaStart(ids[h]!, core, bounds[h + 1]!, bounds[h + 2]!)));
    const search = new BoruvkaSearch(tree, core, 0, bounds[1]!);
    let round = 0;
    const mst = await boruvkaMstSplit(n, [
      async (comp) => {
        const edges = await run(search.roundSteps(comp));
        onProgress(0.3 + 0.65 * (1 - 0.5 ** ++round));
        return edges;
      },
      ...helpers.map((helper, h) => (comp: Int32Array) => helper.boruvkaRound(ids[h]!, comp)),
    ], signal);
    onProgress(0.95);
    return hdbscanFromTree(n, o, core, mst);
  } finally {
    helpers.forEach((helper, h) => void helper.dropDensityTree(ids[h]!).catch(() => undefined));
  }
}
