import { createCpuEngine } from '../kmeans/cpu/engine.ts';
import { runKMeans } from '../kmeans/run.ts';
import type { KMeansResult, PointMatrix } from '../kmeans/types.ts';

export interface SampleFitOptions {
  readonly seed: number;
  readonly nInit: number;
  readonly withLabels?: boolean;
  /** Awaited after every iteration: a chance for other work on this thread to run. */
  readonly betweenIterations?: () => Promise<void>;
}

/**
 * KMeans on a sample of at most tens of thousands of customers, on this thread: one run of the
 * CPU engine, so worker threads would only add their start-up. The engine's tree is kept per
 * points object, so fitting several k on the same sample builds it once.
 */
export async function fitOnSample(points: PointMatrix, k: number, options: SampleFitOptions): Promise<KMeansResult> {
  const engine = createCpuEngine(points, k);
  try {
    return await runKMeans(engine, points, { k, seed: options.seed, nInit: options.nInit }, { withLabels: options.withLabels, onIteration: options.betweenIterations });
  } finally {
    engine.destroy();
  }
}
