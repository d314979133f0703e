import type { CondensedTreeArrays } from './hdbscan.ts';

/**
 * The clusters of a condensed tree, as a page draws them (an icicle): each with its parent, the
 * lambda (1 / distance) at which it was born and the last at which a customer still left it, its
 * size at birth, and the label it got if selected. Cluster ids are those of the tree (n = root).
 */
export interface CondensedNodes {
  readonly id: Int32Array;
  /** -1 for the root. */
  readonly parent: Int32Array;
  readonly birth: Float64Array;
  readonly death: Float64Array;
  readonly size: Int32Array;
  /** The label of a selected cluster, else -1. */
  readonly label: Int32Array;
}

export function condensedNodes(tree: CondensedTreeArrays, n: number, selected: Int32Array): CondensedNodes {
  const { parent, child, lambda, childSize } = tree;
  let clusters = 1;
  for (let r = 0; r < child.length; r++) if (child[r]! >= n) clusters = Math.max(clusters, child[r]! - n + 1);
  const nodes = {
    id: Int32Array.from({ length: clusters }, (_, c) => n + c),
    parent: new Int32Array(clusters).fill(-1),
    birth: new Float64Array(clusters),
    death: new Float64Array(clusters),
    size: new Int32Array(clusters),
    label: new Int32Array(clusters).fill(-1),
  };
  let total = 0;
  for (let r = 0; r < child.length; r++) {
    const from = parent[r]! - n;
    // The lowest density anyone leaves a cluster at is where it ends.
    nodes.death[from] = Math.max(nodes.death[from]!, lambda[r]!);
    if (from === 0 && child[r]! < n) total++;
    if (child[r]! < n) continue;
    const c = child[r]! - n;
    nodes.parent[c] = parent[r]!;
    nodes.birth[c] = lambda[r]!;
    nodes.size[c] = childSize[r]!;
    if (from === 0) total += childSize[r]!;
  }
  nodes.size[0] = total;
  selected.forEach((id, label) => void (nodes.label[id - n] = label));
  return nodes;
}

/** 1 for every customer who belongs to cluster `node` of the tree (it or a cluster below it), else 0. */
export function condensedNodeMask(tree: CondensedTreeArrays, n: number, node: number): Uint8Array {
  const { parent, child } = tree;
  // Clusters under `node`: a cluster is listed (as a child) after its parent, so one pass in order finds them all.
  const under = new Set([node]);
  for (let r = 0; r < child.length; r++) if (child[r]! >= n && under.has(parent[r]!)) under.add(child[r]!);
  const mask = new Uint8Array(n);
  for (let r = 0; r < child.length; r++) if (child[r]! < n && under.has(parent[r]!)) mask[child[r]!] = 1;
  return mask;
}
