import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../src/data/random.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';

/** Random points in [-1, 1)^d, seeded. */
export function randomPoints(n: number, d: number, seed: number): PointMatrix {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random.uniform() * 2 - 1;
  return { data, n, d };
}

/** Gaussian blobs around k well separated centres, seeded. */
export function blobs(n: number, d: number, k: number, seed: number, spread = 0.3): PointMatrix {
  const random = createRandom(seed);
  const centres = Array.from({ length: k * d }, () => random.uniform() * 20 - 10);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let f = 0; f < d; f++) data[i * d + f] = centres[c * d + f]! + spread * random.normal();
  }
  return { data, n, d };
}

/** Overlapping, stretched groups of customers: memberships are soft where they meet. */
export function overlappingGroups(n: number, seed: number): PointMatrix {
  const random = createRandom(seed);
  const d = 3;
  const centres = [[0, 0, 0], [1.6, 0.4, -0.3], [-0.8, 2, 0.5], [0.6, -1.5, 1.8]];
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[i % centres.length]!;
    const a = random.normal();
    const b = random.normal();
    const e = random.normal();
    // Correlated features, a different shape per group: full covariances differ from diagonal ones.
    data[i * d] = c[0]! + 0.8 * a + (i % 2 ? 0.4 * b : 0);
    data[i * d + 1] = c[1]! + 0.5 * b + 0.3 * a;
    data[i * d + 2] = c[2]! + 0.6 * e - (i % 3 ? 0.2 * a : 0);
  }
  return { data, n, d };
}

/** k rows of the data as centroids (rows given). */
export function rowsAsCentroids(points: PointMatrix, rows: readonly number[]): Float64Array {
  const { d, data } = points;
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, j) => {
    for (let f = 0; f < d; f++) out[j * d + f] = data[row * d + f]!;
  });
  return out;
}

/** Nearest centroid of every point by a full scan, ties to the lower index: the reference. */
export function bruteForceLabels(points: PointMatrix, centroids: Float64Array): { labels: Uint8Array; inertia: number } {
  const { n, d, data } = points;
  const k = centroids.length / d;
  const labels = new Uint8Array(n);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let dist = 0;
      for (let f = 0; f < d; f++) dist += (data[i * d + f]! - centroids[j * d + f]!) ** 2;
      if (dist < best) {
        best = dist;
        labels[i] = j;
      }
    }
    inertia += best;
  }
  return { labels, inertia };
}

/**
 * scikit-learn's `_kmeans_single_lloyd`, written out plainly (no bounds, no tricks),
 * including `_relocate_empty_clusters` and the final E-step when stopped by tol.
 */
export function referenceLloyd(points: PointMatrix, init: Float64Array, maxIter: number, tol: number) {
  const { n, d, data } = points;
  const k = init.length / d;
  let variance = 0;
  for (let f = 0; f < d; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + f]!;
    mean /= n;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (data[i * d + f]! - mean) ** 2;
    variance += sq / n;
  }
  const tolScaled = (variance / d) * tol;
  let centers = Float64Array.from(init);
  let labelsOld: Uint8Array | null = null;
  let labels: Uint8Array = new Uint8Array(n);
  let strict = false;
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    labels = bruteForceLabels(points, centers).labels;
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]!++;
      for (let f = 0; f < d; f++) sums[labels[i]! * d + f]! += data[i * d + f]!;
    }
    const empty = [...counts.keys()].filter((j) => counts[j] === 0);
    if (empty.length > 0) {
      const dist = Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let f = 0; f < d; f++) s += (data[i * d + f]! - centers[labels[i]! * d + f]!) ** 2;
        return { i, s };
      }).sort((a, b) => b.s - a.s || a.i - b.i);
      empty.forEach((j, e) => {
        const far = dist[e]!.i;
        const from = labels[far]!;
        for (let f = 0; f < d; f++) {
          sums[from * d + f]! -= data[far * d + f]!;
          sums[j * d + f] = data[far * d + f]!;
        }
        counts[from]!--;
        counts[j] = 1;
      });
    }
    const next = new Float64Array(k * d);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < d; f++) {
        next[j * d + f] = counts[j]! > 0 ? sums[j * d + f]! / counts[j]! : centers[j * d + f]!;
        shift += (next[j * d + f]! - centers[j * d + f]!) ** 2;
      }
    }
    centers = next;
    iterations = it + 1;
    if (labelsOld && labels.every((l, i) => l === labelsOld![i])) {
      strict = true;
      break;
    }
    if (shift <= tolScaled) break;
    labelsOld = labels;
  }
  const final = bruteForceLabels(points, centers);
  return { centers, labels: strict ? labels : final.labels, inertia: final.inertia, iterations };
}

/** Same partition up to renumbering: returns the number of points that disagree with the best matching. */
export function partitionDifference(a: Uint8Array, b: Uint8Array): number {
  const pairs = new Map<number, Map<number, number>>();
  for (let i = 0; i < a.length; i++) {
    const row = pairs.get(a[i]!) ?? new Map<number, number>();
    row.set(b[i]!, (row.get(b[i]!) ?? 0) + 1);
    pairs.set(a[i]!, row);
  }
  let agree = 0;
  for (const row of pairs.values()) agree += Math.max(...row.values());
  return a.length - agree;
}

/** The command `npm run kmeans` runs: Node with tsx's loader (tsx's own launcher would SIGKILL a busy child on Ctrl-C). */
export function kmeansCommand(): [string, string[]] {
  const root = new URL('../', import.meta.url).pathname;
  return [process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href, join(root, 'src/cli/main.ts')]];
}

/** Run `npm run kmeans -- ...` the way a user does, in the folder `cwd`. */
export function runKmeans(cwd: string, args: readonly string[], env: Record<string, string> = {}, input?: string) {
  const [command, prefix] = kmeansCommand();
  const result = spawnSync(command, [...prefix, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd, ...env },
    ...(input === undefined ? {} : { input }),
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}
