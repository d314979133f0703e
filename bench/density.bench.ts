/**
 * `npm run bench -- --density`: DBSCAN and HDBSCAN (src/density) against scikit-learn with all
 * cores, on the same shaped customers (bands, a core in a ring, a clump, 3 % scattered) and the
 * same parameters. scikit-learn runs in its own process under a time limit and a memory cap; where
 * it does not finish, the table says so. Options: --sizes 20000,200000,1000000,
 * --hdbscan-sizes 20000,200000 (empty: none), --eps 0.1, --peer-timeout SECONDS (default 600),
 * --no-peers (ours only, with the memory DBSCAN held per customer), --markdown FILE.
 * The Python is $PYTHON (tests/sklearn.ts); HDBSCAN needs scikit-learn 1.3 or newer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateShapedCustomers } from '../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../src/data/scaler.ts';
import { dbscan } from '../src/density/dbscan.ts';
import { hdbscan } from '../src/density/hdbscan.ts';
import { dbscanOnThreads } from '../src/density/dbscan-threads.ts';
import { hdbscanOnThreads } from '../src/density/hdbscan-threads.ts';
import { runSteps } from '../src/density/steps.ts';
import { createThreadPool } from '../src/node/thread-pool.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';
import { PYTHON } from '../tests/sklearn.ts';
import { markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({
  options: {
    density: { type: 'boolean' },
    sizes: { type: 'string', default: '20000,100000,200000,1000000' },
    'hdbscan-sizes': { type: 'string', default: '20000,200000' },
    'peer-timeout': { type: 'string', default: '600' },
    eps: { type: 'string', default: '0.1' },
    'no-peers': { type: 'boolean', default: false },
    markdown: { type: 'string' },
  },
});
const markdownFile = markdownTarget(values.markdown);
const peerTimeout = Number(values['peer-timeout']);
/** scikit-learn's process may hold at most this much memory (its DBSCAN keeps every neighbour list). */
const PEER_MEMORY_KB = 16 * 1024 * 1024;
const DBSCAN_PARAMS = { eps: Number(values.eps), minSamples: 10 };
const noPeers = values['no-peers']!;
const HDBSCAN_PARAMS = { minClusterSize: 100, minSamples: 10 };

function shaped(n: number): PointMatrix {
  const data = generateShapedCustomers({ n, seed: 1 });
  return { data: transformInterleaved(data.columns, n, fitScaler(data.columns, n)), n, d: 3 };
}

/** scikit-learn's time and labels, or why there are none ("did not finish in 600 s", "out of memory"). */
function peer(points: PointMatrix, meta: Record<string, unknown>): { ms: number; labels: Int32Array; version: string } | string {
  if (noPeers) return 'not run (--no-peers)';
  const folder = mkdtempSync(join(tmpdir(), 'density-bench-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d, ...meta }));
    const script = new URL('./sklearn_density.py', import.meta.url).pathname;
    const run = spawnSync('bash', ['-c', `ulimit -v ${PEER_MEMORY_KB}; exec "$0" "$1" "$2"`, PYTHON, script, folder], {
      timeout: peerTimeout * 1000, encoding: 'utf8', env: { ...process.env, OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined },
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `did not finish in ${peerTimeout} s`;
    if (run.status !== 0) return /MemoryError|Cannot allocate|bad_alloc/.test(run.stderr) ? `out of memory (cap ${PEER_MEMORY_KB / 1024 / 1024} GiB)` : `failed: ${run.stderr.trim().split('\n').at(-1)}`;
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    const labels = readFileSync(join(folder, 'labels.i32'));
    return { ms: result.ms, version: result.version, labels: new Int32Array(labels.buffer, labels.byteOffset, labels.byteLength / 4).slice() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const same = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((label, i) => label === b[i]);
let version = '';

type Ours = { ms: number; clusters: number; noise: number; labels: Int32Array };

/** Every core: this thread and a worker thread per other core, warmed before they are timed. */
const threads = availableParallelism();
const pool = createThreadPool(threads - 1);
await pool.warm();
const helpers = pool.helpers(threads - 1);

function row(name: string, n: number, ours: Ours, onThreads: Ours, theirs: ReturnType<typeof peer>, compare: 'labels' | 'noise'): string[] {
  if (typeof theirs !== 'string') version = theirs.version;
  const agreement = typeof theirs === 'string'
    ? ''
    : compare === 'labels'
      ? (same(ours.labels, theirs.labels) ? 'identical' : 'DIFFER')
      : `${theirs.labels.filter((label) => label < 0).length} noise`;
  return [
    n.toLocaleString('en-US'), name, seconds(ours.ms), `${seconds(onThreads.ms)}${same(ours.labels, onThreads.labels) ? '' : ' (labels DIFFER)'}`,
    String(ours.clusters), `${ours.noise} (${((100 * ours.noise) / n).toFixed(1)} %)`,
    typeof theirs === 'string' ? theirs : seconds(theirs.ms), typeof theirs === 'string' ? '' : `${(onThreads.ms / theirs.ms).toFixed(3)}x`, agreement,
  ];
}

const rows: string[][] = [];
const sizesOf = (list: string) => list.split(',').filter((size) => size.trim() !== '').map(Number);
for (const n of sizesOf(values.sizes!)) {
  const points = shaped(n);
  const before = process.memoryUsage().rss;
  const ours = dbscan(points, DBSCAN_PARAMS);
  // What the run added to the process, per customer, beside the points (the labels it returns included).
  if (noPeers) print(`DBSCAN at ${n}: ${((process.memoryUsage().rss - before) / n).toFixed(1)} bytes a customer held by the run`);
  const onThreads = await dbscanOnThreads(points, DBSCAN_PARAMS, helpers);
  rows.push(row(`DBSCAN eps ${DBSCAN_PARAMS.eps}, min_samples ${DBSCAN_PARAMS.minSamples}`, n, ours, onThreads, peer(points, { algorithm: 'dbscan', eps: DBSCAN_PARAMS.eps, min_samples: DBSCAN_PARAMS.minSamples }), 'labels'));
  print(`measured DBSCAN at ${n}`);
}
for (const n of sizesOf(values['hdbscan-sizes']!)) {
  const points = shaped(n);
  const started = performance.now();
  const result = hdbscan(points, HDBSCAN_PARAMS);
  const ours = { ...result, ms: performance.now() - started };
  const threadsStarted = performance.now();
  const split = await hdbscanOnThreads(points, HDBSCAN_PARAMS, helpers, async (steps) => runSteps(steps), new AbortController().signal);
  const onThreads = { ...split, ms: performance.now() - threadsStarted };
  const theirs = peer(points, { algorithm: 'hdbscan', min_cluster_size: HDBSCAN_PARAMS.minClusterSize, min_samples: HDBSCAN_PARAMS.minSamples });
  rows.push(row(`HDBSCAN min_cluster_size ${HDBSCAN_PARAMS.minClusterSize}, min_samples ${HDBSCAN_PARAMS.minSamples}`, n, ours, onThreads, theirs, 'noise'));
  print(`measured HDBSCAN at ${n}`);
}
print();
await pool.close();
printTable(['N', 'algorithm', 'ours (s, one thread)', `ours (s, ${threads} threads)`, 'clusters', 'noise', `scikit-learn ${version} all cores (s)`, 'time vs scikit-learn (all cores each)', 'scikit-learn: labels'], rows);
print();
print('Shaped customers (kmeans generate --shape shaped, seed 1), standardised; the same float32 values to both. DBSCAN labels compared one by one;');
print('HDBSCAN is compared by its noise count (tie order between equal mutual-reachability distances can move a few points).');
writeMarkdown(markdownFile);
process.exit(0);
