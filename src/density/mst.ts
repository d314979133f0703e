/**
 * The minimum spanning tree of the mutual-reachability graph, max(core_i, core_j, d(i, j)).
 * Boruvka over the kd-tree: each round every component finds its lightest edge to another
 * component, pruning tree nodes that lie wholly in the component, that are farther than the
 * component's best edge so far, or whose smallest core distance already exceeds it.
 */
import { boxDistance, squaredDistance, type KdTree } from './kd-tree.ts';
import { runSteps, stepDue, type Steps } from './steps.ts';

export interface SpanningTree {
  /** Edge e joins from[e] and to[e] at weight[e] (n - 1 edges). */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

/** Union-find over 0..n-1 with path halving and union by size. */
export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  /** Join the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    return ra;
  }
}

/**
 * Edges compare by weight, then by their smaller and larger end: a strict order, so that
 * Boruvka never closes a cycle among equal weights.
 */
function lighter(w: number, a: number, b: number, bw: number, ba: number, bb: number): boolean {
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

/** Squared distance from point q to node's box. */
const pointToBox = (tree: KdTree, node: number, q: number): number => boxDistance(tree, node, q);

export function boruvkaMst(tree: KdTree, core: Float64Array): SpanningTree {
  return runSteps(boruvkaMstSteps(tree, core));
}

/** boruvkaMst in steps (steps.ts). */
export function* boruvkaMstSteps(tree: KdTree, core: Float64Array): Steps<SpanningTree> {
  const { n, d, data } = tree.points;
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  if (n <= 1) return { from, to, weight };
  const { index, left, right, nodes } = tree;
  const uf = new UnionFind(n);
  const comp = new Int32Array(n);
  const nodeComp = new Int32Array(nodes);
  // Smallest core distance under each node: a floor on any mutual reachability into it.
  const nodeCore = new Float64Array(nodes);
  for (let node = nodes - 1; node >= 0; node--) {
    const l = left[node]!;
    if (l >= 0) nodeCore[node] = Math.min(nodeCore[l]!, nodeCore[right[node]!]!);
    else {
      let min = Infinity;
      for (let i = tree.start[node]!; i < tree.end[node]!; i++) min = Math.min(min, core[index[i]!]!);
      nodeCore[node] = min;
    }
  }
  const bestW = new Float64Array(n);
  const bestA = new Int32Array(n);
  const bestB = new Int32Array(n);
  const stack = new Int32Array(nodes + 1);
  // Per point: its lightest edge out of its component when last searched (-1: unknown), and a
  // floor under that edge's weight.
  const pointBest = new Int32Array(n).fill(-1);
  const pointFloor = new Float64Array(n);
  const searchKeys = new Float64Array(n);
  /** Make edge (a, b) of weight w component c's lightest so far if it is lighter. */
  const offer = (c: number, w: number, a: number, b: number): void => {
    if (lighter(w, a, b, bestW[c]!, bestA[c]!, bestB[c]!)) {
      bestW[c] = w;
      bestA[c] = a;
      bestB[c] = b;
    }
  };
  // Per tree position, its leaf; per leaf and round, LEAF_REACHES or else a weight that no edge
  // out of it undercuts (the leaf's points need no search of their own).
  const leafAt = new Int32Array(n);
  for (let node = 0; node < nodes; node++) if (left[node]! < 0) leafAt.fill(node, tree.start[node]!, tree.end[node]!);
  const leafReach = new Float64Array(nodes);
  /** Whether some point outside component c may join leaf's box at a mutual reachability <= bound. */
  const reachesOut = (leaf: number, c: number, bound: number): boolean => {
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
        if (comp[q] !== c && core[q]! <= bound && pointToBox(tree, leaf, q) <= bound * bound) return true;
      }
    }
    return false;
  };
  let edges = 0;
  for (let round = 0; edges < n - 1; round++) {
    for (let i = 0; i < n; i++) comp[i] = uf.find(i);
    // Children have larger ids than their parent, so one backward pass sets every node.
    for (let node = nodes - 1; node >= 0; node--) {
      const l = left[node]!;
      if (l >= 0) {
        const cl = nodeComp[l]!;
        nodeComp[node] = cl === nodeComp[right[node]!]! ? cl : -1;
      } else {
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
    bestW.fill(Infinity);
    leafReach.fill(LEAF_UNKNOWN);
    bestA.fill(-1);
    bestB.fill(-1);
    // First the points whose lightest edge out is known (components only grow, so it stays
    // their lightest while its other end is outside): they set each component's bound before
    // any search.
    for (let p = 0; p < n; p++) {
      const cached = pointBest[p]!;
      if (cached < 0) continue;
      const c = comp[p]!;
      if (comp[cached] === c) {
        pointBest[p] = -1;
        continue;
      }
      offer(c, pointFloor[p]!, p, cached);
      offer(comp[cached]!, pointFloor[p]!, cached, p);
    }
    // Then a search for the rest that could beat their component's bound: the small components
    // first, whose edges into the large ones bound those before their many points search; within
    // a size, in tree order (neighbouring queries walk the same nodes, in cache).
    let searching = 0;
    for (let t = 0; t < n; t++) {
      const p = index[t]!;
      if (pointBest[p]! < 0) searchKeys[searching++] = uf.size[comp[p]!]! * n + t;
    }
    const keys = searchKeys.subarray(0, searching).sort();
    for (let s = 0; s < searching; s++) {
      // Each round takes about half of what is left: a share that only grows.
      if (stepDue(s, 1024)) yield 1 - 0.5 ** round * (1 - 0.5 * (s / searching));
      const p = index[keys[s]! % n]!;
      const c = comp[p]!;
      const cp = core[p]!;
      if (cp > bestW[c]! || pointFloor[p]! > bestW[c]!) continue;
      const leaf = leafAt[keys[s]! % n]!;
      if (nodeComp[leaf] === c) {
        // A leaf of one component is asked once whether anything outside could be light enough.
        if (leafReach[leaf] === LEAF_UNKNOWN) leafReach[leaf] = reachesOut(leaf, c, bestW[c]!) ? LEAF_REACHES : bestW[c]!;
        const bounded = leafReach[leaf]!;
        if (bounded !== LEAF_REACHES) {
          if (bounded > pointFloor[p]!) pointFloor[p] = bounded;
          continue;
        }
      }
      const bound = bestW[c]!;
      let found = -1;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp]!;
        if (nodeComp[node] === c) continue;
        const bw = bestW[c]!;
        if (nodeCore[node]! > bw) continue;
        const box = boxDistance(tree, node, p);
        if (box > bw * bw) continue;
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
          if (lighter(w, p, q, bestW[c]!, bestA[c]!, bestB[c]!)) {
            bestW[c] = w;
            bestA[c] = p;
            bestB[c] = q;
            found = q;
          }
        }
      }
      // The search passed over everything heavier than the component's best: an edge found is
      // this point's lightest; none found, its lightest weighs at least that best.
      if (found >= 0) {
        offer(comp[found]!, bestW[c]!, found, p);
        pointBest[p] = found;
        pointFloor[p] = bestW[c]!;
      } else {
        pointBest[p] = -1;
        if (bound > pointFloor[p]!) pointFloor[p] = bound;
      }
    }
    for (let c = 0; c < n; c++) {
      if (comp[c] !== c || bestA[c]! < 0) continue;
      const a = bestA[c]!;
      const b = bestB[c]!;
      // Two components may pick the same edge: add it once.
      if (uf.find(a) === uf.find(b)) continue;
      uf.union(a, b);
      from[edges] = a;
      to[edges] = b;
      weight[edges] = bestW[c]!;
      edges++;
    }
  }
  return { from, to, weight };
}

/** Prim's algorithm over all pairs, O(n^2): the plain reference the tests hold Boruvka to. */
export function primMst(data: Float32Array, n: number, d: number, core: Float64Array): SpanningTree {
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  const inTree = new Uint8Array(n);
  const reach = new Float64Array(n).fill(Infinity);
  const source = new Int32Array(n);
  let current = 0;
  for (let e = 0; e < n - 1; e++) {
    inTree[current] = 1;
    let best = Infinity;
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const w = Math.max(core[current]!, core[j]!, Math.sqrt(squaredDistance(data, d, current, j)));
      if (w < reach[j]!) {
        reach[j] = w;
        source[j] = current;
      }
      if (reach[j]! < best) {
        best = reach[j]!;
        next = j;
      }
    }
    from[e] = source[next]!;
    to[e] = next;
    weight[e] = best;
    current = next;
  }
  return { from, to, weight };
}
