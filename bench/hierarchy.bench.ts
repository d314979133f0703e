/**
 * `npm run bench -- --hierarchy`: Ward's and single-linkage agglomerative clustering
 * (src/hierarchy) against scikit-learn's AgglomerativeClustering on the same float32 customers
 * (random in 3D, standardised), cut at k = 5; the partitions compared by adjusted Rand index.
 * Options: --sizes 5000,20000, --markdown FILE. The Python is $PYTHON (tests/sklearn.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { adjustedRandIndex } from '../src/analysis/agreement.ts';
import { singleLinkage } from '../src/hierarchy/single.ts';
import { cutLinkage, wardLinkage } from '../src/hierarchy/ward.ts';
import { PYTHON } from '../tests/sklearn.ts';
import { randomPoints } from '../tests/helpers.ts';
import { markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({ options: { hierarchy: { type: 'boolean' }, sizes: { type: 'string', default: '5000,20000' }, markdown: { type: 'string' } } });
const markdownFile = markdownTarget(values.markdown);
const K = 5;
const METHODS = { ward: wardLinkage, single: singleLinkage } as const;

/** scikit-learn's time and labels on the same points, in its own process (OpenBLAS tuning unset). */
function peer(points: { data: Float32Array; n: number; d: number }, method: string): { ms: number; labels: Uint8Array; version: string } {
  const folder = mkdtempSync(join(tmpdir(), 'hierarchy-bench-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    const script = [
      'import sys, time, json, numpy as np, sklearn',
      'from sklearn.cluster import AgglomerativeClustering',
      `X = np.fromfile(sys.argv[1] + '/points.f32', dtype=np.float32).reshape(${points.n}, ${points.d}).astype(np.float64)`,
      't = time.perf_counter()',
      `labels = AgglomerativeClustering(n_clusters=${K}, linkage='${method}').fit(X).labels_`,
      'ms = (time.perf_counter() - t) * 1000',
      "labels.astype(np.uint8).tofile(sys.argv[1] + '/labels.u8')",
      "json.dump({'ms': ms, 'version': sklearn.__version__}, open(sys.argv[1] + '/result.json', 'w'))",
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script, folder], { encoding: 'utf8', env: { ...process.env, OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined } });
    if (run.status !== 0) throw new Error(`scikit-learn failed: ${run.stderr.trim().split('\n').at(-1)}`);
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    return { ...result, labels: new Uint8Array(readFileSync(join(folder, 'labels.u8'))) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rows: string[][] = [];
let version = '';
for (const n of values.sizes!.split(',').map(Number)) {
  const points = randomPoints(n, 3, 1);
  for (const [method, build] of Object.entries(METHODS)) {
    const started = performance.now();
    const labels = cutLinkage(build(points), K) as Uint8Array;
    const ms = performance.now() - started;
    const theirs = peer(points, method);
    version = theirs.version;
    rows.push([n.toLocaleString('en-US'), method, seconds(ms), seconds(theirs.ms), `${(ms / theirs.ms).toFixed(2)}x`, adjustedRandIndex(labels, theirs.labels).toFixed(4)]);
    print(`measured ${method} at ${n}`);
  }
}
print();
printTable(['N', 'linkage', 'ours (s, one thread)', `scikit-learn ${version} (s)`, 'time vs scikit-learn', 'ARI of the cuts (k = 5)'], rows);
print();
print('Random customers in [-1, 1)^3 (float32, seeded), the same values to both; ours holds a centroid per cluster, scikit-learn a distance matrix (Ward) or a spanning tree (single).');
writeMarkdown(markdownFile);
process.exit(0);
