import { inverseTransformRows, type Scaler } from '../../data/scaler.ts';
import type { AssignEngine, PointMatrix } from '../../kmeans/types.ts';
import { UNCERTAIN_BELOW } from '../../mixture/certainty.ts';
import { fitMixture, type MixtureIteration } from '../../mixture/fit.ts';
import type { MixtureParams } from '../../mixture/gaussian.ts';
import { threadedMixtureEngine, type MixtureHelper } from '../../mixture/threads.ts';
import type { FitOutcome, FitRequest, SnapshotListener } from '../../protocol/fit.ts';

/** A mixture run in the page's terms, and what the worker keeps of it (the hover card's memberships, the export's probabilities). */
export interface MixtureFit {
  readonly outcome: FitOutcome;
  readonly params: MixtureParams;
  readonly top: Float32Array;
}

/**
 * A Gaussian mixture of the page's customers by EM, with scikit-learn's defaults (KMeans starts,
 * tol 1e-3, at most 100 iterations, reg_covar 1e-6), as `kmeans fit --algorithm gmm` runs it.
 * Each iteration is a snapshot: the customers coloured by their likeliest component under the
 * E-step's parameters, the centres at the M-step's means.
 */
export async function runMixtureFit(
  points: PointMatrix, scaler: Scaler, request: FitRequest, signal: AbortSignal, onSnapshot: SnapshotListener | undefined,
  helpers: readonly MixtureHelper[], kmeansEngine: (points: PointMatrix, k: number) => AssignEngine,
): Promise<MixtureFit> {
  const { k, d } = { k: request.k, d: points.d };
  const engine = await threadedMixtureEngine(points, helpers, kmeansEngine);
  let lastMeans: Float64Array | null = null;
  let lastLabels: Uint8Array | null = null;
  let iterationStarted = performance.now();
  const onIteration = async (step: MixtureIteration) => {
    const { params, eStep, lowerBound, restart, iteration } = step;
    const labels = request.labelsEachIteration ? (await engine.label(eStep)).labels : null;
    const counts = new Float64Array(k);
    let changed = 0;
    if (labels) {
      for (let i = 0; i < labels.length; i++) {
        counts[labels[i]!]!++;
        if (!lastLabels || lastLabels[i] !== labels[i]) changed++;
      }
    }
    let shift = 0;
    if (lastMeans && iteration > 1) for (let i = 0; i < k * d; i++) shift += (params.means[i]! - lastMeans[i]!) ** 2;
    lastMeans = params.means;
    lastLabels = labels;
    const now = performance.now();
    const message = {
      restart, iteration, centroids: params.means, counts, inertia: Number.NaN, shift: iteration > 1 ? shift : Number.NaN, changed, emptyClusters: 0,
      ms: now - iterationStarted, gpuMs: null, fallbackReason: null,
      em: { logLikelihood: lowerBound, covariance: params.covariance, covariances: params.covariances },
    };
    await onSnapshot?.(message, 'cpu', labels);
    iterationStarted = performance.now();
  };
  try {
    const result = await fitMixture(points, { k, covariance: request.covariance, nInit: request.nInit, seed: request.seed, init: 'kmeans' }, engine, { onIteration, signal });
    const { params, labels, top } = result;
    const counts = new Float64Array(k);
    let uncertain = 0;
    for (let i = 0; i < points.n; i++) {
      counts[labels[i]!]!++;
      if (top[i]! < UNCERTAIN_BELOW) uncertain++;
    }
    // The page's copy: the worker keeps its own for the export.
    const certainty = top.slice();
    const where = engine.threads > 1 ? `${engine.threads} threads` : 'one thread';
    const outcome: FitOutcome = {
      result: {
        backend: 'cpu', k, n: points.n, d, centroids: params.means, counts, inertia: Number.NaN, iterations: result.iterations, converged: result.converged,
        stop: result.converged ? 'tol' : 'max-iter', canonical: result.canonical, initialCentroids: params.means, bestRestart: result.bestRestart,
        emptyClusterEvents: 0, msTotal: result.msTotal, msPerIteration: result.msTotal / Math.max(1, result.iterations), gpuMsPerIteration: null,
      },
      labels,
      centroidsInUnits: inverseTransformRows(params.means, scaler),
      fallbackReason: null, startedFromGiven: false, cpuEngine: `EM (${request.covariance} covariances) on ${where}`, adapter: null, density: null,
      mixture: {
        covariance: params.covariance, weights: params.weights, covariances: params.covariances, meanLogLikelihood: result.meanLogLikelihood,
        bic: result.bic, aic: result.aic, certainty, uncertainShare: uncertain / points.n, uncertainBelow: UNCERTAIN_BELOW,
      },
    };
    return { outcome, params, top };
  } finally {
    await engine.close();
  }
}
