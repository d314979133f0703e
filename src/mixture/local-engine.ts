import { createHamerlyEngine } from '../kmeans/cpu/hamerly.ts';
import { plusPlusStart } from '../kmeans/kept-seedings.ts';
import { runKMeans } from '../kmeans/run.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { labelRows } from './e-step.ts';
import type { MixtureEngine } from './fit.ts';
import { localPass } from './m-step.ts';

/** EM's passes on this thread (tests, the page's small runs); KMeans starts on Hamerly's one-thread engine. */
export function localMixtureEngine(points: PointMatrix): MixtureEngine {
  const pass = localPass(points);
  return {
    async pass(model) {
      return pass(model);
    },
    async label(model) {
      const labels = new Uint8Array(points.n);
      const top = new Float32Array(points.n);
      const logLikelihood = labelRows(points.data, model, 0, points.n, labels, top);
      return { labels, top, logLikelihood };
    },
    kmeansLabels: (k, seed) => kmeansStartLabels(points, k, seed),
    plusPlusCentres: (k, seed) => plusPlusStart(points, k, seed),
  };
}

/** scikit-learn's 'kmeans' start: the labels of one KMeans fit (k-means++, one start) from `seed`. */
export async function kmeansStartLabels(points: PointMatrix, k: number, seed: number): Promise<Uint8Array> {
  const engine = createHamerlyEngine(points, k);
  try {
    const result = await runKMeans(engine, points, { k, seed, nInit: 1 }, { withLabels: true });
    return result.labels!;
  } finally {
    engine.destroy();
  }
}
