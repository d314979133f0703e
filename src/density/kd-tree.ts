/**
 * A small kd-tree over a row-major float32 matrix, for exact Euclidean neighbour queries.
 * Distances are float64: each coordinate is widened before subtracting and the squares are
 * summed in dimension order, so they equal scikit-learn's and R's on the same float32 data.
 */
import type { PointMatrix } from '../kmeans/types.ts';
import { runSteps, stepDue, type Steps } from './steps.ts';

/** Points per leaf: small enough to prune well, large enough to keep the tree shallow. */
const LEAF_SIZE = 24;

export interface KdTree {
  readonly points: PointMatrix;
  /** Point indices in tree order: node i covers index[start[i]..end[i]). */
  readonly index: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Children of node i (-1 for a leaf); the root is node 0. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bounding box of node i: lo/hi[i * d + f]. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly nodes: number;
}

/** Squared Euclidean distance between rows a and b, in float64. */
export function squaredDistance(data: Float32Array, d: number, a: number, b: number): number {
  let sum = 0;
  const oa = a * d;
  const ob = b * d;
  for (let f = 0; f < d; f++) {
    const diff = data[oa + f]! - data[ob + f]!;
    sum += diff * diff;
  }
  return sum;
}

/** Squared distance from row p to node's box (0 inside). */
export function boxDistance(tree: KdTree, node: number, p: number): number {
  const { data, d } = tree.points;
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const x = data[p * d + f]!;
    const lo = tree.lo[node * d + f]!;
    const hi = tree.hi[node * d + f]!;
    const diff = x < lo ? lo - x : x > hi ? x - hi : 0;
    sum += diff * diff;
  }
  return sum;
}

/** Build the tree: split each node at the median of its widest dimension. */
export function buildKdTree(points: PointMatrix): KdTree {
  const { n, d, data } = points;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  // A binary tree with leaves of at least LEAF_SIZE / 2 points has fewer than 4n / LEAF_SIZE + 1 nodes.
  const capacity = Math.max(1, 2 * Math.ceil((2 * n) / LEAF_SIZE) + 1);
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const lo = new Float64Array(capacity * d);
  const hi = new Float64Array(capacity * d);
  let nodes = 0;
  // Explicit stack: deep recursion is not safe for 10^6 points in a browser worker.
  const stack: number[] = [];
  const make = (s: number, e: number): number => {
    const node = nodes++;
    start[node] = s;
    end[node] = e;
    for (let f = 0; f < d; f++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = s; i < e; i++) {
        const v = data[index[i]! * d + f]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      lo[node * d + f] = min;
      hi[node * d + f] = max;
    }
    stack.push(node);
    return node;
  };
  if (n > 0) make(0, n);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const s = start[node]!;
    const e = end[node]!;
    if (e - s <= LEAF_SIZE) continue;
    let dim = 0;
    let widest = -1;
    for (let f = 0; f < d; f++) {
      const w = hi[node * d + f]! - lo[node * d + f]!;
      if (w > widest) {
        widest = w;
        dim = f;
      }
    }
    if (widest <= 0) continue; // all points equal: a leaf, however many
    const mid = (s + e) >> 1;
    select(index, data, d, dim, s, e - 1, mid);
    left[node] = make(s, mid);
    right[node] = make(mid, e);
  }
  return { points, index, start, end, left, right, lo, hi, nodes };
}

/** Quickselect: index[k] gets the point whose coordinate `dim` ranks k within [l, r]. */
function select(index: Int32Array, data: Float32Array, d: number, dim: number, l: number, r: number, k: number): void {
  while (r > l) {
    const pivot = data[index[(l + r) >> 1]! * d + dim]!;
    let i = l;
    let j = r;
    while (i <= j) {
      while (data[index[i]! * d + dim]! < pivot) i++;
      while (data[index[j]! * d + dim]! > pivot) j--;
      if (i <= j) {
        const t = index[i]!;
        index[i] = index[j]!;
        index[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

/**
 * Distance from every point (or each of `queries`, by index) to its k-th nearest neighbour,
 * counting the point itself as the first (k = 1 gives 0): scikit-learn's core distance for min_samples = k, and R's
 * kNNdist(x, k - 1). The DBSCAN k-distance curve is the same query.
 */
export function kNearestDistances(tree: KdTree, k: number, queries?: Uint32Array): Float64Array {
  return runSteps(kNearestDistancesSteps(tree, k, queries));
}

/** kNearestDistances in steps (steps.ts). */
export function* kNearestDistancesSteps(tree: KdTree, k: number, queries?: Uint32Array): Steps<Float64Array> {
  const { n } = tree.points;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`k ${k} must be an integer from 1 to the ${n} points`);
  const out = new Float64Array(queries ? queries.length : n);
  // A max-heap of the k best squared distances so far, reused for every query.
  const heap = new Float64Array(k);
  const depth = 64 + 2 * Math.ceil(Math.log2(tree.nodes + 1)) * 2;
  const nodeStack = new Int32Array(depth);
  // Each stacked node's box distance, worked out when it was pushed.
  const boxStack = new Float64Array(depth);
  const { data, d } = tree.points;
  const { left, right, start, end, index } = tree;
  for (let q = 0; q < out.length; q++) {
    if (stepDue(q, 1024)) yield q / out.length;
    // Every point's query in tree order: neighbouring queries walk the same nodes, in cache.
    const p = queries ? queries[q]! : index[q]!;
    let size = 0;
    let sp = 0;
    nodeStack[sp] = 0;
    boxStack[sp++] = 0;
    while (sp > 0) {
      const node = nodeStack[--sp]!;
      if (size === k && boxStack[sp]! > heap[0]!) continue;
      const l = left[node]!;
      if (l < 0) {
        for (let i = start[node]!; i < end[node]!; i++) {
          const dist = squaredDistance(data, d, p, index[i]!);
          if (size < k) size = heapPush(heap, size, dist);
          else if (dist < heap[0]!) heapReplaceTop(heap, k, dist);
        }
        continue;
      }
      const r = right[node]!;
      const toLeft = boxDistance(tree, l, p);
      const toRight = boxDistance(tree, r, p);
      // Nearer child last, so it is searched first.
      const nearLeft = toLeft < toRight;
      nodeStack[sp] = nearLeft ? r : l;
      boxStack[sp++] = nearLeft ? toRight : toLeft;
      nodeStack[sp] = nearLeft ? l : r;
      boxStack[sp++] = nearLeft ? toLeft : toRight;
    }
    out[queries ? q : p] = Math.sqrt(heap[0]!);
  }
  return out;
}

function heapPush(heap: Float64Array, size: number, value: number): number {
  let i = size;
  heap[i] = value;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! >= heap[i]!) break;
    const t = heap[parent]!;
    heap[parent] = heap[i]!;
    heap[i] = t;
    i = parent;
  }
  return size + 1;
}

function heapReplaceTop(heap: Float64Array, size: number, value: number): void {
  heap[0] = value;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let big = i;
    if (l < size && heap[l]! > heap[big]!) big = l;
    if (r < size && heap[r]! > heap[big]!) big = r;
    if (big === i) return;
    const t = heap[big]!;
    heap[big] = heap[i]!;
    heap[i] = t;
    i = big;
  }
}
