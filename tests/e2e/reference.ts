import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/hamerly.ts';
import { runKMeans } from '../../src/kmeans/run.ts';

/** The run the page makes for these URL parameters (default init seed 0), computed in Node on the CPU engine. */
export async function referenceRun(n: number, seed: number, k: number, initSeed = 0) {
  const { columns } = generateCustomers({ n, seed, separation: 1 });
  const points = { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
  return runKMeans(createCpuEngine(points, k), points, { k, seed: initSeed, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4 });
}
