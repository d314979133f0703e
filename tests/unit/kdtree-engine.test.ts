import { afterAll, describe, expect, it } from 'vitest';
import { cpuAlgorithmFor, createCpuEngine, FILTERING_MAX_FEATURES, FILTERING_MAX_POINTS, FILTERING_MIN_POINTS } from '../../src/kmeans/cpu/engine.ts';
import { createHamerlySlices } from '../../src/kmeans/cpu/hamerly.ts';
import { buildLocalForest, CHUNK_POINTS, chunkRanges, createFilterEngine, sortPoints } from '../../src/kmeans/cpu/kdtree/forest.ts';
import { buildWorkerForest, type TreeHost } from '../../src/kmeans/cpu/kdtree/worker-forest.ts';
import { sortBitsFor } from '../../src/kmeans/cpu/kdtree/morton-order.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { AssignEngine, PointMatrix } from '../../src/kmeans/types.ts';
import { createThreadPool } from '../../src/node/thread-pool.ts';
import type * as Comlink from 'comlink';
import { createSliceHost, type SliceHost } from '../../src/kmeans/cpu/threads/slice-host.ts';
import { createSlicePool } from '../../src/kmeans/cpu/threads/slice-pool.ts';
import { blobs, bruteForceLabels, randomPoints } from '../helpers.ts';
import { createRandom } from '../../src/data/random.ts';

const filtering = (points: PointMatrix, k: number) => createFilterEngine(() => buildLocalForest(points), k);

/** Lloyd's centroid move from a pass's sums (an empty cluster keeps its place). */
function moved(centroids: Float64Array, deltaSums: Float64Array, counts: Float64Array, d: number): Float64Array {
  return centroids.map((c, i) => (counts[Math.floor(i / d)]! > 0 ? c + deltaSums[i]! / counts[Math.floor(i / d)]! : c));
}

/** Every pass: the labels, counts, inertia and changes of a full scan against the same centroids. */
async function expectFullScanPassByPass(points: PointMatrix, k: number, start: Float64Array, passes = 6): Promise<void> {
  const engine = filtering(points, k);
  let centroids = start;
  let previous: Uint8Array | null = null;
  for (let pass = 0; pass < passes; pass++) {
    const stats = await engine.assign(centroids);
    const reference = bruteForceLabels(points, centroids);
    const labels = await engine.labels();
    expect(labels).toEqual(reference.labels);
    const counts = new Float64Array(k);
    for (const label of reference.labels) counts[label]!++;
    expect(stats.counts).toEqual(counts);
    expect(Math.abs(stats.inertia - reference.inertia)).toBeLessThanOrEqual(1e-9 * Math.max(1, reference.inertia));
    const changed = previous ? reference.labels.reduce((sum, label, i) => sum + (label !== previous![i] ? 1 : 0), 0) : points.n;
    expect(stats.changed).toBe(changed);
    previous = reference.labels;
    centroids = moved(centroids, stats.deltaSums, stats.counts, points.d);
  }
  engine.destroy();
}

describe('the kd-tree filtering engine', () => {
  it.each([
    [1, 3, 1], [2, 2, 2], [31, 3, 4], [32, 3, 32], [33, 2, 33], [63, 3, 5], [64, 3, 9], [65, 3, 65], [123, 3, 7], [123, 8, 5], [4096, 5, 9], [65537, 3, 8], [65537, 2, 16],
  ])('n = %i, d = %i, k = %i: every pass gives a full scan\'s labels, counts, inertia and changes', async (n, d, k) => {
    const points = randomPoints(n, d, 7 * n + d);
    await expectFullScanPassByPass(points, k, initialCentroids(points, { k, seed: 2 }, 0));
  });

  it('on clustered data with d = 2 to 8, pass by pass', async () => {
    for (let d = 2; d <= 8; d++) {
      const points = blobs(20_000, d, 6, d, 0.5);
      await expectFullScanPassByPass(points, 6, initialCentroids(points, { k: 6, seed: d }, 0), 8);
    }
  });

  it('gives exact ties to the lower cluster, with duplicate points and duplicate centres', async () => {
    // A grid of integers, each point 4 times: the centres sit so that many points are equidistant.
    const side = 12;
    const data = new Float32Array(side * side * 4 * 2);
    let at = 0;
    for (let copy = 0; copy < 4; copy++) for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) { data[at++] = x; data[at++] = y; }
    const points = { data, n: side * side * 4, d: 2 };
    const centres = Float64Array.from([2.5, 2.5, 8.5, 2.5, 2.5, 8.5, 8.5, 8.5, 5.5, 5.5, 5.5, 5.5]);
    const engine = filtering(points, 6);
    await engine.assign(centres);
    const labels = await engine.labels();
    expect(labels).toEqual(bruteForceLabels(points, centres).labels);
    // The duplicate centre (index 5) never wins a tie against index 4.
    expect(labels.includes(5)).toBe(false);
    await expectFullScanPassByPass(points, 6, centres);
  });

  it('gives exact ties to the lower cluster with three features (the unrolled scan), two candidates or more', async () => {
    // A 3-D integer grid, each point twice, centres on half-integers: whole planes of points are
    // equidistant from two or more centres, and leaves keep several candidates.
    const side = 24;
    const data = new Float32Array(side ** 3 * 2 * 3);
    let at = 0;
    for (let copy = 0; copy < 2; copy++) for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) for (let z = 0; z < side; z++) { data[at++] = x; data[at++] = y; data[at++] = z; }
    const points = { data, n: side ** 3 * 2, d: 3 };
    const centres = Float64Array.from([5.5, 5.5, 5.5, 17.5, 5.5, 5.5, 11.5, 17.5, 5.5, 11.5, 11.5, 17.5, 11.5, 11.5, 17.5, 11.5, 11.5, 11.5]);
    const engine = filtering(points, 6);
    await engine.assign(centres);
    const labels = await engine.labels();
    const reference = bruteForceLabels(points, centres).labels;
    expect(labels).toEqual(reference);
    expect(labels.includes(4)).toBe(false);
    await expectFullScanPassByPass(points, 6, centres, 4);
  });

  it('leaves whole subtrees within rounding of two centres\' bisector to the point-by-point scan', async () => {
    // Centres at x = -1 and x = 1: every point has x within 1e-20 of the bisector x = 0. In
    // float64, (x + 1)² and (x - 1)² then round to the same number, so a full scan ties them and
    // gives the first centre every point, even those truly nearer the second. Whole subtrees of
    // such points (thousands, many leaves deep) lie on one side of the plane by less than rounding:
    // they must be scanned, not assigned to the side their box falls on.
    const n = 6000;
    const data = new Float32Array(n * 3);
    const random = createRandom(8);
    for (let i = 0; i < n; i++) {
      data[i * 3] = [0, 1e-30, -1e-30, 1e-20, -1e-20][i % 5]!;
      data[i * 3 + 1] = random.uniform();
      data[i * 3 + 2] = random.uniform();
    }
    const points = { data, n, d: 3 };
    const centres = Float64Array.from([-1, 0.5, 0.5, 1, 0.5, 0.5]);
    const engine = filtering(points, 2);
    await engine.assign(centres);
    expect(await engine.labels()).toEqual(bruteForceLabels(points, centres).labels);
    expect((await engine.labels()).every((label) => label === 0)).toBe(true);
  });

  it('reports an empty cluster, and the driver re-seeds it as with Hamerly\'s engine', async () => {
    const points = blobs(30_000, 3, 3, 4, 0.2);
    const start = initialCentroids(points, { k: 4, seed: 1 }, 0);
    start.set([50, 50, 50], 9); // a centre no customer is near
    const engine = filtering(points, 4);
    const stats = await engine.assign(start);
    expect(stats.counts[3]).toBe(0);
    const ours = await runKMeans(filtering(points, 4), points, { k: 4, init: start }, { withLabels: true });
    const theirs = await runKMeans(createHamerlySlices(points, 4), points, { k: 4, init: start }, { withLabels: true });
    expect(ours.emptyClusterEvents).toBeGreaterThan(0);
    expect(ours.emptyClusterEvents).toBe(theirs.emptyClusterEvents);
    expect(ours.labels).toEqual(theirs.labels);
    expect(ours.iterations).toBe(theirs.iterations);
    expect(Math.abs(ours.inertia / theirs.inertia - 1)).toBeLessThan(1e-12);
  });

  it('counts no change when the centroids repeat: the "labels unchanged" stop needs no pass over the points', async () => {
    const points = blobs(50_000, 3, 5, 3, 0.4);
    const result = await runKMeans(filtering(points, 5), points, { k: 5, seed: 3, tol: 0 });
    expect(result.stop).toBe('labels-stable');
    const engine = filtering(points, 5);
    const first = await engine.assign(result.centroids);
    expect(first.changed).toBe(points.n);
    expect((await engine.assign(result.centroids)).changed).toBe(0);
  });

  it('sorts on the leading bits only, and the order is a stable sort by those bits', () => {
    expect(sortBitsFor(1_000_000)).toBe(18);
    expect(sortBitsFor(10)).toBe(7);
    const points = randomPoints(70_000, 3, 5);
    const sorted = sortPoints(points);
    const seen = new Uint8Array(points.n);
    let previousCode = -1;
    let previousRow = -1;
    let outOfOrder = 0;
    let wrongPoint = 0;
    sorted.chunks.forEach((chunk, c) => {
      for (let s = 0; s < chunk.m; s++) {
        const row = sorted.order[chunkRanges(points.n)[c]![0] + s]!;
        const code = chunk.codes[s]!;
        if (!(code > previousCode || (code === previousCode && row > previousRow))) outOfOrder++;
        previousCode = code;
        previousRow = row;
        seen[row] = 1;
        for (let f = 0; f < 3; f++) if (chunk.data[s * 3 + f] !== points.data[row * 3 + f]) wrongPoint++;
      }
    });
    expect(outOfOrder).toBe(0);
    expect(wrongPoint).toBe(0);
    expect(seen.every((v) => v === 1)).toBe(true);
  });
});

describe('the filtering engine on several threads', () => {
  const points = blobs(2 * CHUNK_POINTS + 12_345, 3, 7, 11, 0.5);
  const k = 7;
  const init = initialCentroids(points, { k, seed: 5 }, 0);
  const pool = createThreadPool(2);
  afterAll(() => pool.close());

  /** Helpers as the page's pool sees them, here in-process (same code, no messaging). */
  const inProcessHosts = (count: number): TreeHost[] => Array.from({ length: count }, () => createSliceHost((value) => value) as unknown as TreeHost);

  it('gives the same bits on one thread, on in-process helpers (1 to 3) and on Node worker threads', async () => {
    const fit = (engine: AssignEngine) => runKMeans(engine, points, { k, init }, { withLabels: true });
    const local = await fit(filtering(points, k));
    expect(chunkRanges(points.n).length).toBe(3);
    for (const helpers of [1, 2, 3]) {
      const there = await fit(createFilterEngine(() => buildWorkerForest(points, inProcessHosts(helpers), (value) => value).forest, k));
      expect(there.centroids).toEqual(local.centroids);
      expect(there.inertia).toBe(local.inertia);
      expect(there.labels).toEqual(local.labels);
    }
    const threaded = await fit(pool.engine(points, k));
    expect(threaded.centroids).toEqual(local.centroids);
    expect(threaded.inertia).toBe(local.inertia);
    expect(threaded.iterations).toBe(local.iterations);
    expect(threaded.labels).toEqual(local.labels);
    // And the partition is a full scan's against the returned centroids.
    const engineNumbering = bruteForceLabels(points, local.centroids).labels;
    expect(engineNumbering).toEqual(local.labels);
  });

  it('sends one message per helper and pass, and never answers a pass with an earlier one', async () => {
    const hosts = inProcessHosts(2);
    const calls: number[] = [];
    const counted = hosts.map((host) => ({ ...host, runPasses: (ids: number[], c: Float64Array) => (calls.push(ids.length), host.runPasses(ids, c)) }));
    const engine = createFilterEngine(() => buildWorkerForest(points, counted, (value) => value).forest, k);
    // The same centroids object twice: the second pass is a pass of its own (nothing changes).
    expect((await engine.assign(init)).changed).toBe(points.n);
    expect((await engine.assign(init)).changed).toBe(0);
    // Three runs on two helpers: two messages a pass (2 runs, then 1).
    expect(calls).toEqual([2, 1, 2, 1]);
  });

  it('keeps the trees for later runs on the same points (another k reuses them)', async () => {
    const again = await runKMeans(pool.engine(points, 3), points, { k: 3, seed: 1 }, { withLabels: true });
    const local = await runKMeans(createCpuEngine(points, 3), points, { k: 3, seed: 1 }, { withLabels: true });
    expect(again.centroids).toEqual(local.centroids);
    expect(again.labels).toEqual(local.labels);
  });
});

describe('the helpers holding the trees', () => {
  const points = blobs(30_000, 3, 4, 2, 0.5);
  /** A helper that does the real work, except where `broken` says otherwise. */
  const helper = (broken: { buildFails?: number; buildHangs?: boolean }) => {
    const real = createSliceHost((value) => value);
    return new Proxy(real, {
      get: (target, name) => {
        if (name === 'buildTree' && broken.buildHangs) return () => new Promise(() => undefined);
        if (name === 'buildTree' && (broken.buildFails ?? 0) > 0) {
          broken.buildFails!--;
          return async () => {
            throw new Error('out of memory in the helper');
          };
        }
        return Reflect.get(target, name);
      },
    }) as unknown as Comlink.Remote<SliceHost>;
  };

  it('a failed build is not kept: the next run builds anew and succeeds', async () => {
    const broken = { buildFails: 1 };
    const pool = createSlicePool(2, () => helper(broken));
    await expect(pool.prepare(points, 2)).rejects.toThrow('out of memory in the helper');
    const result = await runKMeans(pool.engine(points, 4, 2), points, { k: 4, seed: 1 });
    const local = await runKMeans(createCpuEngine(points, 4), points, { k: 4, seed: 1 });
    expect(result.centroids).toEqual(local.centroids);
  });

  it('a helper that dies fails the run with its reason instead of leaving it waiting', async () => {
    let die: (error: Error) => void = () => undefined;
    const pool = createSlicePool(2, (_slot, onDeath) => {
      die = onDeath;
      return helper({ buildHangs: true });
    });
    const run = runKMeans(pool.engine(points, 4, 2), points, { k: 4, seed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    die(new Error('a CPU helper worker failed: it could not start'));
    await expect(run).rejects.toThrow('a CPU helper worker failed: it could not start');
  });

  it('sorts one feature and four (codes that fill fewer than 30 bits) into many cells', () => {
    for (const d of [1, 4, 7]) {
      const sorted = sortPoints(randomPoints(30_000, d, d));
      expect(new Set(sorted.chunks[0]!.codes).size).toBeGreaterThan(5_000);
    }
  });
});

describe('which CPU algorithm serves', () => {
  it('the kd-tree for few features and enough points, Hamerly otherwise and for one pass', () => {
    expect(cpuAlgorithmFor(1_000_000, 3)).toBe('kd-tree filtering');
    expect(cpuAlgorithmFor(FILTERING_MIN_POINTS - 1, 3)).toBe('Hamerly');
    expect(cpuAlgorithmFor(1_000_000, FILTERING_MAX_FEATURES + 1)).toBe('Hamerly');
    expect(cpuAlgorithmFor(1_000_000, 3, { workload: 'one pass' })).toBe('Hamerly');
    expect(cpuAlgorithmFor(1_000_000, 3, { workload: 'one start' })).toBe('Hamerly');
    expect(cpuAlgorithmFor(1_000_000, 3, { workload: 'many' })).toBe('kd-tree filtering');
    // Past FILTERING_MAX_POINTS the index's memory is not worth it (100 M customers: Hamerly).
    expect(cpuAlgorithmFor(FILTERING_MAX_POINTS, 3)).toBe('kd-tree filtering');
    expect(cpuAlgorithmFor(FILTERING_MAX_POINTS + 1, 3)).toBe('Hamerly');
    expect(createCpuEngine(randomPoints(20_000, 3, 1), 4).cpuAlgorithm).toBe('kd-tree filtering');
    expect(createCpuEngine(randomPoints(10_000, 3, 1), 4).cpuAlgorithm).toBe('Hamerly');
    expect(createCpuEngine(randomPoints(100, 3, 1), 4).cpuAlgorithm).toBe('Hamerly');
  });
});
