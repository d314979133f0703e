import type { KMeansResult } from '../kmeans/types.ts';

/** A readable table of the segments for the terminal. */
export function segmentTable(result: KMeansResult, features: readonly string[], centroids: Float64Array, names: readonly string[]): string {
  const d = features.length;
  const header = ['Cluster', 'Customers', 'Share', ...features, 'Segment'];
  const rows = Array.from({ length: result.k }, (_, j) => [
    String(j),
    String(result.counts[j]),
    `${((100 * result.counts[j]!) / result.n).toFixed(1)}%`,
    ...Array.from(centroids.subarray(j * d, j * d + d), (v) => v.toFixed(2)),
    names[j] ?? '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padStart(widths[c]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The one-line JSON summary `--json` promises (snake_case keys, centroids in input units). */
export function jsonSummary(result: KMeansResult, extra: Record<string, unknown>, centroids: Float64Array): string {
  const d = result.d;
  return JSON.stringify({
    backend: result.backend,
    n: result.n,
    d,
    k: result.k,
    iterations: result.iterations,
    converged: result.converged,
    stop: result.stop,
    inertia: result.inertia,
    counts: Array.from(result.counts),
    centroids: Array.from({ length: result.k }, (_, j) => Array.from(centroids.subarray(j * d, j * d + d))),
    ms_total: round(result.msTotal),
    ms_per_iteration: round(result.msPerIteration),
    gpu_ms_per_iteration: result.gpuMsPerIteration === null ? null : round(result.gpuMsPerIteration),
    // Which clock timed what: the iteration on the wall clock; the GPU's pass on its own clock, where it has one.
    timing: {
      ms_per_iteration: 'wall clock (assignment, read-back, update)',
      gpu_ms_per_iteration: result.gpuMsPerIteration === null ? 'not measured (CPU, or no timestamp queries)' : 'GPU timestamp queries (the assignment pass)',
    },
    ...extra,
  });
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
