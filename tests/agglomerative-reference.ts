import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PointMatrix } from '../src/kmeans/types.ts';
import { PYTHON } from './sklearn.ts';

/**
 * scikit-learn's AgglomerativeClustering cut at k on exactly these float32 points (as float64),
 * timed alone, and with `withLinkage` SciPy's linkage matrix too (the parity tests and the bench
 * share it). OpenBLAS tuning is unset, as for every peer the bench times.
 */
export function agglomerativeReference(points: PointMatrix, k: number, method: 'ward' | 'single', withLinkage = false) {
  const folder = mkdtempSync(join(tmpdir(), 'agglomerative-reference-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    const script = [
      'import sys, time, json, numpy as np, sklearn',
      'from sklearn.cluster import AgglomerativeClustering',
      `X = np.fromfile(sys.argv[1] + '/points.f32', dtype=np.float32).reshape(${points.n}, ${points.d}).astype(np.float64)`,
      't = time.perf_counter()',
      `labels = AgglomerativeClustering(n_clusters=${k}, linkage='${method}').fit(X).labels_`,
      'ms = (time.perf_counter() - t) * 1000',
      withLinkage ? `from scipy.cluster.hierarchy import linkage; Z = linkage(X, '${method}').tolist()` : 'Z = None',
      "json.dump({'Z': Z, 'labels': labels.tolist(), 'ms': ms, 'version': sklearn.__version__}, open(sys.argv[1] + '/out.json', 'w'))",
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, folder], { env: { ...process.env, OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined } });
    const out = JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8')) as { Z: number[][] | null; labels: number[]; ms: number; version: string };
    return { ...out, labels: Uint8Array.from(out.labels) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
