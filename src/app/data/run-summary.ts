import { APP_NAME, APP_VERSION } from '../../version.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { RunParams } from '../../page-state/run-params.ts';
import type { ModelStart } from '../../page-state/state.ts';
import { inverseTransformRows } from '../../data/scaler.ts';

export interface SummaryInputs {
  readonly run: RunParams;
  readonly data: DatasetSummary;
  readonly outcome: FitOutcome;
  readonly names: readonly string[];
  /** Sentences about the result the analyst must not miss (small segments, fewer clusters than k). */
  readonly warnings: readonly string[];
  /** The saved model the run started from or was scored with, if any. */
  readonly model: ModelStart | null;
  /** The page's address; for generated data it reopens the same run. */
  readonly url: string;
  readonly when: Date;
}

const count = (n: number) => n.toLocaleString('en-US');

/** A plain-text account of one run, for pasting into a report or a ticket: enough to reproduce it. */
export function runSummary({ run, data, outcome, names, warnings, model, url, when }: SummaryInputs): string {
  const { result } = outcome;
  const source = data.source;
  const lines = [`${APP_NAME} ${APP_VERSION}: run summary (${when.toISOString()})`];
  if (source.kind === 'generated') {
    lines.push(`Data: ${count(data.n)} synthetic customers, data seed ${source.seed}, segment separation ${source.separation}`);
  } else {
    const treated = source.droppedRows > 0 ? `, ${count(source.droppedRows)} rows with problems dropped` : source.imputedRows > 0 ? `, ${count(source.imputedRows)} rows with gaps filled` : '';
    lines.push(`Data: ${source.name}, ${count(source.rows)} rows${treated}; ${count(data.n)} customers clustered`);
  }
  lines.push(`Features (StandardScaler): ${data.featureNames.join(', ')}; outliers (Tukey's fences): ${run.outliers}`);
  if (result.stop === 'scored') {
    lines.push(`Scored with a saved model: k = ${result.k}, no refitting`);
  } else if (outcome.mixture) {
    const { mixture } = outcome;
    lines.push(`Gaussian mixture (EM, scikit-learn's defaults): k = ${result.k}, covariance ${mixture.covariance}, init kmeans, n_init ${run.nInit}, max_iter 100, tol 0.001, reg_covar 1e-6, init seed ${run.initSeed}`);
    lines.push(`Result: ${result.converged ? 'converged' : 'stopped at max_iter'} after ${result.iterations} EM iterations; log-likelihood ${mixture.meanLogLikelihood.toPrecision(10)} per customer (scaled features), BIC ${mixture.bic.toFixed(1)}, AIC ${mixture.aic.toFixed(1)}`);
  } else {
    const given = model?.mode === 'placed' ? 'centroids placed in the view' : `the centroids of ${model ? model.file : 'a saved model'}`;
    const init = outcome.startedFromGiven ? given : run.init;
    lines.push(`KMeans: k = ${result.k}, init ${init}, n_init ${outcome.startedFromGiven ? 1 : run.nInit}, max_iter ${run.maxIter}, tol ${run.tol}, init seed ${run.initSeed}`);
    if (outcome.startedFromGiven) {
      // In the order given, in business units: what a reader needs to start the same run again.
      const start = inverseTransformRows(result.initialCentroids, data);
      lines.push(`Initial centroids: ${Array.from({ length: result.k }, (_, j) => `${j}: ${point(start, j, data.featureNames)}`).join('; ')}`);
    }
    if (result.frozen && result.frozen.length > 0) {
      lines.push(`Frozen centroids (did not move): ${result.frozen.map((c) => `segment ${c} at ${point(outcome.centroidsInUnits, c, data.featureNames)}`).join('; ')}`);
    }
    lines.push(`Result: ${result.converged ? 'converged' : 'stopped at max_iter'} after ${result.iterations} iterations (${result.stop}), inertia ${result.inertia.toPrecision(10)}`);
  }
  const where = outcome.cpuEngine ? ` (${outcome.cpuEngine})` : outcome.adapter ? ` (adapter: ${outcome.adapter})` : '';
  lines.push(`Backend: ${result.backend === 'webgpu' ? 'WebGPU' : 'CPU'}${where}${outcome.fallbackReason ? ` (fell back: ${outcome.fallbackReason})` : ''}; ` +
    `${result.msPerIteration.toFixed(1)} ms per iteration (wall clock), ${result.msTotal.toFixed(0)} ms in total` +
    (result.gpuMsPerIteration === null ? '' : `; the assignment pass took ${result.gpuMsPerIteration.toFixed(3)} ms on the GPU's clock (timestamp queries)`));
  const total = Array.from(result.counts).reduce((a, b) => a + b, 0) || 1;
  lines.push('Segments:');
  names.forEach((name, c) => {
    const size = result.counts[c] ?? 0;
    lines.push(`  ${c}. ${name}: ${count(size)} (${((100 * size) / total).toFixed(1)}%)`);
  });
  if (warnings.length > 0) {
    lines.push('Warnings:');
    for (const warning of warnings) lines.push(`  ${warning}`);
  }
  lines.push(reopening(source.kind === 'generated', model, url));
  return lines.join('\n');
}

/** Row j of a k x d matrix in business units, feature by feature (six significant digits). */
function point(matrix: Float64Array, j: number, features: readonly string[]): string {
  const d = features.length;
  return features.map((name, f) => `${name} ${Number(matrix[j * d + f]!.toPrecision(6))}`).join(', ');
}

/** What the link can and cannot bring back, said plainly. */
function reopening(generated: boolean, model: ModelStart | null, url: string): string {
  const cannot: string[] = [];
  if (!generated) cannot.push('the imported file (import it again)');
  if (model?.mode === 'placed') cannot.push('the centroids placed in the view (listed above)');
  else if (model) cannot.push(`the model ${model.file} (load it again and ${model.mode === 'refit' ? "refit from its centroids" : "assign the customers to its segments"})`);
  if (cannot.length === 0) return `Reopen this run: ${url}`;
  return `This link reopens the settings only; it cannot carry ${cannot.join(' or ')}: ${url}`;
}
