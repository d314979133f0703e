import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import { DEFAULT_RUN } from '../../src/page-state/run-params.ts';

/** The run the page makes for these URL parameters (default init seed and restarts), computed in Node on the CPU engine. */
export async function referenceRun(n: number, seed: number, k: number, initSeed = 0, nInit = DEFAULT_RUN.nInit) {
  const { columns } = generateCustomers({ n, seed, separation: 1 });
  const points = { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
  return runKMeans(createCpuEngine(points, k), points, { k, seed: initSeed, init: 'k-means++', nInit, maxIter: 300, tol: 1e-4 });
}
