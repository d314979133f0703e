/**
 * `npm run bench`: the CPU engines against the peers a user would pick, in one run.
 *
 * 1. Fit: time to converge from the same k-means++ start and tol (kd-tree build included) on all
 *    cores and on one, Hamerly's engine, WebGPU (SwiftShader here), scikit-learn with all cores and
 *    with one, and ml-kmeans per iteration.
 * 2. The Choose-k sweep (k = 1..10, 3 restarts) against scikit-learn's own loop.
 * 3. With `--large`: 10 M customers: the sweep, ms per iteration once the trees exist, and the
 *    engine's memory per customer; then 100 M customers generated as Parquet and fitted from the
 *    command line, with each step's time and peak memory per customer.
 *
 * Options: --large, --sizes 100000,1000000, --ks 4,8,16,32, --no-gpu, --no-sweep, --markdown FILE.
 * `--gpu` runs the WebGPU bench instead (gpu.bench.ts): the engine against the card's copy bandwidth.
 * `--markdown FILE` (either bench): after the run, the tables replace what lies between FILE's
 * `<!-- bench:start -->` and `<!-- bench:end -->` markers (docs/benchmarks.md), under a heading
 * naming the day, the machine and the command.
 */
const USAGE = `npm run bench -- [options]: the CPU engines against scikit-learn and ml-kmeans, as Markdown tables

  --sizes 100000,1000000   customers per fit (default 100 000 and 1 M)
  --ks 4,8,16,32           k per fit
  --no-gpu                 leave out the WebGPU engine (SwiftShader where there is no GPU)
  --no-sweep               leave out the Choose-k sweep (k = 1..10, 3 restarts)
  --large                  add the sweep at 10 M, ms per iteration and bytes per customer at 10 M,
                           then 100 M customers generated as Parquet and fitted (minutes, 750 MB of disk)
  --markdown FILE          after the run, put the tables between FILE's <!-- bench:start --> and
                           <!-- bench:end --> markers, under a heading naming the day, machine and command
                           (npm run bench -- --markdown docs/benchmarks.md)
  --density                DBSCAN and HDBSCAN against scikit-learn instead (its options: --sizes,
                           --hdbscan-sizes, --peer-timeout SECONDS, --markdown FILE)
  --hierarchy              Ward's and single linkage against scikit-learn instead (its options: --sizes, --markdown FILE)
  --mixture                Gaussian mixtures against scikit-learn instead (its options: --sizes, --covariances, --markdown FILE)
  --gpu                    the WebGPU bench instead: the engine against the card's bandwidth
                           (its options: --sizes, --ks 8,32, --shapes, --no-peers, --markdown FILE)
  --help                   this text`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (process.argv.includes('--gpu')) {
  await import('./gpu.bench.ts');
}
if (process.argv.includes('--density')) {
  await import('./density.bench.ts');
}
if (process.argv.includes('--mixture')) {
  await import('./mixture.bench.ts');
}
if (process.argv.includes('--hierarchy')) {
  await import('./hierarchy.bench.ts');
}
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { sweepK } from '../src/analysis/sweep.ts';
import { createCpuEngine } from '../src/kmeans/cpu/engine.ts';
import { cpuKernelName, createHamerlySlices } from '../src/kmeans/cpu/hamerly.ts';
import { sortPoints } from '../src/kmeans/cpu/kdtree/forest.ts';
import { FilterPass } from '../src/kmeans/cpu/kdtree/filter-pass.ts';
import { buildKdTree } from '../src/kmeans/cpu/kdtree/tree.ts';
import { requestGpu, type GpuContext } from '../src/kmeans/gpu/device.ts';
import { createGpuEngine } from '../src/kmeans/gpu/engine.ts';
import { initialCentroids, runKMeans } from '../src/kmeans/run.ts';
import type { AssignEngine, PointMatrix } from '../src/kmeans/types.ts';
import { createThreadPool } from '../src/node/thread-pool.ts';
import { nodeGpu, readShaderSources } from '../src/node/webgpu-node.ts';
import { kmeansCommand } from '../tests/helpers.ts';
import { sklearnFit, sklearnMissing, sklearnSweep } from '../tests/sklearn.ts';
import { customers, markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({
  options: {
    large: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    ks: { type: 'string', default: '4,8,16,32' },
    'no-gpu': { type: 'boolean', default: false },
    'no-sweep': { type: 'boolean', default: false },
    markdown: { type: 'string' },
  },
});
const markdownFile = markdownTarget(values.markdown);
const sizes = values.sizes ? values.sizes.split(',').map(Number) : [100_000, 1_000_000];
const ks = values.ks!.split(',').map(Number);
const FIXED = 10;
const cores = availableParallelism();
const sklearnReason = sklearnMissing();
if (sklearnReason) console.error(`scikit-learn rows skipped: ${sklearnReason}`);
const pool = createThreadPool(cores);

let gpu: GpuContext | null = null;
if (!values['no-gpu']) {
  try {
    gpu = await requestGpu(await nodeGpu());
  } catch (error) {
    console.error(`WebGPU engine skipped: ${error instanceof Error ? error.message : error}`);
  }
}
const shaders = readShaderSources();


/** The same customers under a new identity: the engines' per-dataset caches (trees) start empty. */
const fresh = (points: PointMatrix): PointMatrix => ({ ...points });

interface Timing {
  readonly iterations: number;
  readonly converge: number;
  readonly perIteration: number;
}

/** A full fit from `init` on fresh points (trees built inside), then FIXED iterations on the built ones (tol 0). */
async function ours(makeEngine: (points: PointMatrix, k: number) => AssignEngine, base: PointMatrix, k: number, init: Float64Array): Promise<Timing> {
  const points = fresh(base);
  const started = performance.now();
  const engine = makeEngine(points, k);
  const full = await runKMeans(engine, points, { k, init });
  const converge = performance.now() - started;
  engine.destroy();
  const warm = makeEngine(points, k);
  const fixed = await runKMeans(warm, points, { k, init, maxIter: FIXED, tol: -0 });
  warm.destroy();
  return { iterations: full.iterations, converge, perIteration: fixed.msTotal / fixed.iterations };
}

function mlPerIteration(points: PointMatrix, k: number, init: Float64Array): number {
  const rows = Array.from({ length: points.n }, (_, i) => Array.from(points.data.subarray(i * 3, i * 3 + 3)));
  const start = Array.from({ length: k }, (_, j) => Array.from(init.subarray(j * 3, j * 3 + 3)));
  const t0 = performance.now();
  mlKmeans(rows, k, { initialization: start, maxIterations: FIXED, tolerance: 0 });
  return (performance.now() - t0) / FIXED;
}

const ratio = (mine: number, theirs: number | undefined) => (theirs === undefined ? 'n/a' : `${(mine / theirs).toFixed(2)}x`);

// Warm the JIT and start the threads, so the first rows are not penalised.
const warmPoints = customers(300_000);
for (const make of [pool.engine, (p: PointMatrix, k: number) => pool.engine(p, k, { workload: 'one start' }), createCpuEngine, createHamerlySlices]) {
  await ours(make, warmPoints, 8, initialCentroids(warmPoints, { k: 8, seed: 0 }, 0));
}

const fitRows: string[][] = [];
for (const n of sizes) {
  const points = customers(n);
  for (const k of ks) {
    const init = initialCentroids(points, { k, seed: 0 }, 0);
    const skAll = sklearnReason ? undefined : sklearnFit(points, init, 1e-4, 300, cores).ms;
    const skOne = sklearnReason ? undefined : sklearnFit(points, init, 1e-4, 300, 1).ms;
    const mlMs = n <= 1_000_000 ? mlPerIteration(points, k, init) : undefined;
    const row = (engine: string, t: Timing) => [
      n.toLocaleString('en-US'), String(k), engine, String(t.iterations), t.perIteration.toFixed(1), t.converge.toFixed(0),
      ratio(t.converge, skAll), ratio(t.converge, skOne), mlMs === undefined ? 'n/a' : `${(mlMs / t.perIteration).toFixed(1)}x`,
    ];
    fitRows.push(row(`kd-tree filtering, ${cores} threads`, await ours(pool.engine, points, k, init)));
    fitRows.push(row('kd-tree filtering, 1 thread', await ours(createCpuEngine, points, k, init)));
    // What `kmeans fit --n-init 1` and a one-start fit run: no tree to build for a single start.
    fitRows.push(row(`Hamerly, ${cores} threads (one start's choice)`, await ours((p, kk) => pool.engine(p, kk, { workload: 'one start' }), points, k, init)));
    fitRows.push(row(`Hamerly, 1 thread (${cpuKernelName(3)})`, await ours(createHamerlySlices, points, k, init)));
    if (gpu && n <= 1_000_000 && k <= 8) {
      const context = gpu;
      const timing = await ours((p, kk) => {
        // The GPU engine is built asynchronously; the driver awaits it through the first pass.
        const ready = createGpuEngine(context, shaders, p, kk);
        return {
          backend: 'webgpu',
          assign: async (c) => (await ready).assign(c),
          labels: async () => (await ready).labels(),
          destroy: () => void ready.then((e) => e.destroy()),
        };
      }, points, k, init);
      fitRows.push(row('WebGPU (SwiftShader)', timing));
    }
    if (skAll !== undefined && skOne !== undefined) {
      fitRows.push([n.toLocaleString('en-US'), String(k), `scikit-learn, ${cores} threads`, '', '', skAll.toFixed(0), '1.00x', ratio(skAll, skOne), '']);
      fitRows.push([n.toLocaleString('en-US'), String(k), 'scikit-learn, 1 thread', '', '', skOne.toFixed(0), ratio(skOne, skAll), '1.00x', '']);
    }
    if (mlMs !== undefined) fitRows.push([n.toLocaleString('en-US'), String(k), 'ml-kmeans', String(FIXED), mlMs.toFixed(1), '', '', '', '1.0x']);
    console.error(`done N = ${n}, k = ${k}`);
  }
}
printTable(['N', 'k', 'engine', 'iterations', 'ms/iteration', 'ms to converge', 'time vs scikit-learn (all cores)', 'time vs scikit-learn (1 thread)', 'per-iteration speed-up vs ml-kmeans'], fitRows);
print(`\nms to converge: a fit from the same k-means++ start, tol 1e-4, on data the engine has not seen (the kd-tree's build included).`);
print(`ms/iteration: mean of ${FIXED} iterations from that start, tol 0, once the trees exist. Time ratios: below 1.00x is faster than the peer.`);
print(`scikit-learn: ${sklearnReason ?? 'KMeans(algorithm="lloyd", n_init=1), same start and tol, OMP_NUM_THREADS as named'}. WebGPU is SwiftShader (software Vulkan on the CPU) here.`);

/** The page's Choose-k sweep: k = 1..10, 3 restarts; with measures, the silhouettes (sampled: 2 000, and centre-based), Calinski-Harabasz and Davies-Bouldin. */
async function ourSweep(points: PointMatrix, engineFor: (p: PointMatrix, k: number) => AssignEngine, measures: boolean): Promise<number> {
  const started = performance.now();
  await sweepK(points, { kMax: 10, seed: 0, sampleSize: 2000, measures, engineFor: async (k) => engineFor(points, k) });
  return performance.now() - started;
}

/**
 * Sweeps of 1 M customers per case: this machine is shared and one sweep's time varies by a
 * third from run to run, so the median of three is quoted, with the fastest and slowest beside it.
 * Each starts from customers the engine has not seen (its trees built inside the timing).
 */
const SWEEP_RUNS = 3;

async function ourSweeps(points: PointMatrix, engineFor: (p: PointMatrix, k: number) => AssignEngine, measures: boolean, runs: number): Promise<{ median: number; text: string }> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await ourSweep(fresh(points), engineFor, measures));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  return { median, text: runs > 1 ? `${median.toFixed(0)} (${times[0]!.toFixed(0)} to ${times.at(-1)!.toFixed(0)})` : median.toFixed(0) };
}

if (!values['no-sweep']) {
  const sweepSizes = values.large ? [1_000_000, 10_000_000] : [1_000_000];
  const sweepRows: string[][] = [];
  for (const n of sweepSizes) {
    const points = customers(n);
    const skAll = sklearnReason || n > 1_000_000 ? undefined : sklearnSweep(points, 10, 3, cores).ms;
    const label = n.toLocaleString('en-US');
    const runs = n <= 1_000_000 ? SWEEP_RUNS : 1;
    const all = await ourSweeps(points, pool.engine, false, runs);
    sweepRows.push([label, `kd-tree filtering, ${cores} threads`, 'WCSS only', all.text, ratio(all.median, skAll)]);
    const withSilhouettes = await ourSweeps(points, pool.engine, true, runs);
    sweepRows.push([label, `kd-tree filtering, ${cores} threads`, 'WCSS, silhouettes and indices', withSilhouettes.text, ratio(withSilhouettes.median, skAll)]);
    if (n <= 1_000_000) {
      const one = await ourSweeps(points, createCpuEngine, false, runs);
      sweepRows.push([label, 'kd-tree filtering, 1 thread', 'WCSS only', one.text, ratio(one.median, skAll)]);
    }
    if (skAll !== undefined) sweepRows.push([label, `scikit-learn, ${cores} threads`, 'inertia only', skAll.toFixed(0), '1.00x']);
    console.error(`done sweep N = ${n}`);
  }
  print();
  printTable(['N', 'engine', 'computes', 'sweep ms (k = 1..10, 3 restarts)', 'time vs scikit-learn'], sweepRows);
  print(`Ours: trees built inside the timing; each restart seeded by k-means++ on a 20 000-customer sample (SWEEP_INIT_SAMPLE). 1 M: the median of ${SWEEP_RUNS} sweeps (fastest to slowest), the ratio from the median.`);
  print('scikit-learn: KMeans(k, n_init=3, algorithm="lloyd"), k-means++ over every customer, in a Python loop.');
}

if (values.large) {
  const n = 10_000_000;
  const points = customers(n);
  const k = 8;
  const init = initialCentroids(points, { k, seed: 0 }, 0);
  const built = performance.now();
  const engine = pool.engine(points, k);
  await engine.assign(init);
  const buildMs = performance.now() - built;
  // The first run after a build also warms the helpers' compiled code and the trees' tags (30 ms
  // an iteration here against 13 for the next): the second is what every later run gets.
  await runKMeans(engine, points, { k, init, maxIter: FIXED, tol: -0 });
  const run = await runKMeans(engine, points, { k, init, maxIter: FIXED, tol: -0 });
  engine.destroy();
  // The engine's own memory, counted array by array as buildLocalForest and a pass hold them: the
  // sorted copy, the row order, the tree records, and each run's pass (labels, tags, scratch). A
  // count, not a heap reading: this process's other garbage (the sweeps) made readings wander.
  const sorted = sortPoints(points);
  const trees = sorted.chunks.map((chunk) => buildKdTree(chunk.data, chunk.codes, chunk.m, chunk.d));
  const passes = trees.map((tree) => new FilterPass(tree, k));
  for (const pass of passes) pass.run(init);
  const bytes = sorted.order.byteLength + sorted.chunks[0]!.data.buffer.byteLength +
    trees.reduce((sum, tree) => sum + tree.record.byteLength, 0) + passes.reduce((sum, pass) => sum + pass.byteLength, 0);
  print();
  printTable(['N', 'k', 'trees built (sort + build, all cores) ms', 'ms/iteration once built', 'engine bytes per customer'], [[
    n.toLocaleString('en-US'), String(k), buildMs.toFixed(0), run.msPerIteration.toFixed(1), (bytes / n).toFixed(1),
  ]]);
}

if (values.large) {
  // 100 M customers on one machine, as a user runs it: generate the Parquet file, then fit all of
  // it from the command line (its own process, so its peak memory is its own: GNU time's %M).
  const n = 100_000_000;
  const folder = mkdtempSync(join(tmpdir(), 'kmeans-100m-'));
  const file = join(folder, 'customers.parquet');
  try {
    const [node, prefix] = kmeansCommand();
    const timed = (args: string[]) => {
      const started = performance.now();
      const run = existsSync('/usr/bin/time')
        ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', node, ...prefix, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
        : spawnSync(node, [...prefix, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const said = run.stderr.split('\n').filter((line) => line.trim() !== '' && !/^peak-kb |^Command exited/.test(line));
      if (run.status !== 0) throw new Error(`kmeans ${args[0]} failed: ${said.at(-1) ?? `exit status ${run.status}`}`);
      const peak = /peak-kb (\d+)/.exec(run.stderr)?.[1];
      return { seconds: (performance.now() - started) / 1000, bytesPerCustomer: peak ? (Number(peak) * 1024) / n : null, stdout: run.stdout };
    };
    const generated = timed(['generate', '--n', String(n), '--out', file]);
    const fitted = timed(['fit', '--input', file, '--k', '8', '--backend', 'cpu', '--json']);
    const summary = JSON.parse(fitted.stdout.trim().split('\n').at(-1)!) as { iterations: number; cpu_algorithm: string; cpu_threads: number };
    const perCustomer = (bytes: number | null) => (bytes === null ? 'n/a (no /usr/bin/time)' : bytes.toFixed(1));
    print();
    printTable(['N', 'step', 'seconds', 'peak bytes per customer'], [
      [n.toLocaleString('en-US'), `generate --out customers.parquet (${(statSync(file).size / 1e6).toFixed(0)} MB)`, generated.seconds.toFixed(1), perCustomer(generated.bytesPerCustomer)],
      [n.toLocaleString('en-US'), `fit --input customers.parquet --k 8 --backend cpu (${summary.cpu_algorithm}, ${summary.cpu_threads} threads, ${summary.iterations} iterations)`, fitted.seconds.toFixed(1), perCustomer(fitted.bytesPerCustomer)],
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await pool.close();
gpu?.device.destroy();
writeMarkdown(markdownFile);
process.exit(0);
