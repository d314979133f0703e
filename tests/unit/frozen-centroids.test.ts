import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { createHamerlyEngine } from '../../src/kmeans/cpu/hamerly.ts';
import { buildLocalForest, CHUNK_POINTS, createFilterEngine } from '../../src/kmeans/cpu/kdtree/forest.ts';
import { buildWorkerForest, type TreeHost } from '../../src/kmeans/cpu/kdtree/worker-forest.ts';
import { parseModel } from '../../src/kmeans/model.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import type { AssignEngine, KMeansOptions, PointMatrix } from '../../src/kmeans/types.ts';
import { updateCentroids } from '../../src/kmeans/update.ts';
import { readShaderSources } from '../../src/node/webgpu-node.ts';
import { createEngineHost } from '../../src/worker/host.ts';
import { createSliceHost } from '../../src/kmeans/cpu/threads/slice-host.ts';
import type { FitRequest } from '../../src/protocol/fit.ts';
import { blobs, bruteForceLabels, rowsAsCentroids, runKmeans } from '../helpers.ts';

/** The float64 bit patterns of row j: "exactly where it started" means these, not a tolerance. */
const rowBits = (centroids: Float64Array, j: number, d: number) => Array.from(new BigUint64Array(centroids.slice(j * d, j * d + d).buffer));

/** Three blobs; every start sits one unit off its blob, so each centroid moves unless frozen. */
function threeBlobs(): { points: PointMatrix; init: Float64Array } {
  const points = blobs(3000, 3, 3, 7, 0.3);
  const init = rowsAsCentroids(points, [0, 1, 2]).map((v, i) => (i % 3 === 0 ? v + 1 : v));
  return { points, init };
}

describe('a frozen centroid in the engine', () => {
  it('ends bit for bit where it started, through every iteration, while the others move', async () => {
    const { points, init } = threeBlobs();
    const seen: string[] = [];
    const result = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init, frozen: [1] }, {
      onIteration: (s) => void seen.push(rowBits(s.centroids, 1, 3).join()),
    });
    const at = result.canonical[1]!;
    expect(rowBits(result.centroids, at, 3)).toEqual(rowBits(init, 1, 3));
    expect(seen.length).toBe(result.iterations);
    expect(new Set(seen)).toEqual(new Set([rowBits(init, 1, 3).join()]));
    expect(result.frozen).toEqual([at]);
    // The others moved off their starts.
    for (const j of [0, 2]) expect(rowBits(result.centroids, result.canonical[j]!, 3)).not.toEqual(rowBits(init, j, 3));
    // Unfrozen, the same centroid moves: the check above can fail.
    const free = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init });
    expect(rowBits(free.centroids, free.canonical[1]!, 3)).not.toEqual(rowBits(init, 1, 3));
    expect(free.frozen).toBeUndefined();
  });

  it('still takes its customers: labels and counts are a full scan against the returned centroids', async () => {
    const { points, init } = threeBlobs();
    const result = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init, frozen: [1] }, { withLabels: true });
    const reference = bruteForceLabels(points, result.centroids);
    expect(result.labels).toEqual(reference.labels);
    expect(Math.abs(result.inertia / reference.inertia - 1)).toBeLessThan(1e-9);
    // Its blob (every third row from row 1) is its own.
    expect(result.counts[result.canonical[1]!]).toBe(1000);
    expect(result.labels![1]).toBe(result.canonical[1]);
  });

  it('an empty frozen cluster is not relocated; an empty free one is', async () => {
    const { points, init } = threeBlobs();
    // Far from every customer: it starts empty.
    const far = Float64Array.from(init);
    far.set([50, 50, 50], 6);
    const frozen = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init: far, frozen: [2] });
    expect(frozen.emptyClusterEvents).toBe(0);
    expect(frozen.counts[frozen.canonical[2]!]).toBe(0);
    expect(rowBits(frozen.centroids, frozen.canonical[2]!, 3)).toEqual(rowBits(far, 2, 3));
    const free = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init: far });
    expect(free.emptyClusterEvents).toBeGreaterThan(0);
    expect(free.counts[free.canonical[2]!]).toBeGreaterThan(0);
  });

  it('the update relocates only the free empty cluster, and a frozen one adds nothing to the shift', async () => {
    // Every point is nearest 0.5; clusters 1 and 2 are empty.
    const points: PointMatrix = { data: Float32Array.from([0, 1, 10]), n: 3, d: 1 };
    const old = Float64Array.from([0.5, 100, 200]);
    const engine = createHamerlyEngine(points, 3);
    const stats = await engine.assign(old);
    const update = await updateCentroids(points, old, stats, () => engine.labels(), new Set([2]));
    expect(Array.from(update.centroids)).toEqual([0.5, 10, 200]);
    expect(Array.from(update.counts)).toEqual([2, 1, 0]);
    expect(update.emptyClusters).toBe(1);
    expect(update.shift).toBe(90 * 90);
    const free = await updateCentroids(points, old, stats, () => engine.labels());
    expect(free.emptyClusters).toBe(2);
  });

  it('gives the same bits on one engine, on tree helpers (1 and 2) and on Hamerly', async () => {
    // Two chunks of points: something to share between helpers.
    const points = blobs(CHUNK_POINTS + 5000, 3, 4, 3, 0.5);
    const init = rowsAsCentroids(points, [0, 1, 2, 3]).map((v) => v + 0.7);
    const options: KMeansOptions = { k: 4, init, frozen: [0, 3] };
    const fit = (engine: AssignEngine) => runKMeans(engine, points, options, { withLabels: true });
    const helpers = (count: number) => Array.from({ length: count }, () => createSliceHost((value) => value) as unknown as TreeHost);
    const local = await fit(createFilterEngine(() => buildLocalForest(points), 4));
    for (const count of [1, 2]) {
      const there = await fit(createFilterEngine(() => buildWorkerForest(points, helpers(count), (value) => value).forest, 4));
      expect(there.centroids).toEqual(local.centroids);
      expect(there.labels).toEqual(local.labels);
      expect(there.inertia).toBe(local.inertia);
    }
    const hamerly = await fit(createHamerlyEngine(points, 4));
    expect(hamerly.centroids).toEqual(local.centroids);
    expect(hamerly.labels).toEqual(local.labels);
    expect(local.frozen).toEqual([local.canonical[0]!, local.canonical[3]!].sort((a, b) => a - b));
    for (const j of [0, 3]) expect(rowBits(local.centroids, local.canonical[j]!, 3)).toEqual(rowBits(init, j, 3));
  });
});

describe('frozen centroids are checked', () => {
  const { points, init } = threeBlobs();
  const fit = (options: Omit<KMeansOptions, 'k'>) => runKMeans(createCpuEngine(points, 3), points, { k: 3, ...options });
  it.each([
    ['a seeded init', { frozen: [0] }, 'frozen centroids need given initial centroids (init as k centroid rows), not k-means++ or random'],
    ['a cluster past k', { init, frozen: [3] }, 'frozen centroid 3 is not a cluster of k = 3 (0 to 2)'],
    ['a negative one', { init, frozen: [-1] }, 'frozen centroid -1 is not a cluster of k = 3 (0 to 2)'],
    ['a fraction', { init, frozen: [0.5] }, 'frozen centroid 0.5 is not a cluster of k = 3 (0 to 2)'],
    ['a duplicate', { init, frozen: [1, 1] }, 'frozen centroid 1 is listed twice'],
  ] as const)('%s is refused', async (_name, options, message) => {
    await expect(fit(options)).rejects.toThrow(new RangeError(message));
  });
});

describe('the engine host passes frozen rows of given centroids to the run', () => {
  const host = () => createEngineHost({ gpu: async () => undefined, shaders: readShaderSources(), transfer: (value) => value });
  const request: FitRequest = { algorithm: 'kmeans', eps: 0.1, minSamples: 5, minClusterSize: 50, clusterSelection: 'eom', clusterSelectionEpsilon: 0, covariance: 'full', k: 4, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, backend: 'cpu', threads: 1, labelsEachIteration: false };
  const given = Float64Array.from([30, 75, 590, 55, 45, 640, 85, 18, 720, 120, 80, 760]);

  it('keeps the frozen row where it was given and names it in the outcome', async () => {
    const engine = host();
    await engine.data.generate({ n: 5000, seed: 3, separation: 1, shape: 'round' });
    const outcome = await engine.fit.run({ ...request, givenCentroids: given, frozen: [1] });
    const { canonical, frozen } = outcome.result;
    expect(frozen).toEqual([canonical[1]]);
    const row = (j: number) => Array.from(outcome.centroidsInUnits.subarray(canonical[j]! * 3, canonical[j]! * 3 + 3));
    row(1).forEach((v, f) => expect(Math.abs(v - given[3 + f]!)).toBeLessThan(1e-9));
    expect(Math.abs(row(0)[0]! - 30)).toBeGreaterThan(1e-6);
    await expect(engine.fit.run({ ...request, frozen: [1] })).rejects.toThrow('frozen centroids need given initial centroids');
  });
});

describe('the model file records frozen clusters', () => {
  const model = (frozen?: unknown) => JSON.stringify({
    format: 'kmeans-segmentation-model', formatVersion: 1, features: ['a'], scaled: true, scaler: { mean: [0], scale: [1] }, k: 2,
    params: { init: 'i.csv', nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, ...(frozen === undefined ? {} : { frozen }) },
    centroids: [[0], [1]], centroidsScaled: [[0], [1]], segmentNames: ['x', 'y'], metrics: {},
  });
  it('reads models with and without them, and refuses a cluster the model lacks', () => {
    expect(parseModel(model(), 'm.json').params.frozen).toBeUndefined();
    expect(parseModel(model([1]), 'm.json').params.frozen).toEqual([1]);
    expect(() => parseModel(model([2]), 'm.json')).toThrow('m.json: "params.frozen" must list clusters from 0 to 1');
  });
});

describe('kmeans fit --freeze', () => {
  let dir = '';
  const kmeans = (...args: string[]) => runKmeans(dir, args);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kmeans-freeze-'));
    expect(kmeans('generate', '--n', '2000', '--seed', '4', '--out', 'c.csv').status).toBe(0);
    writeFileSync(join(dir, 'init.csv'), 'Annual Income (k$),Spending Score (1-100),Credit Score\n30,75,590\n55,45,640\n85,18,720\n120,80,760\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the named rows of the --init file in place, and says so in --json, the model and the report', () => {
    const run = kmeans('fit', '--input', 'c.csv', '--k', '4', '--init', 'init.csv', '--freeze', '0, 2', '--backend', 'cpu', '--json', '--model', 'm.json');
    expect(run.stderr).toBe('wrote m.json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    // Sorted by income, the frozen rows keep their places 0 and 2.
    expect(summary.frozen).toEqual([0, 2]);
    const close = (row: number[], want: number[]) => row.forEach((v, f) => expect(Math.abs(v - want[f]!)).toBeLessThan(1e-9));
    close(summary.centroids[0], [30, 75, 590]);
    close(summary.centroids[2], [85, 18, 720]);
    expect(Math.abs(summary.centroids[1][0] - 55)).toBeGreaterThan(1e-6);
    const model = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(model.params.frozen).toEqual([0, 2]);
    expect(model.centroids).toEqual(summary.centroids);

    const text = kmeans('fit', '--input', 'c.csv', '--k', '4', '--init', 'init.csv', '--freeze', '3', '--backend', 'cpu');
    expect(text.stdout.split('\n')[2]).toBe('frozen (did not move): cluster 3');
    const plain = kmeans('fit', '--input', 'c.csv', '--k', '4', '--init', 'init.csv', '--backend', 'cpu', '--json');
    expect(JSON.parse(plain.stdout.trim().split('\n').at(-1)!)).not.toHaveProperty('frozen');
  });

  it.each([
    ['a row past k', ['--init', 'init.csv', '--freeze', '5'], 'error: --freeze: 5 is not a cluster of k = 4 (rows 0 to 3)'],
    ['a word', ['--init', 'init.csv', '--freeze', '1,first'], 'error: --freeze: "first" is not a row number (0-based rows of the --init file, e.g. 0,2)'],
    ['a duplicate', ['--init', 'init.csv', '--freeze', '1,1'], 'error: --freeze: 1 is listed twice'],
    ['no --init file', ['--freeze', '0'], 'error: --freeze needs --init FILE.csv: it names rows of given centroids, and k-means++ or random draw new ones'],
  ])('refuses %s with one line', (_name, args, message) => {
    const run = kmeans('fit', '--input', 'c.csv', '--k', '4', ...args);
    expect(run.stderr).toBe(message);
    expect(run.status).toBe(1);
  });
});
