import { createCpuEngine } from '../kmeans/cpu/engine.ts';
import { runKMeans } from '../kmeans/run.ts';
import type { KMeansResult, PointMatrix } from '../kmeans/types.ts';

/** The given rows of `points` as points of their own (one copy of their coordinates). */
export function gatherRows(points: PointMatrix, rows: Uint32Array): PointMatrix {
  const { d } = points;
  const data = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) data.set(points.data.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return { data, n: rows.length, d };
}

export interface SampleFitOptions {
  readonly seed: number;
  readonly nInit: number;
  readonly withLabels?: boolean;
}

/**
 * KMeans on a sample of at most tens of thousands of customers, on this thread: one run of the
 * CPU engine, so worker threads would only add their start-up. The engine's tree is kept per
 * points object, so fitting several k on the same sample builds it once.
 */
export async function fitOnSample(points: PointMatrix, k: number, options: SampleFitOptions): Promise<KMeansResult> {
  const engine = createCpuEngine(points, k);
  try {
    return await runKMeans(engine, points, { k, seed: options.seed, nInit: options.nInit }, { withLabels: options.withLabels });
  } finally {
    engine.destroy();
  }
}
