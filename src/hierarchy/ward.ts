import type { PointMatrix } from '../kmeans/types.ts';

/**
 * Ward's agglomerative clustering, exact, in memory linear in the customers: the nearest-neighbour
 * chain over clusters kept as centroids and sizes (Ward's merge cost needs nothing else:
 * d(A, B) = sqrt(2 |A| |B| / (|A| + |B|)) * |c(A) - c(B)|, the height SciPy's `linkage(X, 'ward')`
 * reports). Each nearest-neighbour search scans the active clusters, so the time is quadratic
 * and the memory a centroid per cluster, where a distance matrix would need n^2 / 2 numbers.
 */

/** The merges in SciPy's linkage-matrix form, sorted by height: row i joins `left[i]` and `right[i]` (ids below n are customers, n + j the cluster row j made) at `height[i]` into a cluster of `size[i]`. */
export interface Linkage {
  readonly n: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly height: Float64Array;
  readonly size: Int32Array;
}

/** Ward's linkage of the points (already scaled as the caller wants them). */
export function wardLinkage(points: PointMatrix): Linkage {
  const { n, d, data } = points;
  if (n < 2) return { n, left: new Int32Array(0), right: new Int32Array(0), height: new Float64Array(0), size: new Int32Array(0) };
  // Cluster slots: slot i starts as customer i; a merge keeps the new cluster in the higher slot of the two.
  const centre = Float64Array.from(data);
  const size = new Float64Array(n).fill(1);
  // The active slots in a dense list (swap-removed), so a scan touches only live clusters.
  const live = Int32Array.from({ length: n }, (_, i) => i);
  const position = Int32Array.from({ length: n }, (_, i) => i);
  let liveCount = n;

  // Ward's cost squared (the order is the same; the root is taken once per merge).
  const cost = (a: number, b: number): number => {
    let sum = 0;
    for (let f = 0; f < d; f++) {
      const diff = centre[a * d + f]! - centre[b * d + f]!;
      sum += diff * diff;
    }
    const na = size[a]!;
    const nb = size[b]!;
    return (2 * na * nb / (na + nb)) * sum;
  };

  // Unsorted merges, as the chain finds them: slots and height.
  const mergeA = new Int32Array(n - 1);
  const mergeB = new Int32Array(n - 1);
  const mergeH = new Float64Array(n - 1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  for (let m = 0; m < n - 1; m++) {
    if (chainLength === 0) chain[chainLength++] = live[0]!;
    let a: number;
    let b: number;
    let best: number;
    for (;;) {
      a = chain[chainLength - 1]!;
      // Ties prefer the cluster before `a` in the chain (the chain then closes), then the lowest slot.
      const previous = chainLength > 1 ? chain[chainLength - 2]! : -1;
      b = previous;
      best = previous >= 0 ? cost(a, previous) : Infinity;
      for (let p = 0; p < liveCount; p++) {
        const c = live[p]!;
        if (c === a) continue;
        const candidate = cost(a, c);
        if (candidate < best || (candidate === best && c < b && c !== previous)) {
          best = candidate;
          b = c;
        }
      }
      if (b === previous) break;
      chain[chainLength++] = b;
    }
    chainLength -= 2;
    // Merge: the new cluster lives in the higher slot; the lower retires.
    const [low, high] = a < b ? [a, b] : [b, a];
    mergeA[m] = low;
    mergeB[m] = high;
    mergeH[m] = Math.sqrt(best);
    const total = size[low]! + size[high]!;
    for (let f = 0; f < d; f++) centre[high * d + f] = (size[low]! * centre[low * d + f]! + size[high]! * centre[high * d + f]!) / total;
    size[high] = total;
    const at = position[low]!;
    const last = live[--liveCount]!;
    live[at] = last;
    position[last] = at;
  }
  return labelMerges(n, mergeA, mergeB, mergeH);
}

/**
 * The chain's merges as SciPy numbers them: sorted by height (stable: ties keep the order they were
 * found in), each side named by the cluster it belongs to then (a customer, or n + the row that
 * made it), the smaller id on the left.
 */
export function labelMerges(n: number, slotA: Int32Array, slotB: Int32Array, height: Float64Array): Linkage {
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((x, y) => height[x]! - height[y]! || x - y);
  // Union-find over customers and the clusters made: each root is the id of the cluster it stands for.
  const { parent, find } = clusterIds(n);
  // A slot's cluster is found through any customer in it: the slot itself is one (slots are customers' indices).
  const left = new Int32Array(n - 1);
  const right = new Int32Array(n - 1);
  const sorted = new Float64Array(n - 1);
  const sizes = new Int32Array(n - 1);
  const clusterSize = new Int32Array(2 * n - 1).fill(1);
  order.forEach((m, row) => {
    const x = find(slotA[m]!);
    const y = find(slotB[m]!);
    left[row] = Math.min(x, y);
    right[row] = Math.max(x, y);
    sorted[row] = height[m]!;
    const made = n + row;
    parent[x] = made;
    parent[y] = made;
    clusterSize[made] = clusterSize[x]! + clusterSize[y]!;
    sizes[row] = clusterSize[made]!;
  });
  return { n, left, right, height: sorted, size: sizes };
}

/**
 * The k clusters left when the n - k lowest merges are made (the tree cut for k), numbered by
 * their lowest customer: cluster 0 holds customer 0.
 */
export function cutLinkage(linkage: Linkage, k: number): Uint8Array | Int32Array {
  const { n } = linkage;
  if (k < 1 || k > n) throw new RangeError(`k = ${k}: a tree of ${n} customers cuts into 1 to ${n} clusters`);
  const { parent, find } = clusterIds(n);
  for (let row = 0; row < n - k; row++) {
    parent[find(linkage.left[row]!)] = n + row;
    parent[find(linkage.right[row]!)] = n + row;
  }
  const labels = k <= 256 ? new Uint8Array(n) : new Int32Array(n);
  const numberOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let label = numberOf.get(root);
    if (label === undefined) {
      label = numberOf.size;
      numberOf.set(root, label);
    }
    labels[i] = label;
  }
  return labels;
}

/** Union-find over the 2n - 1 ids of a linkage (customers, then the clusters its rows make), with path halving. */
function clusterIds(n: number) {
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  return { parent, find };
}
