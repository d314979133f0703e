import type { PointMatrix } from '../kmeans/types.ts';
import { centreSilhouetteSum3Wasm, distanceRuns3Wasm } from './measure-kernels.ts';

export interface Silhouette {
  /** Mean silhouette over the points measured. */
  readonly mean: number;
  /** Mean silhouette per cluster (NaN for a cluster with no measured point). */
  readonly perCluster: Float64Array;
  /** Silhouette of each measured point, and which rows those are. */
  readonly values: Float64Array;
  readonly rows: Uint32Array;
}

/**
 * The silhouette as scikit-learn's `silhouette_score` defines it: for point i in cluster A,
 * a = mean distance to the other members of A, b = the smallest mean distance to the members
 * of another cluster, s = (b - a) / max(a, b), and s = 0 for a point alone in its cluster.
 * Euclidean distances, O(m^2) in the points measured: pass `rows` to measure a sample
 * (scikit-learn's `sample_size`: the silhouette of the sample alone).
 */
export function silhouette(points: PointMatrix, labels: Uint8Array, k: number, rows?: Uint32Array): Silhouette {
  const sums = new SilhouetteSums(points, labels, k, rows ?? identityRows(points.n));
  sums.addRows(0, sums.m);
  return sums.finish();
}

/**
 * The same silhouette with `between` awaited after every slice of measured rows: the sweep
 * computes it on a thread that also serves the engine's helpers.
 */
export async function silhouetteInSlices(
  points: PointMatrix, labels: Uint8Array, k: number, rows: Uint32Array, between: () => Promise<void>,
): Promise<Silhouette> {
  const sums = new SilhouetteSums(points, labels, k, rows);
  // About a million distances per slice.
  const step = Math.max(1, Math.floor((1 << 20) / Math.max(1, sums.m)));
  for (let start = 0; start < sums.m; start += step) {
    sums.addRows(start, Math.min(sums.m, start + step));
    await between();
  }
  return sums.finish();
}

/**
 * Each measured point's summed distance to the members of every cluster, filled row range by row
 * range. The sample is kept grouped by cluster (in row order within each group), so each sum is
 * a run of one cluster's members added in a local, in the same order as a scan of the sample:
 * the same bits, without a store and reload of the sum at every member.
 */
class SilhouetteSums {
  readonly m: number;
  private readonly d: number;
  /** The sample's coordinates grouped by cluster. */
  private readonly grouped: Float64Array;
  /** The same by column, for the WebAssembly kernel (three features). */
  private readonly columns: Float64Array | null;
  /** Where each cluster's group starts in `grouped` (k + 1 entries). */
  private readonly groupStart: Int32Array;
  /** Where each measured row sits in `grouped`. */
  private readonly position: Int32Array;
  private readonly sums: Float64Array;

  constructor(points: PointMatrix, private readonly labels: Uint8Array, private readonly k: number, private readonly measured: Uint32Array) {
    const { d, data } = points;
    const m = measured.length;
    this.m = m;
    this.d = d;
    this.groupStart = new Int32Array(k + 1);
    for (let r = 0; r < m; r++) this.groupStart[labels[measured[r]!]! + 1]!++;
    for (let c = 0; c < k; c++) this.groupStart[c + 1]! += this.groupStart[c]!;
    const next = this.groupStart.slice(0, k);
    this.grouped = new Float64Array(m * d);
    this.position = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      const i = measured[r]!;
      const at = next[labels[i]!]!++;
      this.position[r] = at;
      for (let f = 0; f < d; f++) this.grouped[at * d + f] = data[i * d + f]!;
    }
    this.columns = d === 3 ? new Float64Array(3 * m) : null;
    if (this.columns) {
      for (let at = 0; at < m; at++) for (let f = 0; f < 3; f++) this.columns[f * m + at] = this.grouped[at * 3 + f]!;
    }
    this.sums = new Float64Array(m * k);
  }

  /** Distances from measured rows start..end-1 to every other measured row. */
  addRows(start: number, end: number): void {
    const { grouped, groupStart, position, sums, d, k } = this;
    const inKernel = this.columns && distanceRuns3Wasm(this.columns, this.m);
    const run = inKernel ?? ((self: number, first: number, stop: number, sum: number) => runDistanceSum(grouped, d, self, first, stop, sum));
    for (let r = start; r < end; r++) {
      const self = position[r]!;
      for (let c = 0; c < k; c++) {
        const first = groupStart[c]!;
        const stop = groupStart[c + 1]!;
        // The point itself is left out: its group is summed in two runs around it.
        const skip = self >= first && self < stop ? self : stop;
        let sum = run(self, first, skip, 0);
        if (skip < stop) sum = run(self, skip + 1, stop, sum);
        sums[r * k + c] = sum;
      }
    }
  }

  finish(): Silhouette {
    return silhouetteFromSums(this.sums, this.measured, this.labels, this.k);
  }
}

/** sum plus the distances from grouped point `self` to grouped points first..stop-1, in order. */
export function runDistanceSum(grouped: Float64Array, d: number, self: number, first: number, stop: number, sum: number): number {
  if (d === 3) {
    const [x, y, z] = [grouped[self * 3]!, grouped[self * 3 + 1]!, grouped[self * 3 + 2]!];
    for (let q = first, o = first * 3; q < stop; q++, o += 3) {
      const dx = x - grouped[o]!;
      const dy = y - grouped[o + 1]!;
      const dz = z - grouped[o + 2]!;
      sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    return sum;
  }
  for (let q = first; q < stop; q++) {
    let dist = 0;
    for (let f = 0; f < d; f++) {
      const delta = grouped[self * d + f]! - grouped[q * d + f]!;
      dist += delta * delta;
    }
    sum += Math.sqrt(dist);
  }
  return sum;
}

/**
 * The silhouette from each measured point's summed distances to every cluster (m x k, the
 * point itself excluded): shared by the CPU loop above and the GPU kernel.
 */
export function silhouetteFromSums(sums: ArrayLike<number>, measured: Uint32Array, labels: Uint8Array, k: number): Silhouette {
  const m = measured.length;
  const sizes = new Float64Array(k);
  for (let r = 0; r < m; r++) sizes[labels[measured[r]!]!]!++;
  const values = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const own = labels[measured[r]!]!;
    if (sizes[own]! <= 1) continue; // a point alone in its cluster scores 0
    const a = sums[r * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[r * k + c]! / sizes[c]!);
    values[r] = Number.isFinite(b) ? (b - a) / Math.max(a, b) : 0;
  }
  return summarise(values, measured, labels, k);
}

/**
 * The simplified (centre-based) silhouette over all points: a = distance to the own
 * centroid, b = distance to the nearest other centroid. O(n k); an approximation of the
 * silhouette that scales to millions of customers.
 */
export function simplifiedSilhouette(points: PointMatrix, labels: Uint8Array, centroids: Float64Array, k: number): Silhouette {
  const { n, d, data } = points;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = centreSilhouette(data, i * d, d, labels[i]!, centroids, k);
  return summarise(values, identityRows(n), labels, k);
}

/** The sum of the centre-based silhouette over rows start..end-1 (the sweep's mean, in slices). */
export function centreSilhouetteSum(points: PointMatrix, labels: Uint8Array, centroids: Float64Array, k: number, start: number, end: number): number {
  const { d, data } = points;
  if (d === 3) return centreSilhouetteSum3Wasm(data, labels, centroids, k, start, end, 0) ?? centreSilhouetteSum3(data, labels, centroids, k, start, end);
  let total = 0;
  for (let i = start; i < end; i++) total += centreSilhouette(data, i * d, d, labels[i]!, centroids, k);
  return total;
}

/**
 * centreSilhouetteSum for three features, the workbench's case: the own centre's distance taken
 * apart and the others scanned around it, so the loop has no test of which centre is the own.
 */
export function centreSilhouetteSum3(data: Float32Array, labels: Uint8Array, centroids: Float64Array, k: number, start: number, end: number): number {
  let total = 0;
  for (let i = start, o = start * 3; i < end; i++, o += 3) {
    const x = data[o]!;
    const y = data[o + 1]!;
    const z = data[o + 2]!;
    const own = labels[i]!;
    let dx = x - centroids[own * 3]!;
    let dy = y - centroids[own * 3 + 1]!;
    let dz = z - centroids[own * 3 + 2]!;
    const ownSquared = dx * dx + dy * dy + dz * dz;
    let otherSquared = Infinity;
    for (let c = 0, co = 0; c < k; c++, co += 3) {
      if (c === own) continue;
      dx = x - centroids[co]!;
      dy = y - centroids[co + 1]!;
      dz = z - centroids[co + 2]!;
      const dist = dx * dx + dy * dy + dz * dz;
      if (dist < otherSquared) otherSquared = dist;
    }
    total += fromSquaredDistances(ownSquared, otherSquared);
  }
  return total;
}

/** One point's centre-based silhouette: its coordinates at data[offset..offset + d), its cluster `own`. */
function centreSilhouette(data: Float32Array, offset: number, d: number, own: number, centroids: Float64Array, k: number): number {
  let ownSquared = 0;
  let otherSquared = Infinity;
  for (let c = 0; c < k; c++) {
    let dist = 0;
    for (let f = 0; f < d; f++) {
      const delta = data[offset + f]! - centroids[c * d + f]!;
      dist += delta * delta;
    }
    if (c === own) ownSquared = dist;
    else if (dist < otherSquared) otherSquared = dist;
  }
  return fromSquaredDistances(ownSquared, otherSquared);
}

/**
 * The centre-based silhouette from the squared distances to the own and the nearest other centre:
 * square roots of the two that matter only (the root is monotonic: the same nearest other).
 */
function fromSquaredDistances(ownSquared: number, otherSquared: number): number {
  const a = Math.sqrt(ownSquared);
  const b = Math.sqrt(otherSquared);
  const top = Math.max(a, b);
  return Number.isFinite(b) && top > 0 ? (b - a) / top : 0;
}

function identityRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function summarise(values: Float64Array, rows: Uint32Array, labels: Uint8Array, k: number): Silhouette {
  const perSum = new Float64Array(k);
  const perCount = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    total += v;
    const c = labels[rows[r]!]!;
    perSum[c]! += v;
    perCount[c]!++;
  }
  const perCluster = perSum.map((s, c) => (perCount[c]! > 0 ? s / perCount[c]! : Number.NaN));
  return { mean: values.length > 0 ? total / values.length : Number.NaN, perCluster, values, rows };
}
