import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PointMatrix } from '../src/kmeans/types.ts';

/** Rscript: $RSCRIPT, else the one on the PATH (Debian's r-base-core). */
export const RSCRIPT = process.env.RSCRIPT ?? 'Rscript';

/** Why R's dbscan cannot be used here, or null when it can. */
export function rDbscanMissing(): string | null {
  const probe = spawnSync(RSCRIPT, ['-e', 'library(dbscan)'], { encoding: 'utf8' });
  if (probe.error) return `${RSCRIPT} not found (apt-get install r-cran-dbscan)`;
  if (probe.status !== 0) return `R's dbscan package is not installed (apt-get install r-cran-dbscan, or install.packages("dbscan") in R)`;
  return null;
}

export interface RHdbscan {
  /** R's cluster per point: 0 is noise, clusters are R's own ids (not 0..k-1). */
  readonly labels: Int32Array;
  readonly outlierScores: Float64Array;
  /** hdbscan()'s membership_prob: a core-distance ratio, not scikit-learn's lambda ratio. */
  readonly membershipProb: Float64Array;
  readonly coreDistances: Float64Array;
}

function readF64(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** R's dbscan HDBSCAN (see tests/fixtures/r_hdbscan.R for how its steps are run) on exactly these points. */
export function rHdbscan(points: PointMatrix, minClusterSize: number, minSamples = minClusterSize): RHdbscan {
  const folder = mkdtempSync(join(tmpdir(), 'r-hdbscan-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    const script = new URL('./fixtures/r_hdbscan.R', import.meta.url).pathname;
    execFileSync(RSCRIPT, [script, folder, String(points.n), String(points.d), String(minClusterSize), String(minSamples)]);
    const labels = readFileSync(join(folder, 'labels.i32'));
    return {
      labels: new Int32Array(labels.buffer.slice(labels.byteOffset, labels.byteOffset + labels.byteLength)),
      outlierScores: readF64(join(folder, 'glosh.f64')),
      membershipProb: readF64(join(folder, 'prob.f64')),
      coreDistances: readF64(join(folder, 'coredist.f64')),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A Python with scikit-learn >= 1.3 (sklearn.cluster.HDBSCAN): $HDBSCAN_PYTHON only. Debian's
 * python3-sklearn (1.2) has none, so CI compares with R alone; a developer can point this at a
 * virtual environment to compare labels, probabilities, leaf and epsilon selection too.
 */
export function sklearnHdbscanMissing(): string | null {
  const python = process.env.HDBSCAN_PYTHON;
  if (!python) return 'HDBSCAN_PYTHON is not set (a Python with scikit-learn >= 1.3)';
  const probe = spawnSync(python, ['-c', 'from sklearn.cluster import HDBSCAN'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} has no sklearn.cluster.HDBSCAN`;
  return null;
}

export interface SklearnHdbscanOptions {
  readonly minClusterSize: number;
  readonly minSamples: number;
  readonly method: 'eom' | 'leaf';
  readonly epsilon: number;
  readonly allowSingleCluster: boolean;
}

/** scikit-learn's HDBSCAN on these points (widened to float64): labels and probabilities. */
export function sklearnHdbscan(points: PointMatrix, o: SklearnHdbscanOptions): { labels: Int32Array; probabilities: Float64Array } {
  const folder = mkdtempSync(join(tmpdir(), 'sklearn-hdbscan-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    const code = [
      'import sys, numpy as np, warnings',
      'warnings.filterwarnings("ignore")',
      'from sklearn.cluster import HDBSCAN',
      'f, n, d, mcs, ms, method, eps, single = sys.argv[1:]',
      'x = np.fromfile(f + "/points.f32", dtype=np.float32).reshape(int(n), int(d)).astype(np.float64)',
      'h = HDBSCAN(min_cluster_size=int(mcs), min_samples=int(ms), cluster_selection_method=method, cluster_selection_epsilon=float(eps), allow_single_cluster=single == "1", copy=True).fit(x)',
      'h.labels_.astype(np.int32).tofile(f + "/labels.i32")',
      'h.probabilities_.astype(np.float64).tofile(f + "/prob.f64")',
    ].join('\n');
    const args = [folder, points.n, points.d, o.minClusterSize, o.minSamples, o.method, o.epsilon, o.allowSingleCluster ? 1 : 0].map(String);
    execFileSync(process.env.HDBSCAN_PYTHON!, ['-c', code, ...args]);
    const labels = readFileSync(join(folder, 'labels.i32'));
    return {
      labels: new Int32Array(labels.buffer.slice(labels.byteOffset, labels.byteOffset + labels.byteLength)),
      probabilities: readF64(join(folder, 'prob.f64')),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
