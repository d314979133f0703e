/** The single-linkage tree (scipy's format) from the spanning tree's edges, by union-find. */
import { UnionFind, type SpanningTree } from './mst.ts';

/** Row i merges left[i] and right[i] at height[i] into node n + i of size[i]; points are 0..n-1. */
export interface SingleLinkage {
  readonly n: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly height: Float64Array;
  readonly size: Int32Array;
}

/**
 * Edges are oriented as Prim's algorithm from point 0 finds them (the end nearer point 0 first,
 * as scikit-learn's left node) and taken by weight, equal weights in the order Prim would meet
 * them, so that the tree's left and right sides, and so the condensed tree's numbering, follow
 * scikit-learn wherever weights do not tie.
 */
export function singleLinkage(mst: SpanningTree, n: number): SingleLinkage {
  const m = n - 1;
  const { from, to, weight } = mst;
  // Adjacency of the spanning tree in compressed rows.
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    degree[from[e]! + 1]!++;
    degree[to[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1] = degree[i + 1]! + degree[i]!;
  const fill = degree.slice(0, n);
  const adjacent = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    adjacent[fill[from[e]!]!++] = e;
    adjacent[fill[to[e]!]!++] = e;
  }
  // Breadth-first from point 0: each edge's near end and the order it is reached.
  const near = new Int32Array(m);
  const far = new Int32Array(m);
  const reached = new Int32Array(m);
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let order = 0;
  if (n > 0) {
    queue[tail++] = 0;
    seen[0] = 1;
  }
  while (head < tail) {
    const u = queue[head++]!;
    for (let k = degree[u]!; k < degree[u + 1]!; k++) {
      const e = adjacent[k]!;
      const v = from[e] === u ? to[e]! : from[e]!;
      if (seen[v]) continue;
      seen[v] = 1;
      near[e] = u;
      far[e] = v;
      reached[e] = order++;
      queue[tail++] = v;
    }
  }
  const edgeOrder = Int32Array.from({ length: m }, (_, e) => e).sort((a, b) => weight[a]! - weight[b]! || reached[a]! - reached[b]!);
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const height = new Float64Array(m);
  const size = new Int32Array(m);
  const uf = new UnionFind(n);
  // The tree node each union-find root stands for.
  const nodeOf = new Int32Array(n);
  for (let i = 0; i < n; i++) nodeOf[i] = i;
  for (let i = 0; i < m; i++) {
    const e = edgeOrder[i]!;
    const a = uf.find(near[e]!);
    const b = uf.find(far[e]!);
    left[i] = nodeOf[a]!;
    right[i] = nodeOf[b]!;
    height[i] = weight[e]!;
    size[i] = uf.size[a]! + uf.size[b]!;
    nodeOf[uf.union(a, b)] = n + i;
  }
  return { n, left, right, height, size };
}
