import { createHamerlyEngine } from '../kmeans/cpu/hamerly.ts';
import { plusPlusStart } from '../kmeans/kept-seedings.ts';
import { runKMeans } from '../kmeans/run.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import { blockCount, labelBlocks, passBlocks, sumBlocks } from './e-step.ts';
import type { MixtureEngine } from './fit.ts';
import { statsSize } from './pass-layout.ts';

/** EM's passes on this thread (tests, small runs); KMeans starts on `kmeansEngine` (Hamerly's one-thread engine by default). */
export function localMixtureEngine(points: PointMatrix, kmeansEngine: (points: PointMatrix, k: number) => AssignEngine = createHamerlyEngine): MixtureEngine {
  const blocks = blockCount(points.n);
  return {
    async pass(model) {
      return sumBlocks([passBlocks(points.data, points.n, model, 0, blocks)], statsSize(model.k, model.d, model.covariance));
    },
    async label(model) {
      const labels = new Uint8Array(points.n);
      const top = new Float32Array(points.n);
      const sums = labelBlocks(points.data, points.n, model, 0, blocks, labels, top);
      return { labels, top, logLikelihood: sums.reduce((total, sum) => total + sum, 0) };
    },
    kmeansLabels: (k, seed, signal) => kmeansStartLabels(points, k, seed, kmeansEngine, signal),
    plusPlusCentres: (k, seed) => plusPlusStart(points, k, seed),
  };
}

/** scikit-learn's 'kmeans' start: the labels of one KMeans fit (k-means++, one start) from `seed`. */
export async function kmeansStartLabels(
  points: PointMatrix, k: number, seed: number, kmeansEngine: (points: PointMatrix, k: number) => AssignEngine = createHamerlyEngine, signal?: AbortSignal,
): Promise<Uint8Array> {
  const engine = kmeansEngine(points, k);
  try {
    const result = await runKMeans(engine, points, { k, seed, nInit: 1 }, { withLabels: true, ...(signal ? { signal } : {}) });
    return result.labels!;
  } finally {
    engine.destroy();
  }
}
