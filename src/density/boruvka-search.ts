/**
 * One Boruvka round's search over a range of the kd-tree's points (in tree order): for every
 * component that a point of the range belongs to (or that an edge found reaches), the lightest
 * mutual-reachability edge out of it that the range sees. Ranges split the work between threads;
 * their answers are merged edge by edge in the strict order of `lighter`, so the spanning tree
 * is the same whatever the split. A search keeps, per point of its range, the point's lightest
 * edge out when last searched and a floor under it: components only grow, so an edge whose other
 * end is still outside stays the point's lightest, and most points need no search next round.
 */
import { boxDistance, squaredDistance, type KdTree } from './kd-tree.ts';
import { runSteps, stepDue, type Steps } from './steps.ts';

/** Each component's lightest edge seen: component root, weight and ends. */
export interface RoundEdges {
  readonly comp: Int32Array;
  readonly weight: Float64Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
}

/**
 * Edges compare by weight, then by their smaller and larger end: a strict order, so that
 * Boruvka never closes a cycle among equal weights.
 */
export function lighter(w: number, a: number, b: number, bw: number, ba: number, bb: number): boolean {
  if (w !== bw) return w < bw;
  const lo = a < b ? a : b;
  const blo = ba < bb ? ba : bb;
  if (lo !== blo) return lo < blo;
  return (a < b ? b : a) < (ba < bb ? bb : ba);
}

/** Sentinels of a leaf's state in a round (weights are never negative). */
const LEAF_UNKNOWN = -1;
const LEAF_REACHES = -2;

/** Squared distance between the boxes of nodes a and b (0 where they overlap). */
function boxGap(tree: KdTree, a: number, b: number): number {
  const { d } = tree.points;
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const gap = Math.max(0, tree.lo[a * d + f]! - tree.hi[b * d + f]!, tree.lo[b * d + f]! - tree.hi[a * d + f]!);
    sum += gap * gap;
  }
  return sum;
}

export class BoruvkaSearch {
  private readonly nodeComp: Int32Array;
  /** Smallest core distance under each node: a floor on any mutual reachability into it. */
  private readonly nodeCore: Float64Array;
  private readonly bestW: Float64Array;
  private readonly bestA: Int32Array;
  private readonly bestB: Int32Array;
  private readonly stack: Int32Array;
  /** Per point of the range (by tree position - from): its last lightest edge's far end (-1: unknown) and a floor under its weight. */
  private readonly pointBest: Int32Array;
  private readonly pointFloor: Float64Array;
  private readonly searchKeys: Float64Array;
  /** Per tree position, its leaf; per leaf and round, LEAF_REACHES or a weight no edge out of it undercuts. */
  private readonly leafAt: Int32Array;
  private readonly leafReach: Float64Array;
  private readonly sizes: Int32Array;
  /** Components given a best edge this round. */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private comp: Int32Array = new Int32Array(0);

  constructor(private readonly tree: KdTree, private readonly core: Float64Array, private readonly from: number, private readonly to: number) {
    const { n } = tree.points;
    const { nodes, left, right, index } = tree;
    this.nodeComp = new Int32Array(nodes);
    this.nodeCore = new Float64Array(nodes);
    for (let node = nodes - 1; node >= 0; node--) {
      const l = left[node]!;
      if (l >= 0) this.nodeCore[node] = Math.min(this.nodeCore[l]!, this.nodeCore[right[node]!]!);
      else {
        let min = Infinity;
        for (let i = tree.start[node]!; i < tree.end[node]!; i++) min = Math.min(min, core[index[i]!]!);
        this.nodeCore[node] = min;
      }
    }
    this.bestW = new Float64Array(n).fill(Infinity);
    this.bestA = new Int32Array(n).fill(-1);
    this.bestB = new Int32Array(n).fill(-1);
    this.stack = new Int32Array(nodes + 1);
    this.pointBest = new Int32Array(to - from).fill(-1);
    this.pointFloor = new Float64Array(to - from);
    this.searchKeys = new Float64Array(to - from);
    this.leafAt = new Int32Array(n);
    for (let node = 0; node < nodes; node++) if (left[node]! < 0) this.leafAt.fill(node, tree.start[node]!, tree.end[node]!);
    this.leafReach = new Float64Array(nodes);
    this.sizes = new Int32Array(n);
    this.touched = new Int32Array(n);
  }

  /** The round's lightest edges out of each component (comp: each point's component root), at once. */
  round(comp: Int32Array): RoundEdges {
    return runSteps(this.roundSteps(comp));
  }

  *roundSteps(comp: Int32Array): Steps<RoundEdges> {
    this.comp = comp;
    this.setNodeComponents();
    const { tree, core, from, to, bestW, nodeComp, pointBest, pointFloor, searchKeys, leafAt, leafReach, sizes } = this;
    const { index } = tree;
    const n = comp.length;
    sizes.fill(0);
    for (let i = 0; i < n; i++) sizes[comp[i]!]!++;
    leafReach.fill(LEAF_UNKNOWN);
    // First the points whose lightest edge out is known: they bound each component before any search.
    for (let t = from; t < to; t++) {
      const p = index[t]!;
      const cached = pointBest[t - from]!;
      if (cached < 0) continue;
      const c = comp[p]!;
      if (comp[cached] === c) {
        pointBest[t - from] = -1;
        continue;
      }
      this.offer(c, pointFloor[t - from]!, p, cached);
      this.offer(comp[cached]!, pointFloor[t - from]!, cached, p);
    }
    // Then a search for the rest that could beat their component's bound: small components
    // first, whose edges into the large ones bound those before their many points search;
    // within a size, in tree order (neighbouring queries walk the same nodes, in cache).
    let searching = 0;
    for (let t = from; t < to; t++) if (pointBest[t - from]! < 0) searchKeys[searching++] = sizes[comp[index[t]!]!]! * n + t;
    const keys = searchKeys.subarray(0, searching).sort();
    for (let s = 0; s < searching; s++) {
      if (stepDue(s, 1024)) yield s / searching;
      const t = keys[s]! % n;
      const p = index[t]!;
      const c = comp[p]!;
      if (core[p]! > bestW[c]! || pointFloor[t - from]! > bestW[c]!) continue;
      const leaf = leafAt[t]!;
      if (nodeComp[leaf] === c) {
        // A leaf of one component is asked once whether anything outside could be light enough.
        if (leafReach[leaf] === LEAF_UNKNOWN) leafReach[leaf] = this.reachesOut(leaf, c, bestW[c]!) ? LEAF_REACHES : bestW[c]!;
        const bounded = leafReach[leaf]!;
        if (bounded !== LEAF_REACHES) {
          if (bounded > pointFloor[t - from]!) pointFloor[t - from] = bounded;
          continue;
        }
      }
      this.searchPoint(t);
    }
    return this.takeEdges();
  }

  /** Make edge (a, b) of weight w component c's lightest so far if it is lighter; whether it was. */
  private offer(c: number, w: number, a: number, b: number): boolean {
    const { bestW, bestA, bestB } = this;
    if (!lighter(w, a, b, bestW[c]!, bestA[c]!, bestB[c]!)) return false;
    if (bestA[c]! < 0) this.touched[this.touchedCount++] = c;
    bestW[c] = w;
    bestA[c] = a;
    bestB[c] = b;
    return true;
  }

  /** The point at tree position t's lightest edge out, if it is lighter than its component's best. */
  private searchPoint(t: number): void {
    const { tree, core, comp, nodeComp, nodeCore, bestW, stack, pointBest, pointFloor, from } = this;
    const { index, left, right } = tree;
    const { data, d } = tree.points;
    const p = index[t]!;
    const c = comp[p]!;
    const cp = core[p]!;
    const bound = bestW[c]!;
    let found = -1;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (nodeComp[node] === c) continue;
      const bw = bestW[c]!;
      if (nodeCore[node]! > bw) continue;
      if (boxDistance(tree, node, p) > bw * bw) continue;
      const l = left[node]!;
      if (l >= 0) {
        const r = right[node]!;
        if (boxDistance(tree, l, p) < boxDistance(tree, r, p)) {
          stack[sp++] = r;
          stack[sp++] = l;
        } else {
          stack[sp++] = l;
          stack[sp++] = r;
        }
        continue;
      }
      for (let i = tree.start[node]!; i < tree.end[node]!; i++) {
        const q = index[i]!;
        if (comp[q] === c) continue;
        const cq = core[q]!;
        if (cq > bestW[c]!) continue;
        let w = Math.sqrt(squaredDistance(data, d, p, q));
        if (cp > w) w = cp;
        if (cq > w) w = cq;
        if (this.offer(c, w, p, q)) found = q;
      }
    }
    // The search passed over everything heavier than the component's best: an edge found is
    // this point's lightest; none found, its lightest weighs at least that best.
    if (found >= 0) {
      this.offer(comp[found]!, bestW[c]!, found, p);
      pointBest[t - from] = found;
      pointFloor[t - from] = bestW[c]!;
    } else {
      pointBest[t - from] = -1;
      if (bound > pointFloor[t - from]!) pointFloor[t - from] = bound;
    }
  }

  /** Whether some point outside component c may join leaf's box at a mutual reachability <= bound. */
  private reachesOut(leaf: number, c: number, bound: number): boolean {
    const { tree, core, comp, nodeComp, nodeCore, stack } = this;
    const { index, left, right } = tree;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (nodeComp[node] === c || nodeCore[node]! > bound || boxGap(tree, leaf, node) > bound * bound) continue;
      const l = left[node]!;
      if (l >= 0) {
        stack[sp++] = l;
        stack[sp++] = right[node]!;
        continue;
      }
      for (let i = tree.start[node]!; i < tree.end[node]!; i++) {
        const q = index[i]!;
        if (comp[q] !== c && core[q]! <= bound && boxDistance(tree, leaf, q) <= bound * bound) return true;
      }
    }
    return false;
  }

  /** Each node's component where all its points share one, else -1. */
  private setNodeComponents(): void {
    const { tree, comp, nodeComp } = this;
    const { index, left, right } = tree;
    // Children have larger ids than their parent, so one backward pass sets every node.
    for (let node = tree.nodes - 1; node >= 0; node--) {
      const l = left[node]!;
      if (l >= 0) {
        const cl = nodeComp[l]!;
        nodeComp[node] = cl === nodeComp[right[node]!]! ? cl : -1;
        continue;
      }
      const s = tree.start[node]!;
      const c = comp[index[s]!]!;
      let same = c;
      for (let i = s + 1; i < tree.end[node]!; i++) {
        if (comp[index[i]!] !== c) {
          same = -1;
          break;
        }
      }
      nodeComp[node] = same;
    }
  }

  /** The round's edges, and the per-component bests cleared for the next round. */
  private takeEdges(): RoundEdges {
    const { bestW, bestA, bestB, touched, touchedCount } = this;
    const edges = { comp: touched.slice(0, touchedCount), weight: new Float64Array(touchedCount), a: new Int32Array(touchedCount), b: new Int32Array(touchedCount) };
    for (let e = 0; e < touchedCount; e++) {
      const c = touched[e]!;
      edges.weight[e] = bestW[c]!;
      edges.a[e] = bestA[c]!;
      edges.b[e] = bestB[c]!;
      bestW[c] = Infinity;
      bestA[c] = -1;
      bestB[c] = -1;
    }
    this.touchedCount = 0;
    return edges;
  }
}
