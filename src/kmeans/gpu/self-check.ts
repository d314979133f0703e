import { createCpuEngine } from '../cpu/engine.ts';
import type { AssignEngine, PointMatrix } from '../types.ts';

/**
 * A small problem with a known answer for a GPU that has never been checked: 257 points (one
 * more than a workgroup) on an integer grid, so every squared distance is exact in float32;
 * seven centroids, two of them placed so that many points lie exactly halfway between (a tie
 * goes to the lower index, as in a full scan); and a centroid far from everything (an empty cluster).
 */
export function selfCheckProblem(): { points: PointMatrix; centroids: Float64Array; k: number } {
  const n = 257;
  const d = 3;
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    data[i * d] = (i * 7) % 11;
    data[i * d + 1] = (i * 5) % 9;
    data[i * d + 2] = (i * 3) % 4;
  }
  const centroids = Float64Array.from([
    2, 2, 1, 4, 2, 1, // x = 3 is exactly halfway: ties between clusters 0 and 1
    8, 7, 2, 9, 1, 0, 5, 6, 3, 0, 8, 1,
    500, 500, 500, // empty
  ]);
  return { points: { data, n, d }, centroids, k: centroids.length / d };
}

/**
 * Run the known problem on `engine` (built over `selfCheckProblem().points`) and on the CPU
 * engine; null when they agree (same labels, counts, sums and inertia to float32 rounding),
 * else one sentence saying how the GPU differed. Two passes: the second also compares `changed`
 * (the first pass has no earlier labels to compare with).
 */
export async function checkAgainstCpu(engine: AssignEngine): Promise<string | null> {
  const { points, centroids, k } = selfCheckProblem();
  const reference = createCpuEngine(points, k);
  try {
    const moved = centroids.map((v, i) => (i < 3 ? v + 0.25 : v));
    for (const pass of [centroids, moved]) {
      const [got, want] = [await engine.assign(pass), await reference.assign(pass)];
      const [gotLabels, wantLabels] = [await engine.labels(), await reference.labels()];
      let differing = 0;
      for (let i = 0; i < points.n; i++) if (gotLabels[i] !== wantLabels[i]) differing++;
      if (differing > 0) return `its self-check gave ${differing} of ${points.n} labels unlike the CPU's`;
      if (pass === moved && got.changed !== want.changed) return `its self-check counted ${got.changed} changed labels where the CPU counted ${want.changed}`;
      for (let j = 0; j < k; j++) {
        if (got.counts[j] !== want.counts[j]) return `its self-check put ${got.counts[j]} points in cluster ${j} where the CPU put ${want.counts[j]}`;
      }
      const sumsOff = got.deltaSums.some((v, i) => Math.abs(v - want.deltaSums[i]!) > 1e-3 * (1 + Math.abs(want.deltaSums[i]!)));
      if (sumsOff) return "its self-check's per-cluster sums differ from the CPU's";
      if (Math.abs(got.inertia - want.inertia) > 1e-5 * (1 + want.inertia)) return `its self-check's inertia ${got.inertia} differs from the CPU's ${want.inertia}`;
    }
    return null;
  } finally {
    reference.destroy();
  }
}
