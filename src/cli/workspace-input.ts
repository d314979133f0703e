import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseWorkspaceRun, unpackWorkspace, type WorkspaceRun } from '../data/workspace-archive.ts';
import { InputError } from '../node/input-error.ts';
import { requireFile } from '../node/input-file.ts';

/** Whether `fit --input` names a workspace file (the page's "Download workspace"). */
export const isWorkspaceFile = (path: string): boolean => /\.zip$/i.test(path);

/**
 * A workspace file as `fit` reads it: its customers' file put in a temporary folder (gone when
 * `use` ends) and its run checked; what the command line cannot do the same way is refused.
 */
export async function withWorkspace(path: string, use: (input: string, inputName: string, run: WorkspaceRun) => Promise<void>): Promise<void> {
  await requireFile(path);
  const archive = unpackWorkspace(new Uint8Array(await readFile(path)), basename(path));
  if (!archive.file) throw new InputError(`${path}: a workspace of generated customers holds no customers' file; generate them with kmeans generate and its link's settings`);
  const run = parseWorkspaceRun(archive.run, basename(path));
  if (run.outliers !== 'keep') throw new InputError(`${path}: its run ${run.outliers === 'clip' ? 'clips' : 'drops'} outliers first (Explore), which fit does not do`);
  if (run.missing === 'median') throw new InputError(`${path}: its rows with gaps were filled with the median, which fit does not do (--missing drop or mean)`);
  const folder = await mkdtemp(join(tmpdir(), 'kmeans-workspace-'));
  try {
    // Only the name's last part: a crafted archive cannot write outside the folder.
    const input = join(folder, basename(archive.file.name.replace(/\\/g, '/')) || 'customers');
    await writeFile(input, archive.file.bytes);
    await use(input, archive.file.name, run);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The run as `fit` options, and a line saying where they came from. */
export function workspaceFitOptions(run: WorkspaceRun) {
  const common = { featureList: run.features, missing: run.missing, names: run.segmentNames };
  const kmeans = { ...common, k: run.k, init: run.init, nInit: run.nInit, maxIter: run.maxIter, tol: run.tol, seed: run.seed };
  const density = { ...common, algorithm: run.algorithm as 'dbscan' | 'hdbscan', eps: run.eps, minSamples: run.minSamples, minClusterSize: run.minClusterSize, clusterSelection: run.clusterSelection, clusterSelectionEpsilon: run.clusterSelectionEpsilon };
  // The page fits a mixture with scikit-learn's EM defaults (tol 1e-3, 100 iterations) from KMeans starts.
  const mixture = { ...common, k: run.k, covariance: run.covariance ?? 'full', nInit: run.nInit, seed: run.seed, init: 'kmeans', maxIter: 100, tol: 1e-3 };
  const settings = run.algorithm === 'kmeans'
    ? `k = ${run.k}, ${run.init}, ${run.nInit} restarts, seed ${run.seed}, tol ${run.tol}, max ${run.maxIter} iterations`
    : run.algorithm === 'gmm' ? `${run.k} components, ${mixture.covariance} covariances, ${run.nInit} restarts, seed ${run.seed}`
      : run.algorithm === 'dbscan' ? `eps ${run.eps}, min_samples ${run.minSamples}` : `min_cluster_size ${run.minClusterSize}, min_samples ${run.minSamples}, ${run.clusterSelection}`;
  return { kmeans, density, mixture, said: `the workspace's run: ${run.algorithm} on ${run.features.join(', ')} (${settings}), rows with gaps ${run.missing === 'drop' ? 'dropped' : 'filled with the mean'}` };
}
