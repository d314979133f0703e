import { LeafScanner, MIXED, PassTotals, UNSET } from './leaf-scan.ts';
import { endAt, firstAt, hiAt, LO, recordStride, rightAt, spreadAt, sumAt, type KdTree } from './tree.ts';

/**
 * A centre is dropped from a node only when it loses to another at every point of the node's box
 * by more than this share of the distances involved: far above float64 rounding, so a point
 * scanned against the survivors gets the label a full scan gives it.
 */
const PRUNE_MARGIN = 1e-9;

export interface FilterPassResult {
  /** Per-cluster coordinate sums and counts of this pass (k x d, k). */
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly inertia: number;
  readonly changed: number;
}

/**
 * Kanungo et al.'s filtering algorithm over one kd-tree: exact Lloyd assignments. Each node is
 * visited with the centres that may own some of its points; a centre farther than another from
 * every corner of the node's box is dropped, and a node left with one centre is assigned whole
 * from its stored sums. Leaves with several candidates are scanned point by point
 * (leaf-scan.ts), with a full scan's labels.
 *
 * Labels are kept lazily: a node whose points all share a label is tagged with it and the labels
 * below it may be stale; `changed` comes from the tags, so an unchanged partition costs no pass
 * over the points.
 *
 * A class, not closures: every tree's pass then shares one optimised copy of each method.
 */
export class FilterPass {
  private readonly tree: KdTree;
  private readonly k: number;
  private readonly tags: Int16Array;
  /** One candidate list per depth, each up to k long. */
  private readonly candidates: Int32Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly midpoint: Float64Array;
  /** Pending visits, three numbers each: at most two per level plus the revisits. */
  private readonly stack: Int32Array;
  /** visitPair's pending nodes (a revisit as ~node): at most two per level. */
  private readonly pairStack: Int32Array;
  /** The pair's plane: its normal, and per feature whether the normal points toward the box's high side. */
  private readonly normal: Float64Array;
  private readonly towardHigh: Uint8Array;
  private centres: Float64Array;
  private readonly totals = new PassTotals();
  /** Leaves left with several candidates, scanned point by point; it keeps the points' labels. */
  private readonly leaves: LeafScanner;

  constructor(tree: KdTree, k: number) {
    this.tree = tree;
    this.k = k;
    this.tags = new Int16Array(tree.nodes).fill(UNSET);
    this.candidates = new Int32Array((tree.depth + 2) * k);
    this.sums = new Float64Array(k * tree.d);
    this.counts = new Float64Array(k);
    this.midpoint = new Float64Array(tree.d);
    this.stack = new Int32Array(9 * (tree.depth + 2));
    this.pairStack = new Int32Array(3 * (tree.depth + 2));
    this.normal = new Float64Array(tree.d);
    this.towardHigh = new Uint8Array(tree.d);
    this.centres = new Float64Array(k * tree.d);
    this.leaves = new LeafScanner(tree, k, this.tags, this.candidates, this.sums, this.counts, this.totals);
  }

  /** One assignment pass against `centroids` (k x d); sums and counts are this pass's own. */
  run(centroids: Float64Array): FilterPassResult {
    this.centres = centroids;
    this.leaves.centres = centroids;
    this.sums.fill(0);
    this.counts.fill(0);
    this.totals.inertia = 0;
    this.totals.changed = 0;
    for (let j = 0; j < this.k; j++) this.candidates[j] = j;
    if (this.tree.m > 0) this.visit(0, 0, this.k);
    return { sums: this.sums, counts: this.counts, inertia: this.totals.inertia, changed: this.totals.changed };
  }

  /** The bytes this pass's own arrays hold (the labels and tags grow with the points), for the memory count. */
  get byteLength(): number {
    const arrays = [this.tags, this.candidates, this.sums, this.counts, this.midpoint, this.stack, this.pairStack, this.normal, this.towardHigh];
    return arrays.reduce((sum, array) => sum + array.byteLength, this.leaves.byteLength);
  }

  /** The labels of the last pass, in tree order. */
  labels(): Uint8Array {
    const { record, d } = this.tree;
    const stride = recordStride(d);
    const out = new Uint8Array(this.tree.m);
    const fill = (node: number): void => {
      const at = node * stride;
      const tag = this.tags[node]!;
      const [start, stop, right] = [record[at + firstAt(d)]! | 0, record[at + endAt(d)]! | 0, record[at + rightAt(d)]! | 0];
      if (tag >= 0) out.fill(tag, start, stop);
      else if (right < 0) out.set(this.leaves.labels.subarray(start, stop), start);
      else {
        fill(node + 1);
        fill(right);
      }
    };
    if (this.tree.m > 0) fill(0);
    return out;
  }

  /**
   * Depth first with an explicit stack (a recursive method deoptimises in V8 here). An entry is a
   * node and where its candidate list starts; a node whose children are done is revisited once,
   * flagged by a negative length, to take its tag from theirs.
   */
  private visit(root: number, rootAt: number, rootM: number): void {
    const { candidates, midpoint, stack } = this;
    const { record, d } = this.tree;
    const stride = recordStride(d);
    const HI = hiAt(d);
    const RIGHT = rightAt(d);
    const c = this.centres;
    let top = 0;
    stack[top++] = root;
    stack[top++] = rootAt;
    stack[top++] = rootM;
    while (top > 0) {
      const m = stack[--top]!;
      const at = stack[--top]!;
      const node = stack[--top]!;
      const box = node * stride;
      const rightChild = record[box + RIGHT]! | 0;
      if (m < 0) {
        this.tagFromChildren(node, rightChild);
        continue;
      }
      if (m === 1) {
        this.assignWhole(node, box, candidates[at]!);
        continue;
      }
      // The candidate nearest the box's middle is the one the others must lose to.
      for (let f = 0; f < d; f++) midpoint[f] = 0.5 * (record[box + LO + f]! + record[box + HI + f]!);
      let winner = -1;
      let winnerDist = Infinity;
      for (let q = at; q < at + m; q++) {
        const j = candidates[q]!;
        let dist = 0;
        for (let f = 0; f < d; f++) {
          const delta = midpoint[f]! - c[j * d + f]!;
          dist += delta * delta;
        }
        if (dist < winnerDist) {
          winnerDist = dist;
          winner = j;
        }
      }
      const next = at + m;
      let kept = 0;
      for (let q = at; q < at + m; q++) {
        const j = candidates[q]!;
        if (j !== winner && this.losesEverywhere(box, j * d, winner * d)) continue;
        candidates[next + kept++] = j;
      }
      if (kept === 1) {
        this.assignWhole(node, box, winner);
        continue;
      }
      if (rightChild < 0) {
        this.leaves.scan(node, box, next, kept);
        continue;
      }
      if (kept === 2) {
        this.visitPair(node, next);
        continue;
      }
      this.handTagDown(node, rightChild);
      // Both children read the list at `next`; the left's subtree writes only deeper lists.
      stack[top++] = node;
      stack[top++] = next;
      stack[top++] = -1;
      stack[top++] = rightChild;
      stack[top++] = next;
      stack[top++] = kept;
      stack[top++] = node + 1;
      stack[top++] = next;
      stack[top++] = kept;
    }
  }

  /**
   * The subtree under `root` with two candidates left (listed at `at`, in index order): the most
   * common case. The pair's bisecting plane is fixed for the whole subtree, so a node is tested
   * by its box's two extreme corners along the plane's normal: wholly on the first centre's side,
   * wholly on the second's (each by a clear margin, as losesEverywhere), or split.
   */
  private visitPair(root: number, at: number): void {
    const { pairStack } = this;
    const { record, d } = this.tree;
    const stride = recordStride(d);
    const HI = hiAt(d);
    const RIGHT = rightAt(d);
    const c = this.centres;
    const first = this.candidates[at]!;
    const second = this.candidates[at + 1]!;
    const { normal, towardHigh } = this;
    // Past the plane (nearer the second centre) where x . normal > offset.
    let offset = 0;
    let norms = 0;
    for (let f = 0; f < d; f++) {
      const a = c[first * d + f]!;
      const b = c[second * d + f]!;
      normal[f] = b - a;
      towardHigh[f] = b > a ? 1 : 0;
      offset += b * b - a * a;
      norms += a * a + b * b;
    }
    offset *= 0.5;
    // The margin's scale: a bound on every term of the plane test and of the two distances over
    // the root's box (every box below lies inside it).
    const rootBox = root * stride;
    let scale = norms;
    for (let f = 0; f < d; f++) {
      const low = record[rootBox + LO + f]!;
      const high = record[rootBox + HI + f]!;
      const a = c[first * d + f]!;
      const b = c[second * d + f]!;
      scale += Math.max(Math.abs(low), Math.abs(high)) * Math.abs(normal[f]!) +
        Math.max((low - a) ** 2, (high - a) ** 2) + Math.max((low - b) ** 2, (high - b) ** 2);
    }
    const band = PRUNE_MARGIN * scale;
    let top = 0;
    pairStack[top++] = root;
    while (top > 0) {
      const entry = pairStack[--top]!;
      if (entry < 0) {
        const node = ~entry;
        this.tagFromChildren(node, record[node * stride + RIGHT]! | 0);
        continue;
      }
      const node = entry;
      const box = node * stride;
      let highest = -offset;
      let lowest = -offset;
      for (let f = 0; f < d; f++) {
        const up = record[box + HI + f]!;
        const down = record[box + LO + f]!;
        const toward = towardHigh[f]!;
        highest += normal[f]! * (toward ? up : down);
        lowest += normal[f]! * (toward ? down : up);
      }
      if (highest < -band) {
        this.assignWhole(node, box, first);
        continue;
      }
      if (lowest > band) {
        this.assignWhole(node, box, second);
        continue;
      }
      const rightChild = record[box + RIGHT]! | 0;
      if (rightChild < 0) {
        this.leaves.scan(node, box, at, 2);
        continue;
      }
      this.handTagDown(node, rightChild);
      pairStack[top++] = ~node;
      pairStack[top++] = rightChild;
      pairStack[top++] = node + 1;
    }
  }

  /** A node whose children are done: one label when both have the same one, else MIXED. */
  private tagFromChildren(node: number, rightChild: number): void {
    const left = this.tags[node + 1]!;
    this.tags[node] = left >= 0 && left === this.tags[rightChild] ? left : MIXED;
  }

  /** Before a whole-tagged node's children change: their tags were stale under it, hand it down. */
  private handTagDown(node: number, rightChild: number): void {
    const tag = this.tags[node]!;
    if (tag === MIXED) return;
    this.tags[node + 1] = tag;
    this.tags[rightChild] = tag;
  }

  /**
   * Whether centre z is farther than centre w from every point of the box, by a clear margin.
   * |x - z|² - |x - w|² is linear in x; its minimum over the box is at the corner that leans
   * toward z along each feature.
   */
  private losesEverywhere(box: number, z: number, w: number): boolean {
    const { record, d } = this.tree;
    const HI = hiAt(d);
    const c = this.centres;
    let gap = 0;
    for (let f = 0; f < d; f++) {
      const zf = c[z + f]!;
      const wf = c[w + f]!;
      gap += (wf - zf) * (2 * (wf > zf ? record[box + LO + f]! : record[box + HI + f]!) - zf - wf);
    }
    // Most candidates that stay are nearer somewhere in the box: no margin to weigh.
    if (gap <= 0) return false;
    let scale = 0;
    for (let f = 0; f < d; f++) {
      const low = record[box + LO + f]!;
      const high = record[box + HI + f]!;
      const zl = low - c[z + f]!;
      const zh = high - c[z + f]!;
      const wl = low - c[w + f]!;
      const wh = high - c[w + f]!;
      scale += Math.max(zl * zl, zh * zh) + Math.max(wl * wl, wh * wh);
    }
    return gap > PRUNE_MARGIN * scale;
  }

  private assignWhole(node: number, box: number, label: number): void {
    const { record, d } = this.tree;
    const SUM = sumAt(d);
    const { tags, sums } = this;
    const c = this.centres;
    const count = (record[box + endAt(d)]! | 0) - (record[box + firstAt(d)]! | 0);
    const tag = tags[node]!;
    if (tag !== label) this.totals.changed += tag === MIXED ? this.differing(node, label) : count;
    tags[node] = label;
    this.counts[label]! += count;
    // Inertia about centre c: the node's spread about its mean plus count x |mean - c|².
    let offset = 0;
    for (let f = 0; f < d; f++) {
      const total = record[box + SUM + f]!;
      sums[label * d + f]! += total;
      const delta = total / count - c[label * d + f]!;
      offset += delta * delta;
    }
    this.totals.inertia += record[box + spreadAt(d)]! + count * offset;
  }

  /** Points under `node` whose label is not `label` (the node is MIXED: its children's tags hold). */
  private differing(node: number, label: number): number {
    const { record, d } = this.tree;
    const stride = recordStride(d);
    const [FIRST, END] = [firstAt(d), endAt(d)];
    const rightChild = record[node * stride + rightAt(d)]! | 0;
    let count = 0;
    if (rightChild < 0) {
      const labels = this.leaves.labels;
      for (let i = record[node * stride + FIRST]! | 0, stop = record[node * stride + END]! | 0; i < stop; i++) if (labels[i] !== label) count++;
      return count;
    }
    for (const child of [node + 1, rightChild]) {
      const tag = this.tags[child]!;
      if (tag === MIXED) count += this.differing(child, label);
      else if (tag !== label) count += record[child * stride + END]! - record[child * stride + FIRST]!;
    }
    return count;
  }
}
