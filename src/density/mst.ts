/**
 * The minimum spanning tree of the mutual-reachability graph, max(core_i, core_j, d(i, j)).
 * Boruvka over the kd-tree: each round every component finds its lightest edge to another
 * component, pruning tree nodes that lie wholly in the component, that are farther than the
 * component's best edge so far, or whose smallest core distance already exceeds it.
 */
import { boxDistance, squaredDistance, type KdTree } from './kd-tree.ts';

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

export function boruvkaMst(tree: KdTree, core: Float64Array): SpanningTree {
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
  let edges = 0;
  while (edges < n - 1) {
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
    bestA.fill(-1);
    bestB.fill(-1);
    // Tree order keeps neighbouring queries in cache.
    for (let t = 0; t < n; t++) {
      const p = index[t]!;
      const c = comp[p]!;
      const cp = core[p]!;
      if (cp > bestW[c]!) continue;
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
          }
        }
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
