/**
 * A kd-tree over points already in Morton order, stored as one flat Float64Array with a record
 * per node (no object per node): everything a visit reads sits on one or two cache lines, which
 * matters more than arithmetic here. Nodes are numbered in preorder: a node's left child is the
 * next node, its right child is stored (-1 for a leaf). Each node covers the points [first, end)
 * of the order and keeps what the filtering pass needs to assign it whole: a tight box, the
 * coordinate sums, and the spread (sum of squared distances to its own mean), from which the
 * inertia to any centre follows.
 */
export interface KdTree {
  /** The points in tree order (row-major m x d). */
  readonly data: Float32Array;
  readonly m: number;
  readonly d: number;
  readonly nodes: number;
  /** nodes x stride(d) numbers: see the offsets below. */
  readonly record: Float64Array;
  /** The deepest node's depth (the root is 0): sizes the pass's candidate lists and stack. */
  readonly depth: number;
}

/** A node record: lo[d], hi[d], sum[d], spread, first, end, right. */
export const recordStride = (d: number) => 3 * d + 4;
export const LO = 0;
export const hiAt = (d: number) => d;
export const sumAt = (d: number) => 2 * d;
export const spreadAt = (d: number) => 3 * d;
export const firstAt = (d: number) => 3 * d + 1;
export const endAt = (d: number) => 3 * d + 2;
export const rightAt = (d: number) => 3 * d + 3;

/**
 * Points per leaf at most: enough to amortise a node's test, few enough to prune finely. With the
 * branch-free scan a point costs far less than a node's test: 64 took 18% less time per pass
 * than 32 at k = 8 to 10 on 1 M customers (k = 16 and 32: 25% less), 128 little more.
 */
export const LEAF_POINTS = 64;

/**
 * Build the tree of `m` points (row-major, in Morton order) whose sorted codes are `codes`.
 * A node splits where its codes' highest differing bit flips (a cut through the middle of its
 * cell along one feature), and by count where all codes are equal (duplicates, or a cell finer
 * than the code resolves).
 */
export function buildKdTree(data: Float32Array, codes: Uint32Array, m: number, d: number): KdTree {
  const stride = recordStride(d);
  const [HI, SUM, SPREAD, FIRST, END, RIGHT] = [hiAt(d), sumAt(d), spreadAt(d), firstAt(d), endAt(d), rightAt(d)];
  let capacity = Math.max(1, Math.ceil((4 * m) / LEAF_POINTS));
  let record = new Float64Array(capacity * stride);
  let nodes = 0;
  let depth = 0;
  const mean = new Float64Array(d);

  function leaf(at: number, start: number, stop: number): void {
    const count = stop - start;
    for (let f = 0; f < d; f++) {
      let low = Infinity;
      let high = -Infinity;
      let total = 0;
      for (let o = start * d + f; o < stop * d; o += d) {
        const x = data[o]!;
        if (x < low) low = x;
        if (x > high) high = x;
        total += x;
      }
      record[at + LO + f] = low;
      record[at + HI + f] = high;
      record[at + SUM + f] = total;
      mean[f] = total / count;
    }
    let squares = 0;
    for (let o = start * d; o < stop * d; o += d) {
      for (let f = 0; f < d; f++) squares += (data[o + f]! - mean[f]!) ** 2;
    }
    record[at + SPREAD] = squares;
  }

  /** Children's statistics into their parent's: box union, sums, and the pooled spread. */
  function merge(at: number, left: number, right: number): void {
    const nl = record[left + END]! - record[left + FIRST]!;
    const nr = record[right + END]! - record[right + FIRST]!;
    let between = 0;
    for (let f = 0; f < d; f++) {
      record[at + LO + f] = Math.min(record[left + LO + f]!, record[right + LO + f]!);
      record[at + HI + f] = Math.max(record[left + HI + f]!, record[right + HI + f]!);
      const sl = record[left + SUM + f]!;
      const sr = record[right + SUM + f]!;
      record[at + SUM + f] = sl + sr;
      between += (sl / nl - sr / nr) ** 2;
    }
    record[at + SPREAD] = record[left + SPREAD]! + record[right + SPREAD]! + ((nl * nr) / (nl + nr)) * between;
  }

  function build(start: number, stop: number, level: number): number {
    if (nodes === capacity) {
      capacity *= 2;
      const bigger = new Float64Array(capacity * stride);
      bigger.set(record);
      record = bigger;
    }
    const node = nodes++;
    const at = node * stride;
    record[at + FIRST] = start;
    record[at + END] = stop;
    if (level > depth) depth = level;
    if (stop - start <= LEAF_POINTS) {
      record[at + RIGHT] = -1;
      leaf(at, start, stop);
      return node;
    }
    const low = codes[start]!;
    const high = codes[stop - 1]!;
    let split: number;
    if (low === high) split = (start + stop) >>> 1;
    else {
      // Codes are sorted and share every bit above the highest differing one: find where it turns 1.
      const bit = 1 << (31 - Math.clz32(low ^ high));
      let a = start;
      let b = stop - 1;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (codes[mid]! & bit) b = mid;
        else a = mid + 1;
      }
      split = a;
    }
    const left = build(start, split, level + 1);
    const right = build(split, stop, level + 1);
    record[at + RIGHT] = right;
    merge(at, left * stride, right * stride);
    return node;
  }

  build(0, m, 0);
  return { data, m, d, nodes, depth, record: record.slice(0, nodes * stride) };
}
