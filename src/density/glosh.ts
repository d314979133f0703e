/**
 * GLOSH outlier scores as R's dbscan::hdbscan computes them (computeStability, compute_glosh):
 * score = 1 - eps_max / eps. A point's eps is the height at which it becomes a singleton in the
 * single-linkage tree, raised to its cluster's split height if the cluster has split by then (R
 * keeps a piece smaller than min_cluster_size inside the cluster it fell from until each point
 * is alone, where the hdbscan library lets the whole piece fall at once). eps_max is the lowest
 * death among the leaf clusters under the point's cluster; a leaf's death is its lowest merge of
 * two points, a split cluster's its split height. 0 / 0 is scored 0, as R does.
 */
import type { CondensedTree } from './condensed-tree.ts';
import type { SingleLinkage } from './linkage.ts';

export function glosh(linkage: SingleLinkage, tree: CondensedTree): Float32Array {
  const { n } = linkage;
  const k = tree.clusters;
  // The height at which each point is merged for the first time, bottom-up.
  const alone = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    if (linkage.left[i]! < n) alone[linkage.left[i]!] = linkage.height[i]!;
    if (linkage.right[i]! < n) alone[linkage.right[i]!] = linkage.height[i]!;
  }
  const death = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const split = tree.splitHeight[c]!;
    death[c] = !Number.isNaN(split) ? split : Math.min(tree.topHeight[c]!, tree.lowestPair[c]!);
  }
  const up = new Int32Array(k).fill(-1);
  const hasChild = new Uint8Array(k);
  for (let r = 0; r < tree.child.length; r++) {
    const c = tree.child[r]!;
    if (c < n) continue;
    up[c - n] = tree.parent[r]! - n;
    hasChild[tree.parent[r]! - n] = 1;
  }
  // Lowest leaf death under each cluster: children have larger ids, so go from the last.
  const epsMax = new Float64Array(k).fill(Infinity);
  for (let c = k - 1; c >= 0; c--) {
    if (!hasChild[c]) epsMax[c] = death[c]!;
    if (c > 0) epsMax[up[c]!] = Math.min(epsMax[up[c]!]!, epsMax[c]!);
  }
  const scores = new Float32Array(n);
  for (let r = 0; r < tree.child.length; r++) {
    const point = tree.child[r]!;
    if (point >= n) continue;
    const c = tree.parent[r]! - n;
    const split = tree.splitHeight[c]!;
    const eps = Number.isNaN(split) ? alone[point]! : Math.max(alone[point]!, split);
    const score = 1 - epsMax[c]! / eps;
    scores[point] = Number.isNaN(score) ? 0 : score;
  }
  return scores;
}
