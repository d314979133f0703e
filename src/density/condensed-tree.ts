/**
 * The condensed tree, built as the hdbscan library and scikit-learn build it: walk the single-
 * linkage tree from the top; a split into two sides of at least min_cluster_size points makes
 * two new clusters, numbered n + 1, n + 2, ... in breadth-first order (the root is n); a
 * smaller side falls out of its cluster, every point of it at the split's lambda = 1 / height.
 */
import type { SingleLinkage } from './linkage.ts';

export interface CondensedTree {
  /** Row r: child[r] (a point < n, or a cluster >= n) leaves parent[r] at lambda[r]. */
  readonly parent: Int32Array;
  readonly child: Int32Array;
  readonly lambda: Float64Array;
  readonly childSize: Int32Array;
  /** Clusters are n .. n + clusters - 1; n is the root. */
  readonly clusters: number;
  /**
   * What R's dbscan needs for GLOSH, indexed by cluster - n: the height at which the cluster splits
   * into two clusters (NaN for a leaf), the height of its top merge, and its lowest merge of two
   * points (either one of its own or inside a piece that fell out of it).
   */
  readonly splitHeight: Float64Array;
  readonly topHeight: Float64Array;
  readonly lowestPair: Float64Array;
}

export function condenseTree(tree: SingleLinkage, minClusterSize: number): CondensedTree {
  const { n, left, right, height, size } = tree;
  const rows = 2 * n;
  const parent = new Int32Array(rows);
  const child = new Int32Array(rows);
  const lambda = new Float64Array(rows);
  const childSize = new Int32Array(rows);
  // At most n / min_cluster_size splits, two clusters each, and the root.
  const maxClusters = 2 * Math.floor(n / minClusterSize) + 1;
  const splitHeight = new Float64Array(maxClusters).fill(NaN);
  const topHeight = new Float64Array(maxClusters).fill(NaN);
  const lowestPair = new Float64Array(maxClusters).fill(Infinity);
  let count = 0;
  const emit = (p: number, c: number, lam: number, s: number): void => {
    parent[count] = p;
    child[count] = c;
    lambda[count] = lam;
    childSize[count] = s;
    count++;
  };
  const sizeOf = (node: number): number => (node < n ? 1 : size[node - n]!);
  const relabel = new Int32Array(Math.max(0, n - 1));
  const queue = new Int32Array(Math.max(0, n - 1));
  // A piece of s points is 2s - 1 nodes of the linkage tree: up to 2n - 1 when the root itself falls apart.
  const scratch = new Int32Array(Math.max(1, 2 * n));
  // Every point of the piece under `node` falls out of cluster c at lam (breadth-first, as the library lists them).
  const fallOut = (node: number, c: number, lam: number): void => {
    if (node < n) {
      emit(c, node, lam, 1);
      return;
    }
    let head = 0;
    let tail = 0;
    scratch[tail++] = node;
    while (head < tail) {
      const x = scratch[head++]!;
      if (x < n) {
        emit(c, x, lam, 1);
        continue;
      }
      const l = left[x - n]!;
      const r = right[x - n]!;
      if (l < n && r < n) lowestPair[c - n] = Math.min(lowestPair[c - n]!, height[x - n]!);
      scratch[tail++] = l;
      scratch[tail++] = r;
    }
  };
  let next = n + 1;
  if (n >= 2) {
    const root = 2 * n - 2;
    relabel[root - n] = n;
    topHeight[0] = 0; // R leaves the root's death at 0 until it splits
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      const node = queue[head++]!;
      const i = node - n;
      const l = left[i]!;
      const r = right[i]!;
      const h = height[i]!;
      const lam = h > 0 ? 1 / h : Infinity;
      const ls = sizeOf(l);
      const rs = sizeOf(r);
      const c = relabel[i]!;
      if (ls >= minClusterSize && rs >= minClusterSize) {
        splitHeight[c - n] = h;
        for (const side of [l, r]) {
          const label = next++;
          relabel[side - n] = label;
          topHeight[label - n] = height[side - n]!;
          emit(c, label, lam, sizeOf(side));
          queue[tail++] = side;
        }
      } else if (ls < minClusterSize && rs < minClusterSize) {
        if (l < n && r < n) lowestPair[c - n] = Math.min(lowestPair[c - n]!, h);
        fallOut(l, c, lam);
        fallOut(r, c, lam);
      } else if (ls < minClusterSize) {
        relabel[r - n] = c;
        fallOut(l, c, lam);
        queue[tail++] = r;
      } else {
        relabel[l - n] = c;
        fallOut(r, c, lam);
        queue[tail++] = l;
      }
    }
  }
  const clusters = next - n;
  return {
    parent: parent.slice(0, count),
    child: child.slice(0, count),
    lambda: lambda.slice(0, count),
    childSize: childSize.slice(0, count),
    clusters,
    splitHeight: splitHeight.slice(0, clusters),
    topHeight: topHeight.slice(0, clusters),
    lowestPair: lowestPair.slice(0, clusters),
  };
}
