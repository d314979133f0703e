import type { AssignEngine, AssignStats, PointMatrix } from '../../types.ts';
import { FilterPass, type FilterPassResult } from './filter-pass.ts';
import { mortonSort, mortonSortSteps, type MortonSorted } from './morton-order.ts';
import { sharedBuild, type BuildProgress, type SharedBuild } from './shared-build.ts';

export type { BuildProgress } from './shared-build.ts';
import { buildKdTree, type KdTree } from './tree.ts';

/**
 * Points per tree at most. The Morton order is cut into as few runs as keep to this, of equal
 * size (1 M: four of 250 000, not three full ones and a short one that leaves a thread idle at
 * the end of every pass), each a compact region with a tree of its own: the runs are the unit of
 * work the threads share. The cut depends on n alone, and the runs' sums are added in run order,
 * so the result is the same bits on any number of threads.
 */
export const CHUNK_POINTS = 1 << 18;

/** [start, end) positions in the Morton order of each run. */
export function chunkRanges(n: number): [number, number][] {
  const runs = Math.max(1, Math.ceil(n / CHUNK_POINTS));
  return Array.from({ length: runs }, (_, r): [number, number] => [Math.floor((r * n) / runs), Math.floor(((r + 1) * n) / runs)]);
}

/** The points of one run, in Morton order, with their codes: what a tree is built from. */
export interface ChunkInput {
  readonly data: Float32Array;
  readonly codes: Uint32Array;
  readonly m: number;
  readonly d: number;
}

/** The rows in Morton order and the runs cut from it (built once per dataset). */
export interface SortedPoints {
  readonly n: number;
  readonly d: number;
  /** order[s]: the row at position s. */
  readonly order: Uint32Array;
  readonly chunks: ChunkInput[];
}

/**
 * Sort the points along the Morton curve and cut the order into runs: views of one sorted copy
 * (the caller's points stay as they are).
 */
export function sortPoints(points: PointMatrix): SortedPoints {
  return cutIntoRuns(points, mortonSort(points));
}

/** sortPoints in steps: every 30 ms of work the event loop runs (messages, a cancel) and progress is told. */
export async function sortPointsAsync(points: PointMatrix, onProgress?: BuildProgress): Promise<SortedPoints> {
  const steps = mortonSortSteps(points);
  let last = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return cutIntoRuns(points, step.value);
    onProgress?.(step.value);
    if (performance.now() - last > 30) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}

function cutIntoRuns(points: PointMatrix, { data, order, codes }: MortonSorted): SortedPoints {
  const { n, d } = points;
  const chunks = chunkRanges(n).map(([start, end]) => ({ data: data.subarray(start * d, end * d), codes: codes.subarray(start, end), m: end - start, d }));
  return { n, d, order, chunks };
}

/** One run's passes, here or in a worker. */
export interface ChunkPasses {
  run(centroids: Float64Array): Promise<FilterPassResult> | FilterPassResult;
  /** Labels in the run's Morton order. */
  labels(): Promise<Uint8Array> | Uint8Array;
  destroy(): void;
}

/** The trees of a dataset: each run's passes for a given k. */
export interface Forest {
  readonly n: number;
  readonly d: number;
  readonly order: Uint32Array;
  /** Start in the Morton order of each run. */
  readonly starts: readonly number[];
  passes(k: number): ChunkPasses[];
}

/** A forest whose trees live on this thread. */
export function buildLocalForest(points: PointMatrix): Forest {
  const sorted = sortPoints(points);
  return localTrees(sorted, sorted.chunks.map((chunk) => buildKdTree(chunk.data, chunk.codes, chunk.m, chunk.d)));
}

function localTrees(sorted: SortedPoints, trees: KdTree[]): Forest {
  return {
    n: sorted.n,
    d: sorted.d,
    order: sorted.order,
    starts: chunkRanges(sorted.n).map(([start]) => start),
    passes: (k) => trees.map((tree) => {
      const pass = new FilterPass(tree, k);
      return { run: (centroids) => pass.run(centroids), labels: () => pass.labels(), destroy: () => undefined };
    }),
  };
}

// Trees are built once per dataset and reused by every run, restart and k on it.
const localForests = new WeakMap<PointMatrix, Forest>();
// Builds in steps under way, so a second caller waits for the same one.
const localBuilds = new WeakMap<PointMatrix, SharedBuild<Forest>>();

/** The forest of these points, built on first use. */
export function localForest(points: PointMatrix): Forest {
  let forest = localForests.get(points);
  if (!forest) {
    forest = buildLocalForest(points);
    localForests.set(points, forest);
  }
  return forest;
}

/**
 * Build the forest of these points now, in steps, telling progress (the sort is most of it);
 * localForest() then finds it. Callers during the build share it.
 */
export async function prepareLocalForest(points: PointMatrix, onProgress?: BuildProgress): Promise<Forest> {
  const known = localForests.get(points);
  if (known) return known;
  let build = localBuilds.get(points);
  if (!build) {
    build = sharedBuild(async (tell) => {
      const sorted = await sortPointsAsync(points, (share) => tell(0.8 * share));
      const trees: KdTree[] = [];
      for (const chunk of sorted.chunks) {
        trees.push(buildKdTree(chunk.data, chunk.codes, chunk.m, chunk.d));
        tell(0.8 + (0.2 * trees.length) / sorted.chunks.length);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const forest = localForests.get(points) ?? localTrees(sorted, trees);
      localForests.set(points, forest);
      return forest;
    });
    localBuilds.set(points, build);
    build.result.finally(() => localBuilds.delete(points)).catch(() => undefined);
  }
  if (onProgress) build.watch(onProgress);
  return build.result;
}

/**
 * The filtering engine: every run's pass against the same centroids (side by side when the runs
 * live in workers), their sums, counts, inertia and changes added in run order. `forestOf` is
 * asked on the first pass, so a caller can index the points before (with progress) and the
 * engine then finds them indexed; the forest may still be building in workers: the pass waits.
 */
export function createFilterEngine(forestOf: () => Forest | Promise<Forest>, k: number): AssignEngine {
  let destroyed = false;
  let ready: Promise<{ forest: Forest; parts: ChunkPasses[] }> | null = null;
  const parts = () => (ready ??= Promise.resolve(forestOf()).then((forest) => ({ forest, parts: forest.passes(k) })));
  return {
    backend: 'cpu',
    cpuAlgorithm: 'kd-tree filtering',
    async assign(centroids: Float64Array): Promise<AssignStats> {
      if (destroyed) throw new Error('CPU engine used after destroy()');
      const { forest, parts: passes } = await parts();
      const { d } = forest;
      const results = await Promise.all(passes.map((part) => part.run(centroids)));
      const sums = new Float64Array(k * d);
      const counts = new Float64Array(k);
      let inertia = 0;
      let changed = 0;
      for (const r of results) {
        for (let i = 0; i < sums.length; i++) sums[i]! += r.sums[i]!;
        for (let j = 0; j < k; j++) counts[j]! += r.counts[j]!;
        inertia += r.inertia;
        changed += r.changed;
      }
      const deltaSums = new Float64Array(k * d);
      for (let j = 0; j < k; j++) {
        for (let f = 0; f < d; f++) deltaSums[j * d + f] = sums[j * d + f]! - counts[j]! * centroids[j * d + f]!;
      }
      return { deltaSums, counts, inertia, changed };
    },
    async labels(): Promise<Uint8Array> {
      const { forest, parts: passes } = await parts();
      const { order, starts } = forest;
      const rows = new Uint8Array(forest.n);
      const sortedLabels = await Promise.all(passes.map((part) => part.labels()));
      sortedLabels.forEach((labels, c) => {
        const start = starts[c]!;
        for (let s = 0; s < labels.length; s++) rows[order[start + s]!] = labels[s]!;
      });
      return rows;
    },
    destroy() {
      destroyed = true;
      ready?.then(({ parts: passes }) => passes.forEach((part) => part.destroy()), () => undefined);
    },
  };
}
