/**
 * Exact HDBSCAN (Campello, Moulavi and Sander; McInnes and Healy's accelerated form) over a
 * float32 point matrix, as scikit-learn's sklearn.cluster.HDBSCAN computes it: core distances
 * from a kd-tree, the minimum spanning tree of mutual reachability by Boruvka, the single-linkage
 * and condensed trees, then excess-of-mass or leaf selection. Memory is linear in n: typed arrays,
 * no object per point.
 */
import type { PointMatrix } from '../kmeans/types.ts';
import { condenseTree } from './condensed-tree.ts';
import { glosh } from './glosh.ts';
import { buildKdTree, kNearestDistancesSteps } from './kd-tree.ts';
import { singleLinkage } from './linkage.ts';
import { boruvkaMstSteps, type SpanningTree } from './mst.ts';
import { runSteps, within, type Steps } from './steps.ts';
import { selectClusters, type ClusterSelectionMethod } from './select.ts';
import { NOISE, type DensityClustering } from './types.ts';

export type { ClusterSelectionMethod } from './select.ts';

export interface HdbscanOptions {
  /** Smallest group that counts as a cluster (>= 2). */
  readonly minClusterSize: number;
  /** Neighbours, the point itself included, whose distance is the core distance (default minClusterSize). */
  readonly minSamples?: number;
  readonly clusterSelectionMethod?: ClusterSelectionMethod;
  /** Clusters split below this distance are merged back (default 0: none). */
  readonly clusterSelectionEpsilon?: number;
  /** Let excess of mass choose the root, one cluster of everyone (default false). */
  readonly allowSingleCluster?: boolean;
}

/** The condensed tree as typed arrays, clusters numbered from n (the root) as the hdbscan library does. */
export interface CondensedTreeArrays {
  readonly parent: Int32Array;
  readonly child: Int32Array;
  readonly lambda: Float64Array;
  readonly childSize: Int32Array;
}

export interface HdbscanResult extends DensityClustering {
  /** Membership strength in [0, 1], scikit-learn's probabilities_ (0 for noise). */
  readonly probabilities: Float32Array;
  /** GLOSH outlier score per point, as R's dbscan::hdbscan outlier_scores. */
  readonly outlierScores: Float32Array;
  readonly coreDistances: Float64Array;
  readonly condensedTree: CondensedTreeArrays;
  /** Condensed-tree ids of the selected clusters, ascending: label j is selectedClusters[j]. */
  readonly selectedClusters: Int32Array;
  /** Stability per condensed-tree cluster (index id - n). */
  readonly stability: Float64Array;
}

export function checkHdbscanOptions(points: PointMatrix, options: HdbscanOptions): Required<HdbscanOptions> {
  const { n, d, data } = points;
  if (!Number.isInteger(n) || n < 2) throw new Error(`HDBSCAN needs at least 2 customers, got ${n}`);
  if (!Number.isInteger(d) || d < 1 || data.length !== n * d) throw new Error(`the point matrix is not ${n} x ${d} (${data.length} values)`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new Error(`customer ${Math.floor(i / d)} has a value that is not a finite number (${data[i]})`);
  }
  const { minClusterSize } = options;
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) throw new Error(`min_cluster_size ${minClusterSize} must be an integer of at least 2`);
  if (minClusterSize > n) throw new Error(`min_cluster_size ${minClusterSize} is larger than the ${n} customers`);
  const minSamples = options.minSamples ?? minClusterSize;
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new Error(`min_samples ${minSamples} must be an integer of at least 1`);
  if (minSamples > n) throw new Error(`min_samples ${minSamples} is larger than the ${n} customers`);
  const clusterSelectionMethod = options.clusterSelectionMethod ?? 'eom';
  if (clusterSelectionMethod !== 'eom' && clusterSelectionMethod !== 'leaf') {
    throw new Error(`cluster_selection_method ${String(clusterSelectionMethod)} must be 'eom' or 'leaf'`);
  }
  const clusterSelectionEpsilon = options.clusterSelectionEpsilon ?? 0;
  if (!Number.isFinite(clusterSelectionEpsilon) || clusterSelectionEpsilon < 0) {
    throw new Error(`cluster_selection_epsilon ${clusterSelectionEpsilon} must be a finite number of at least 0`);
  }
  const allowSingleCluster = options.allowSingleCluster ?? false;
  if (typeof allowSingleCluster !== 'boolean') throw new Error(`allow_single_cluster ${String(allowSingleCluster)} must be true or false`);
  return { minClusterSize, minSamples, clusterSelectionMethod, clusterSelectionEpsilon, allowSingleCluster };
}

export function hdbscan(points: PointMatrix, options: HdbscanOptions): HdbscanResult {
  return runSteps(hdbscanSteps(points, options));
}

/** HDBSCAN in steps (steps.ts): the page's worker pauses between them to hear a Cancel. */
export function* hdbscanSteps(points: PointMatrix, options: HdbscanOptions): Steps<HdbscanResult> {
  const o = checkHdbscanOptions(points, options);
  const { n } = points;
  const kd = buildKdTree(points);
  yield 0.05;
  const coreDistances = yield* within(kNearestDistancesSteps(kd, o.minSamples), 0.05, 0.3);
  const mst = yield* within(boruvkaMstSteps(kd, coreDistances), 0.3, 0.95);
  yield 0.95;
  return hdbscanFromTree(n, o, coreDistances, mst);
}

/** The rest of HDBSCAN once the spanning tree is known: linkage, condensed tree, selection, outlier scores. */
export function hdbscanFromTree(n: number, o: Required<HdbscanOptions>, coreDistances: Float64Array, mst: SpanningTree): HdbscanResult {
  const linkage = singleLinkage(mst, n);
  const tree = condenseTree(linkage, o.minClusterSize);
  const selection = selectClusters(tree, n, {
    method: o.clusterSelectionMethod,
    epsilon: o.clusterSelectionEpsilon,
    allowSingleCluster: o.allowSingleCluster,
  });
  let noise = 0;
  for (let i = 0; i < n; i++) if (selection.labels[i] === NOISE) noise++;
  return {
    labels: selection.labels,
    clusters: selection.selected.length,
    noise,
    probabilities: selection.probabilities,
    outlierScores: glosh(linkage, tree),
    coreDistances,
    condensedTree: { parent: tree.parent, child: tree.child, lambda: tree.lambda, childSize: tree.childSize },
    selectedClusters: selection.selected,
    stability: selection.stability,
  };
}
