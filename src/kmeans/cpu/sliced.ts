import type { AssignEngine, AssignStats, PointMatrix } from '../types.ts';

/**
 * Rows per slice of the CPU engine. The slicing depends on n alone, so the arithmetic (and
 * so every bit of the result) is the same whether the slices run one after another in Node
 * or side by side in the page's workers.
 */
export const SLICE_ROWS = 1 << 18;

/** [start, end) rows of each slice. */
export function sliceRanges(n: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < n || ranges.length === 0; start += SLICE_ROWS) ranges.push([start, Math.min(n, start + SLICE_ROWS)]);
  return ranges;
}

/** Builds the engine of one slice: here, or in a worker. */
export type SliceFactory = (slice: PointMatrix, index: number) => AssignEngine;

/**
 * One engine over consecutive slices of the points: each slice keeps its own bounds and sums,
 * every slice assigns against the same centroids (all at once when they live in workers), and
 * the slices' sums, counts and inertia are added in slice order. A single slice is the slice's
 * engine itself.
 */
export function createSlicedEngine(points: PointMatrix, k: number, makeSlice: SliceFactory): AssignEngine {
  const { n, d } = points;
  const ranges = sliceRanges(n);
  if (ranges.length === 1) return makeSlice(points, 0);
  const parts = ranges.map(([start, end], index) => makeSlice({ data: points.data.subarray(start * d, end * d), n: end - start, d }, index));
  return {
    backend: 'cpu',
    cpuAlgorithm: parts[0]!.cpuAlgorithm,
    async assign(centroids: Float64Array): Promise<AssignStats> {
      const stats = await Promise.all(parts.map((part) => part.assign(centroids)));
      const deltaSums = new Float64Array(k * d);
      const counts = new Float64Array(k);
      let inertia = 0;
      let changed = 0;
      for (const s of stats) {
        for (let i = 0; i < deltaSums.length; i++) deltaSums[i]! += s.deltaSums[i]!;
        for (let j = 0; j < k; j++) counts[j]! += s.counts[j]!;
        inertia += s.inertia;
        changed += s.changed;
      }
      return { deltaSums, counts, inertia, changed };
    },
    async labels(): Promise<Uint8Array> {
      const all = new Uint8Array(n);
      const sliceLabels = await Promise.all(parts.map((part) => part.labels()));
      sliceLabels.forEach((labels, index) => all.set(labels, ranges[index]![0]));
      return all;
    },
    destroy() {
      for (const part of parts) part.destroy();
    },
  };
}
