import { contingency } from './agreement.ts';

/**
 * The clustering tree (R's clustree): one row per k of a sweep, one node per cluster of that
 * k's best fit, and edges between consecutive k counting the customers the two clusters share.
 * It shows which clusters split, which are stable and which customers move between branches.
 */

export interface TreeNode {
  readonly k: number;
  /** Canonical cluster number within its k. */
  readonly cluster: number;
  readonly size: number;
  /** Centre in business units (d values). */
  readonly centroid: Float64Array;
}

export interface TreeEdge {
  /** The parent's k; the child is in row k + 1. */
  readonly k: number;
  readonly parent: number;
  readonly child: number;
  /** Customers in both the parent and the child. */
  readonly count: number;
  /** count / the child's size: how much of the child comes from this parent. */
  readonly childShare: number;
}

export interface ClusterTree {
  readonly n: number;
  readonly featureNames: readonly string[];
  /** rows[k - 1]: the nodes of k, by cluster number. */
  readonly rows: readonly (readonly TreeNode[])[];
  /** edges[k - 1]: the edges from row k to row k + 1, those with no customer left out. */
  readonly edges: readonly (readonly TreeEdge[])[];
}

/** Edges carrying less than this share of their child are hidden, as clustree does. */
export const MIN_EDGE_SHARE = 0.02;

/**
 * Builds the tree as each k's fit arrives (k = 1, 2, ... in order), holding only the previous
 * k's labels: the contingency with the new labels is one pass over the customers.
 */
export function createClusterTreeBuilder(n: number, featureNames: readonly string[]) {
  const rows: TreeNode[][] = [];
  const edges: TreeEdge[][] = [];
  let previous: Uint8Array | null = null;

  return {
    /** The next k's fit: its canonical labels, customers per cluster and centroids in business units. */
    add(k: number, labels: Uint8Array, counts: ArrayLike<number>, centroidsInUnits: Float64Array): void {
      if (k !== rows.length + 1) throw new RangeError(`the tree expects k = ${rows.length + 1}, got ${k}`);
      if (labels.length !== n) throw new RangeError(`the fit has ${labels.length} labels for ${n} customers`);
      const d = featureNames.length;
      rows.push(Array.from({ length: k }, (_, cluster) => ({
        k, cluster, size: counts[cluster] ?? 0, centroid: centroidsInUnits.slice(cluster * d, cluster * d + d),
      })));
      if (previous) {
        const table = contingency(previous, labels, k - 1, k);
        const between: TreeEdge[] = [];
        for (let parent = 0; parent < k - 1; parent++) {
          for (let child = 0; child < k; child++) {
            const count = table.table[parent * k + child]!;
            const childSize = table.columnTotals[child]!;
            if (count > 0) between.push({ k: k - 1, parent, child, count, childShare: count / childSize });
          }
        }
        edges.push(between);
      }
      previous = labels;
    },
    /** The tree so far; the builder lets go of the last labels. */
    finish(): ClusterTree {
      previous = null;
      return { n, featureNames, rows, edges };
    },
  };
}

/** Where each node sits: its row's order and its horizontal position in [0, 1]. */
export interface TreeLayout {
  /** order[k - 1]: the clusters of k, left to right. */
  readonly order: readonly (readonly number[])[];
  /** x[k - 1][cluster]: the node's centre, a share of the width. */
  readonly x: readonly Float64Array[];
}

/**
 * Rows ordered by the barycentre heuristic (Sugiyama): each node goes under the customer-weighted
 * mean position of its parents, so nested splits read top to bottom without crossings. Ties (and
 * nodes with no customers) keep the cluster order. Nodes are spaced evenly within their row.
 */
export function layoutClusterTree(tree: ClusterTree): TreeLayout {
  const order: number[][] = [];
  const x: Float64Array[] = [];
  tree.rows.forEach((row, r) => {
    const k = row.length;
    let ranked = row.map((node) => node.cluster);
    if (r > 0) {
      const above = x[r - 1]!;
      const weighted = new Float64Array(k);
      const total = new Float64Array(k);
      for (const edge of tree.edges[r - 1]!) {
        weighted[edge.child]! += edge.count * above[edge.parent]!;
        total[edge.child]! += edge.count;
      }
      const barycentre = (c: number) => (total[c]! > 0 ? weighted[c]! / total[c]! : (c + 0.5) / k);
      ranked = ranked.sort((a, b) => barycentre(a) - barycentre(b) || a - b);
    }
    const positions = new Float64Array(k);
    ranked.forEach((cluster, i) => (positions[cluster] = (i + 0.5) / k));
    order.push(ranked);
    x.push(positions);
  });
  return { order, x };
}

/** Pairs of edges that cross between consecutive rows, counting edges of at least `minShare` of their child. */
export function edgeCrossings(tree: ClusterTree, layout: TreeLayout, minShare = MIN_EDGE_SHARE): number {
  let crossings = 0;
  tree.edges.forEach((between, r) => {
    const shown = between.filter((edge) => edge.childShare >= minShare);
    const top = layout.x[r]!;
    const bottom = layout.x[r + 1]!;
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const a = shown[i]!;
        const b = shown[j]!;
        if ((top[a.parent]! - top[b.parent]!) * (bottom[a.child]! - bottom[b.child]!) < 0) crossings++;
      }
    }
  });
  return crossings;
}
