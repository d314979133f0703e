/**
 * New customers scored with a saved density model, without refitting (density-model.ts says
 * what each model keeps). Points are the customers scaled with the model's scaler, float32.
 */
import type { PointMatrix } from '../kmeans/types.ts';
import type { DbscanModel, DensityModel, HdbscanModel } from './density-model.ts';
import { buildKdTree } from './kd-tree.ts';
import { NearestQuery } from './nearest.ts';
import { NOISE } from './types.ts';

export interface DensityScores {
  /** The model's cluster per customer, or NOISE (-1). */
  readonly labels: Int32Array;
  /** HDBSCAN's membership strength per customer (0 for noise); null for DBSCAN. */
  readonly probabilities: Float32Array | null;
  /** Customers per cluster, 0 .. clusters - 1. */
  readonly counts: Float64Array;
  readonly noise: number;
}

export function scoreDensityModel(model: DensityModel, points: PointMatrix): DensityScores {
  const scores = model.algorithm === 'dbscan' ? scoreDbscan(model, points) : scoreHdbscan(model, points);
  const counts = new Float64Array(model.clusters);
  let noise = 0;
  for (const label of scores.labels) {
    if (label === NOISE) noise++;
    else counts[label]!++;
  }
  return { ...scores, counts, noise };
}

const matrix = (values: readonly number[], d: number): PointMatrix => ({ data: Float32Array.from(values), n: values.length / d, d });

/** The cluster of the nearest core point within eps (ties to the lowest-numbered core point), else noise. */
function scoreDbscan(model: DbscanModel, points: PointMatrix) {
  const labels = new Int32Array(points.n).fill(NOISE);
  const cores = matrix(model.corePoints, points.d);
  if (cores.n === 0) return { labels, probabilities: null };
  const query = new NearestQuery(buildKdTree(cores));
  const eps2 = model.params.eps * model.params.eps;
  for (let i = 0; i < points.n; i++) {
    const core = query.nearestWithin(points.data, i * points.d, eps2);
    if (core >= 0) labels[i] = model.coreClusters[core]!;
  }
  return { labels, probabilities: null };
}

/** JSON's null for an infinite lambda, back to a number. */
const lambdaOf = (value: number | null): number => value ?? Infinity;

/**
 * The hdbscan library's approximate_predict: among the customer's 2 x min_samples nearest fitted
 * customers, the one nearest in mutual reachability (the customer's own core distance taken as
 * its (min_samples + 1)-th neighbour's distance, as the library does) gives lambda = 1 / that
 * distance; the customer joins that neighbour's cluster, or, where lambda is smaller than the
 * neighbour's, the ancestor cluster that still existed at lambda. Its membership is lambda over
 * the cluster's largest.
 */
function scoreHdbscan(model: HdbscanModel, points: PointMatrix) {
  const labels = new Int32Array(points.n).fill(NOISE);
  const probabilities = new Float32Array(points.n);
  if (model.clusters === 0) return { labels, probabilities };
  const fitted = matrix(model.points, points.d);
  const query = new NearestQuery(buildKdTree(fitted));
  const minSamples = model.params.minSamples;
  const k = Math.min(2 * minSamples, fitted.n);
  const neighbours = new Int32Array(k);
  const distances = new Float64Array(k);
  const ownCore = Math.min(minSamples, k - 1);
  for (let i = 0; i < points.n; i++) {
    query.kNearest(points.data, i * points.d, k, neighbours, distances);
    const coreDistance = distances[ownCore]!;
    let nearest = -1;
    let reach = Infinity;
    for (let j = 0; j < k; j++) {
      const mutual = Math.max(model.coreDistances[neighbours[j]!]!, coreDistance, distances[j]!);
      if (mutual < reach) {
        reach = mutual;
        nearest = neighbours[j]!;
      }
    }
    // A customer no distance can be measured to (a feature that is not a finite number) is noise.
    if (nearest < 0) continue;
    const lambda = reach > 0 ? 1 / reach : Number.MAX_VALUE;
    let node = model.pointNode[nearest]!;
    if (lambdaOf(model.pointLambda[nearest]!) > lambda) {
      while (node > 0 && lambdaOf(model.nodeLambda[node]!) >= lambda) node = model.nodeParent[node]!;
    }
    const label = model.nodeLabel[node]!;
    if (label === NOISE) continue;
    labels[i] = label;
    const maxLambda = lambdaOf(model.nodeMaxLambda[node]!);
    probabilities[i] = maxLambda > 0 ? Math.min(maxLambda, lambda) / maxLambda : 1;
  }
  return { labels, probabilities };
}
