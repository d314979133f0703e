import { endAt, firstAt, type KdTree } from './tree.ts';

/** A node's tag: a cluster number when every point under it has that label, or one of these. */
export const UNSET = -1; // never assigned: every point counts as changed
export const MIXED = -2; // the children (or, in a leaf, the labels) say

/** Where a three-feature node record keeps its first point and its end. */
const FIRST3 = firstAt(3);
const END3 = endAt(3);

/** The running totals of one pass: whole nodes and scanned leaves add to the same two numbers. */
export class PassTotals {
  inertia = 0;
  changed = 0;
}

// A difference is written here and its sign read from the high word: a comparison without a branch.
const signWord = new Float64Array(1);
const signBits = new Int32Array(signWord.buffer);

/** 1 when a < b, else 0, branch-free (a - b is +0, never -0, when they are equal). */
function lessThan(a: number, b: number): number {
  signWord[0] = a - b;
  return signBits[1]! >>> 31;
}

/** 1 when two labels (0 to 255) differ, else 0, branch-free. */
function differs(label: number, previous: number): number {
  return ((label ^ previous) + 255) >>> 8;
}

/**
 * The leaves of one tree that keep several candidates after the filtering pass's pruning,
 * scanned point by point with the full scan's distance expression, candidates in index order
 * and strict `<`, so ties go to the lowest cluster index as everywhere else. Each point's label
 * is kept in `labels`; a leaf whose points all share a label is tagged with it.
 */
export class LeafScanner {
  /** The labels of the last pass, in tree order (where a tag above a point says otherwise, the tag holds). */
  readonly labels: Uint8Array;
  /** The candidates' centres side by side, for a three-feature leaf's scan. */
  private readonly leafCentres: Float64Array;
  /** This pass's centroids (k x d). */
  centres: Float64Array;

  constructor(
    private readonly tree: KdTree,
    k: number,
    private readonly tags: Int16Array,
    private readonly candidates: Int32Array,
    private readonly sums: Float64Array,
    private readonly counts: Float64Array,
    private readonly totals: PassTotals,
  ) {
    this.labels = new Uint8Array(tree.m);
    this.leafCentres = new Float64Array(k * tree.d);
    this.centres = new Float64Array(k * tree.d);
  }

  /** The bytes of the scanner's own arrays (the labels: one a point). */
  get byteLength(): number {
    return this.labels.byteLength + this.leafCentres.byteLength;
  }

  /** Scan leaf `node` (its record at `box`) against the m candidates listed at `at`. */
  scan(node: number, box: number, at: number, m: number): void {
    if (this.tree.d === 3) {
      this.scan3(node, box, at, m);
      return;
    }
    const { data, record, d } = this.tree;
    const { candidates, tags, sums, counts } = this;
    const labels = this.labels;
    const c = this.centres;
    const tag = tags[node]!;
    const start = record[box + firstAt(d)]! | 0;
    const stop = record[box + endAt(d)]! | 0;
    let common = -1;
    let inertia = 0;
    let changed = 0;
    for (let i = start, o = i * d; i < stop; i++, o += d) {
      let best = Infinity;
      let label = 0;
      for (let q = at; q < at + m; q++) {
        const j = candidates[q]!;
        let dist = 0;
        for (let f = 0, co = j * d; f < d; f++, co++) {
          const delta = data[o + f]! - c[co]!;
          dist += delta * delta;
        }
        if (dist < best) {
          best = dist;
          label = j;
        }
      }
      const previous = tag === MIXED ? labels[i]! : tag;
      if (label !== previous) changed++;
      labels[i] = label;
      common = i === start || common === label ? label : MIXED;
      counts[label]!++;
      for (let f = 0; f < d; f++) sums[label * d + f]! += data[o + f]!;
      inertia += best;
    }
    tags[node] = common;
    this.totals.inertia += inertia;
    this.totals.changed += changed;
  }

  /**
   * scan for three features, the workbench's case: the candidates' centres copied side by side
   * first, so the inner loop reads one small array. Branch-free: a boundary leaf's points fall on
   * either side at random, and a mispredicted branch per point cost more than the arithmetic.
   */
  private scan3(node: number, box: number, at: number, m: number): void {
    if (m === 2) {
      this.scanPair3(node, box, at);
      return;
    }
    const { data, record } = this.tree;
    const { candidates, tags, sums, counts, leafCentres } = this;
    const labels = this.labels;
    const c = this.centres;
    for (let q = 0; q < m; q++) {
      const co = candidates[at + q]! * 3;
      leafCentres[q * 3] = c[co]!;
      leafCentres[q * 3 + 1] = c[co + 1]!;
      leafCentres[q * 3 + 2] = c[co + 2]!;
    }
    const tag = tags[node]!;
    const mixedBefore = tag === MIXED;
    const start = record[box + FIRST3]! | 0;
    const stop = record[box + END3]! | 0;
    let any = 0;
    let all = 255;
    let inertia = 0;
    let changed = 0;
    for (let i = start, o = start * 3; i < stop; i++, o += 3) {
      const x = data[o]!;
      const y = data[o + 1]!;
      const z = data[o + 2]!;
      let dx = x - leafCentres[0]!;
      let dy = y - leafCentres[1]!;
      let dz = z - leafCentres[2]!;
      let best = dx * dx + dy * dy + dz * dz;
      let bestQ = 0;
      for (let q = 1, co = 3; q < m; q++, co += 3) {
        dx = x - leafCentres[co]!;
        dy = y - leafCentres[co + 1]!;
        dz = z - leafCentres[co + 2]!;
        const dist = dx * dx + dy * dy + dz * dz;
        const nearer = lessThan(dist, best);
        best = dist * nearer + best * (1 - nearer);
        bestQ += (q - bestQ) & -nearer;
      }
      const label = candidates[at + bestQ]!;
      const previous = mixedBefore ? labels[i]! : tag;
      changed += differs(label, previous);
      labels[i] = label;
      any |= label;
      all &= label;
      counts[label]!++;
      const so = label * 3;
      sums[so]! += x;
      sums[so + 1]! += y;
      sums[so + 2]! += z;
      inertia += best;
    }
    tags[node] = any === all ? any : MIXED;
    this.totals.inertia += inertia;
    this.totals.changed += tag === UNSET ? stop - start : changed;
  }

  /** scan3 for two candidates, the common case: each candidate's sums kept in registers. */
  private scanPair3(node: number, box: number, at: number): void {
    const { data, record } = this.tree;
    const { candidates, tags, sums, counts } = this;
    const labels = this.labels;
    const c = this.centres;
    const first = candidates[at]!;
    const second = candidates[at + 1]!;
    const ax = c[first * 3]!;
    const ay = c[first * 3 + 1]!;
    const az = c[first * 3 + 2]!;
    const bx = c[second * 3]!;
    const by = c[second * 3 + 1]!;
    const bz = c[second * 3 + 2]!;
    const tag = tags[node]!;
    const mixedBefore = tag === MIXED;
    const start = record[box + FIRST3]! | 0;
    const stop = record[box + END3]! | 0;
    let inSecond = 0;
    let ax0 = 0, ay0 = 0, az0 = 0, bx0 = 0, by0 = 0, bz0 = 0;
    let inertia = 0;
    let changed = 0;
    const step = second - first;
    for (let i = start, o = start * 3; i < stop; i++, o += 3) {
      const x = data[o]!;
      const y = data[o + 1]!;
      const z = data[o + 2]!;
      let dx = x - ax;
      let dy = y - ay;
      let dz = z - az;
      const toFirst = dx * dx + dy * dy + dz * dz;
      dx = x - bx;
      dy = y - by;
      dz = z - bz;
      const toSecond = dx * dx + dy * dy + dz * dz;
      const nearer = lessThan(toSecond, toFirst);
      const other = 1 - nearer;
      const label = first + (step & -nearer);
      const previous = mixedBefore ? labels[i]! : tag;
      changed += differs(label, previous);
      labels[i] = label;
      inSecond += nearer;
      ax0 += x * other;
      ay0 += y * other;
      az0 += z * other;
      bx0 += x * nearer;
      by0 += y * nearer;
      bz0 += z * nearer;
      inertia += toSecond * nearer + toFirst * other;
    }
    const count = stop - start;
    counts[first]! += count - inSecond;
    counts[second]! += inSecond;
    sums[first * 3]! += ax0;
    sums[first * 3 + 1]! += ay0;
    sums[first * 3 + 2]! += az0;
    sums[second * 3]! += bx0;
    sums[second * 3 + 1]! += by0;
    sums[second * 3 + 2]! += bz0;
    tags[node] = inSecond === 0 ? first : inSecond === count ? second : MIXED;
    this.totals.inertia += inertia;
    this.totals.changed += tag === UNSET ? count : changed;
  }
}
