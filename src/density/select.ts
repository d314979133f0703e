/**
 * Flat clusters from the condensed tree, as scikit-learn's `_get_clusters` picks them: excess of
 * mass or leaves, then cluster_selection_epsilon; labels numbered in ascending condensed-tree id;
 * membership probability lambda / (largest lambda in the point's cluster).
 */
import { NOISE } from './types.ts';
import type { CondensedTree } from './condensed-tree.ts';

export type ClusterSelectionMethod = 'eom' | 'leaf';

export interface Selection {
  readonly labels: Int32Array;
  readonly probabilities: Float32Array;
  /** Condensed-tree ids of the chosen clusters, ascending: label j is selected[j]. */
  readonly selected: Int32Array;
  /** Stability of each cluster (index cluster - n), before excess of mass replaces any by its subtree's. */
  readonly stability: Float64Array;
}

export interface SelectionOptions {
  readonly method: ClusterSelectionMethod;
  readonly epsilon: number;
  readonly allowSingleCluster: boolean;
}

/** Cluster structure: parent cluster and the (zero or two) child clusters of each. */
interface ClusterTree {
  readonly up: Int32Array;
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly birth: Float64Array;
}

function clusterTree(tree: CondensedTree, n: number): ClusterTree {
  const k = tree.clusters;
  const up = new Int32Array(k).fill(-1);
  const first = new Int32Array(k).fill(-1);
  const second = new Int32Array(k).fill(-1);
  const birth = new Float64Array(k);
  for (let r = 0; r < tree.child.length; r++) {
    const c = tree.child[r]!;
    if (c < n) continue;
    const p = tree.parent[r]! - n;
    up[c - n] = p;
    birth[c - n] = tree.lambda[r]!;
    if (first[p]! < 0) first[p] = c - n;
    else second[p] = c - n;
  }
  return { up, first, second, birth };
}

export function selectClusters(tree: CondensedTree, n: number, options: SelectionOptions): Selection {
  const k = tree.clusters;
  const ct = clusterTree(tree, n);
  const stability = new Float64Array(k);
  for (let r = 0; r < tree.child.length; r++) {
    const p = tree.parent[r]! - n;
    stability[p] = stability[p]! + (tree.lambda[r]! - ct.birth[p]!) * tree.childSize[r]!;
  }
  const isLeaf = (c: number): boolean => ct.first[c]! < 0;
  // Only the root's descendants are candidates unless a single cluster is allowed.
  const chosen = new Uint8Array(k);
  const lowest = options.allowSingleCluster ? 0 : 1;
  const unselectBelow = (c: number): void => {
    const stack = [c];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (const y of [ct.first[x]!, ct.second[x]!]) {
        if (y < 0) continue;
        chosen[y] = 0;
        stack.push(y);
      }
    }
  };
  const hasClusterTree = k > 1;
  if (options.method === 'eom') {
    const score = stability.slice();
    for (let c = lowest; c < k; c++) chosen[c] = 1;
    // Children have larger ids than their parents: descending ids visit every child first.
    for (let c = k - 1; c >= lowest; c--) {
      const a = ct.first[c]!;
      const b = ct.second[c]!;
      const subtree = (a >= 0 ? score[a]! : 0) + (b >= 0 ? score[b]! : 0);
      if (subtree > score[c]!) {
        chosen[c] = 0;
        score[c] = subtree;
      } else unselectBelow(c);
    }
    if (options.epsilon !== 0 && hasClusterTree) {
      const eom: number[] = [];
      for (let c = lowest; c < k; c++) if (chosen[c]) eom.push(c);
      const picked = eom.length === 1 && eom[0] === 0 ? (options.allowSingleCluster ? eom : []) : epsilonSearch(eom, ct, options);
      chosen.fill(0);
      for (const c of picked) chosen[c] = 1;
    }
  } else {
    const leaves: number[] = [];
    if (hasClusterTree) for (let c = 1; c < k; c++) if (isLeaf(c)) leaves.push(c);
    const picked = options.epsilon !== 0 ? epsilonSearch(leaves, ct, options) : leaves;
    chosen.fill(0);
    for (const c of picked) chosen[c] = 1;
  }
  const selected: number[] = [];
  for (let c = 0; c < k; c++) if (chosen[c]) selected.push(c);
  return label(tree, n, ct, chosen, selected, stability, options);
}

/**
 * scikit-learn's epsilon_search: a chosen cluster born below epsilon (1 / lambda < epsilon) is
 * replaced by its nearest ancestor born above it (the root only if a single cluster is allowed).
 */
function epsilonSearch(candidates: readonly number[], ct: ClusterTree, options: SelectionOptions): number[] {
  const picked = new Set<number>();
  const processed = new Set<number>();
  for (const leaf of [...candidates].sort((a, b) => a - b)) {
    if (1 / ct.birth[leaf]! >= options.epsilon) {
      picked.add(leaf);
      continue;
    }
    if (processed.has(leaf)) continue;
    let node = leaf;
    let found = -1;
    while (found < 0) {
      const up = ct.up[node]!;
      if (up === 0) found = options.allowSingleCluster ? 0 : node;
      else if (1 / ct.birth[up]! > options.epsilon) found = up;
      else node = up;
    }
    picked.add(found);
    const stack = [found];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (const y of [ct.first[x]!, ct.second[x]!]) {
        if (y < 0) continue;
        processed.add(y);
        stack.push(y);
      }
    }
  }
  return [...picked];
}

function label(
  tree: CondensedTree,
  n: number,
  ct: ClusterTree,
  chosen: Uint8Array,
  selected: readonly number[],
  stability: Float64Array,
  options: SelectionOptions,
): Selection {
  const k = tree.clusters;
  const labelOf = new Int32Array(k).fill(NOISE);
  selected.forEach((c, j) => (labelOf[c] = j));
  // The chosen cluster at or above each cluster (parents come before children).
  const owner = new Int32Array(k).fill(-1);
  for (let c = 0; c < k; c++) owner[c] = chosen[c] ? c : c === 0 ? -1 : owner[ct.up[c]!]!;
  // Largest lambda among each cluster's own rows (scikit-learn's max_lambdas).
  const deaths = new Float64Array(k);
  for (let r = 0; r < tree.child.length; r++) {
    const p = tree.parent[r]! - n;
    if (tree.lambda[r]! > deaths[p]!) deaths[p] = tree.lambda[r]!;
  }
  const single = selected.length === 1 && options.allowSingleCluster;
  const rootThreshold = options.epsilon !== 0 ? 1 / options.epsilon : deaths[0]!;
  const labels = new Int32Array(n).fill(NOISE);
  const probabilities = new Float32Array(n);
  for (let r = 0; r < tree.child.length; r++) {
    const point = tree.child[r]!;
    if (point >= n) continue;
    const lam = tree.lambda[r]!;
    const c = owner[tree.parent[r]! - n]!;
    if (c < 0) continue;
    // Under a chosen root, scikit-learn keeps only the points that stay until its last split.
    if (c === 0 && !(single && lam >= rootThreshold)) continue;
    labels[point] = labelOf[c]!;
    const max = deaths[c]!;
    probabilities[point] = max === 0 || !Number.isFinite(lam) ? 1 : Math.min(lam, max) / max;
  }
  return { labels, probabilities, selected: Int32Array.from(selected, (c) => c + n), stability };
}
