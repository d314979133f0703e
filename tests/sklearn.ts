import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PointMatrix } from '../src/kmeans/types.ts';

/** The Python with scikit-learn: $PYTHON, else Debian's (python3-sklearn), else python3 on the PATH. */
export const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Why scikit-learn cannot be used here, or null when it can. */
export function sklearnMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (apt-get install python3-sklearn, or install Python 3 and pip install scikit-learn)`;
  if (probe.status !== 0) return `scikit-learn is not installed for ${PYTHON} (apt-get install python3-sklearn, or ${PYTHON} -m pip install scikit-learn)`;
  return null;
}

export interface SklearnFit {
  readonly labels: Uint8Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly centroids: number[];
  readonly ms: number;
}

/**
 * Run scikit-learn's Lloyd KMeans on exactly these points and initial centroids: single-threaded
 * unless `threads` says more (the benchmark's "all cores" peer).
 */
export function sklearnFit(points: PointMatrix, init: Float64Array, tol = 1e-4, maxIter = 300, threads = 1): SklearnFit {
  const folder = mkdtempSync(join(tmpdir(), 'sklearn-parity-'));
  try {
    const k = init.length / points.d;
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'init.f64'), init);
    writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d, k, tol, max_iter: maxIter }));
    const script = new URL('./fixtures/sklearn_fit.py', import.meta.url).pathname;
    execFileSync(PYTHON, [script, folder], { env: threadEnv(threads) });
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    return { ...result, labels: new Uint8Array(readFileSync(join(folder, 'labels.u8'))) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** OpenMP and BLAS limited to `threads`. */
function threadEnv(threads: number): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
}

/**
 * scikit-learn's own Choose-k sweep: KMeans(k, n_init, algorithm="lloyd", k-means++) for
 * k = 1..kMax on these points; milliseconds in all and the inertia per k.
 */
export function sklearnSweep(points: PointMatrix, kMax: number, nInit: number, threads: number): { ms: number; inertia: number[] } {
  const folder = mkdtempSync(join(tmpdir(), 'sklearn-sweep-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d, k_max: kMax, n_init: nInit }));
    const script = new URL('./fixtures/sklearn_sweep.py', import.meta.url).pathname;
    execFileSync(PYTHON, [script, folder], { env: threadEnv(threads) });
    return JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface SklearnDbscan {
  readonly labels: Int32Array;
  readonly core: Uint8Array;
  readonly ms: number;
}

/** scikit-learn's DBSCAN(eps, min_samples) on exactly these points; `threads` as its n_jobs. */
export function sklearnDbscan(points: PointMatrix, eps: number, minSamples: number, threads = 1): SklearnDbscan {
  const folder = mkdtempSync(join(tmpdir(), 'sklearn-dbscan-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d, eps, min_samples: minSamples, n_jobs: threads }));
    const script = new URL('./fixtures/sklearn_dbscan.py', import.meta.url).pathname;
    execFileSync(PYTHON, [script, folder], { env: threadEnv(threads) });
    const labels = readFileSync(join(folder, 'labels.i32'));
    return {
      labels: new Int32Array(labels.buffer, labels.byteOffset, labels.byteLength / 4).slice(),
      core: new Uint8Array(readFileSync(join(folder, 'core.u8'))),
      ms: JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')).ms,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
