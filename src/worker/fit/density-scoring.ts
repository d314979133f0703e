import type { DensityModel } from '../../density/density-model.ts';
import { scoreDensityModel } from '../../density/density-score.ts';
import { alignFeatures, pointsForModel } from '../../kmeans/model.ts';
import type { SourceData } from '../data/run-exports.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { densityRun, type DensityFit } from './density-fit.ts';

/**
 * The current customers scored with a saved density model, as a density run the page shows like
 * a fitted one: the model's clusters in its numbering, the customers near none as "No segment".
 * Points are scaled with the model's scaler, so the view shows them where the model sees them.
 */
export function scoreWithDensityModel(model: DensityModel, raw: SourceData) {
  const max = LIMITS.densityClusters.max;
  if (model.clusters > max) throw new RangeError(`the model has ${model.clusters} clusters: the page tells at most ${max} apart (kmeans assign scores with any number)`);
  const started = performance.now();
  const columns = alignFeatures(model, raw.featureNames).map((f) => raw.columns[f]!);
  const { scaler, points } = pointsForModel(model, columns, raw.n);
  const scores = scoreDensityModel(model, points);
  const name = model.algorithm === 'hdbscan' ? 'HDBSCAN' : 'DBSCAN';
  const rule = model.algorithm === 'hdbscan' ? 'approximate predict' : `nearest core point within eps ${model.params.eps}`;
  const fit: DensityFit = densityRun({
    labels: scores.labels, clusters: model.clusters, noise: scores.noise, ms: performance.now() - started,
    settings: rule, corePoints: null, tree: null, threads: 1,
    perCustomer: scores.probabilities ? { probability: scores.probabilities } : {},
    stages: (labels) => [['selected', labels.slice()]],
    toModel: null,
  }, points, scaler, model.algorithm, `${name} model scoring (${rule}), one thread`, true);
  return { fit, columns, scaler, points };
}
