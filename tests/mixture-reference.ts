import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PointMatrix } from '../src/kmeans/types.ts';
import type { MixtureParams } from '../src/mixture/gaussian.ts';
import { PYTHON } from './sklearn.ts';

export interface MixtureReference {
  readonly weights: number[];
  readonly means: number[];
  readonly covariances: number[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly lowerBound: number;
  readonly score: number;
  readonly bic: number;
  readonly aic: number;
  readonly labels: number[];
  readonly top: number[];
  readonly ms: number;
  readonly version: string;
}

/**
 * scikit-learn's GaussianMixture on exactly these float32 points (as float64), started from
 * `start` (weights, means and the precisions of its covariances), timed alone with every core
 * (the parity tests and the bench share it). OpenBLAS tuning is unset, as for every peer timed.
 */
export function mixtureReference(points: PointMatrix, start: MixtureParams, options: { tol?: number; maxIter?: number; regCovar?: number; withRows?: boolean } = {}): MixtureReference {
  const folder = mkdtempSync(join(tmpdir(), 'mixture-reference-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'start.json'), JSON.stringify({ weights: Array.from(start.weights), means: Array.from(start.means), covariances: Array.from(start.covariances) }));
    const { k, d, covariance } = start;
    const script = [
      'import sys, time, json, numpy as np, sklearn, warnings',
      'from sklearn.mixture import GaussianMixture',
      'warnings.simplefilter("ignore")',
      `X = np.fromfile(sys.argv[1] + '/points.f32', dtype=np.float32).reshape(${points.n}, ${d}).astype(np.float64)`,
      "s = json.load(open(sys.argv[1] + '/start.json'))",
      `w = np.array(s['weights']); m = np.array(s['means']).reshape(${k}, ${d}); c = np.array(s['covariances'])`,
      covariance === 'full' ? `p = np.linalg.inv(c.reshape(${k}, ${d}, ${d}))` : covariance === 'diag' ? `p = 1 / c.reshape(${k}, ${d})` : 'p = 1 / c',
      `g = GaussianMixture(n_components=${k}, covariance_type='${covariance}', tol=${options.tol ?? 1e-3}, max_iter=${options.maxIter ?? 100}, reg_covar=${options.regCovar ?? 1e-6}, weights_init=w / w.sum(), means_init=m, precisions_init=p)`,
      't = time.perf_counter()',
      'g.fit(X)',
      'ms = (time.perf_counter() - t) * 1000',
      options.withRows === false ? 'labels, top = [], []' : 'proba = g.predict_proba(X); labels = proba.argmax(1).tolist(); top = proba.max(1).tolist()',
      "json.dump({'weights': g.weights_.tolist(), 'means': g.means_.ravel().tolist(), 'covariances': np.ravel(g.covariances_).tolist(),",
      "  'iterations': int(g.n_iter_), 'converged': bool(g.converged_), 'lowerBound': float(g.lower_bound_), 'score': float(g.score(X)),",
      "  'bic': float(g.bic(X)), 'aic': float(g.aic(X)), 'labels': labels, 'top': top, 'ms': ms, 'version': sklearn.__version__}, open(sys.argv[1] + '/out.json', 'w'))",
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, folder], { env: { ...process.env, OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined }, maxBuffer: 1 << 26 });
    return JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8')) as MixtureReference;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
