import { inverseTransformRows, transformRows } from '../../data/scaler.ts';
import { describeAdapter } from '../../kmeans/gpu/device.ts';
import { alignFeatures } from '../../kmeans/model.ts';
import { runKMeans } from '../../kmeans/run.ts';
import { runWinningStartShown, type WinningStart } from '../../kmeans/best-start.ts';
import type { IterationSnapshot } from '../../kmeans/types.ts';
import { scoreWithModel } from '../../kmeans/score.ts';
import { selectEngine } from '../../kmeans/select.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { FitService } from '../../protocol/host.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { modelJson, type SourceData } from '../data/run-exports.ts';
import { scoreWithDensityModel } from './density-scoring.ts';
import type { Scaler } from '../../data/scaler.ts';
import type { PointMatrix } from '../../kmeans/types.ts';
import { playDensityStages, runDensityFit } from './density-fit.ts';
import { runMixtureFit } from './mixture-fit.ts';
import { createCpuEngine } from '../../kmeans/cpu/engine.ts';
import { condensedNodeMask } from '../../density/condensed-nodes.ts';
import { cpuEngines, PAGE_SOFTWARE_GPU, type HostEnvironment } from '../environment.ts';
import { untilAborted, type Jobs } from '../jobs.ts';
import type { Session } from '../session.ts';

/**
 * Runs: KMeans on the current customers on either backend, a snapshot per iteration streamed to
 * the page, the finished run kept for the other services; the run as a model; scoring with one.
 */
export function createFitService(env: HostEnvironment, session: Session, jobs: Jobs): FitService {
  const cpu = cpuEngines(env);
  /** Customers scored by a model become the current ones, in its features and scaling (the view shows them where it sees them). */
  const adoptScored = (current: SourceData, columns: Float32Array[], featureNames: readonly string[], scaler: Scaler, points: PointMatrix) => {
    session.resetDerived({ ...current, columns, featureNames });
    session.forgetPoints();
    session.scaler = scaler;
    session.points = points;
  };
  return {
    /**
     * Cluster the current customers. `onProgress` hears the share done (0 to 100) while the CPU
     * engine indexes new customers before its first pass, or while a density run runs.
     */
    async run(request, onSnapshot, onProgress) {
      const { points: current, scaler, raw: source } = session.requireData();
      if (request.algorithm === 'kmeans' && request.k > LIMITS.k.max) throw new RangeError(`k (${request.k}) is above the page's largest k (${LIMITS.k.max})`);
      const kept = session.outlierKept;
      if (request.algorithm === 'gmm') {
        return jobs.run('fit', async (signal) => {
          const helpers = env.helpers?.(request.threads) ?? [];
          const kmeansEngine = cpu.factory(request.threads) ?? createCpuEngine;
          const fit = await runMixtureFit(current, scaler, request, signal, onSnapshot, helpers, kmeansEngine);
          const { outcome } = fit;
          const { nInit, seed } = request;
          session.lastRun = {
            labels: outcome.labels.slice(), result: outcome.result, centroidsInUnits: outcome.centroidsInUnits, points: current, source, outlierKept: kept, scaler,
            params: { init: 'gmm', nInit, maxIter: 100, tol: 1e-3, seed }, mixture: { params: fit.params, top: fit.top },
          };
          return env.transfer(outcome, [outcome.labels.buffer as ArrayBuffer, outcome.mixture!.certainty.buffer as ArrayBuffer]);
        });
      }
      if (request.algorithm !== 'kmeans') {
        return jobs.run('fit', async (signal) => {
          const helpers = env.helpers?.(request.threads) ?? [];
          const fit = await runDensityFit(current, scaler, request, signal, (share) => onProgress?.(Math.round(100 * share), 100), helpers);
          onProgress?.(100, 100);
          await playDensityStages(fit, onSnapshot, signal);
          const { outcome } = fit;
          const { tol, seed } = request;
          session.lastRun = {
            labels: outcome.labels.slice(), result: outcome.result, centroidsInUnits: outcome.centroidsInUnits, points: current, source, outlierKept: kept, scaler,
            params: { init: request.algorithm, nInit: 1, maxIter: 0, tol, seed }, density: outcome.density, densityPerCustomer: fit.perCustomer, densityModel: fit.toModel,
          };
          return env.transfer(outcome, [outcome.labels.buffer as ArrayBuffer]);
        });
      }
      return jobs.run('fit', async (signal) => {
        let fallbackReason: string | null = null;
        const options = request.givenCentroids ? { ...request, init: transformRows(request.givenCentroids, scaler), nInit: 1 } : request;
        const { engine, adapter } = await selectEngine({
          backend: request.backend, points: current, k: request.k, gpu: env.gpu, shaders: env.shaders, cpu: cpu.factory(request.threads),
          onFallback: (reason) => (fallbackReason = reason), avoidSoftwareGpu: PAGE_SOFTWARE_GPU,
        });
        try {
          if (engine.backend === 'cpu') {
            signal.throwIfAborted();
            // A cancel (or new customers) ends the wait at once; the index goes on being built for later.
            await untilAborted(cpu.prepare(current, request.threads, (share) => onProgress?.(Math.round(100 * share), 100)), signal);
          }
          const send = async (snapshot: IterationSnapshot, winner?: WinningStart) => {
            const labels = request.labelsEachIteration ? (await engine.labels()).slice() : null;
            const message = { ...snapshot, fallbackReason, ...(winner ? { winner } : {}) };
            await onSnapshot?.(labels ? env.transfer(message, [labels.buffer]) : message, engine.backend, labels);
          };
          // A page that plays every iteration is shown the winning start only: the other starts run
          // unseen first (watching three starts at the opening's pace took half a minute).
          const playWinner = request.labelsEachIteration && (options.nInit ?? 1) > 1 && !(options.init instanceof Float64Array);
          const result = playWinner
            ? await runWinningStartShown(engine, current, options, { withLabels: true, signal, onIteration: send })
            : await runKMeans(engine, current, options, { withLabels: true, signal, onIteration: (snapshot) => send(snapshot) });
          const { labels, ...rest } = result;
          const centroidsInUnits = inverseTransformRows(result.centroids, scaler);
          const { init, nInit, maxIter, tol, seed, givenCentroids } = request;
          session.lastRun = {
            labels: labels!.slice(), result: rest, centroidsInUnits, points: current, source, outlierKept: kept, scaler,
            // A saved model says which centroids were frozen (result numbering, as its centroids are).
            params: { init: givenCentroids ? 'given' : init, nInit, maxIter, tol, seed, ...(rest.frozen?.length ? { frozen: rest.frozen } : {}) },
          };
          const cpuEngine = result.backend === 'cpu' ? await cpu.describe(current.n, current.d, request.threads) : null;
          const adapterName = result.backend === 'webgpu' && adapter ? describeAdapter(adapter) : null;
          const outcome: FitOutcome = { result: rest, labels: labels!, centroidsInUnits, fallbackReason, startedFromGiven: Boolean(givenCentroids), cpuEngine, adapter: adapterName, density: null, mixture: null };
          return env.transfer(outcome, [labels!.buffer as ArrayBuffer]);
        } finally {
          engine.destroy();
        }
      });
    },

    condensedNodeMask(node) {
      const tree = session.requireRun('no finished run yet').densityPerCustomer?.condensedTree;
      if (!tree) throw new Error('the last run has no condensed tree (it was not HDBSCAN)');
      return condensedNodeMask(tree, session.requireRun('').labels.length, node);
    },

    /** The last run as a model file (JSON text), with the page's segment names. */
    exportModel(names) {
      return modelJson(session.requireRun('no finished run to save yet'), names);
    },

    /**
     * Assign the current customers to a saved model's segments without refitting: the model's
     * scaler and centroids decide. The points are re-scaled with the model's scaler, so the view
     * shows the customers where the model sees them.
     */
    async score(saved) {
      if (!session.raw) throw new Error('no customers loaded yet');
      if (saved.kind === 'density') {
        jobs.cancel('fit');
        const current = session.raw;
        const { fit, columns, scaler, points } = scoreWithDensityModel(saved.model, current);
        const { outcome } = fit;
        adoptScored(current, columns, saved.model.features, scaler, points);
        session.lastRun = {
          labels: outcome.labels.slice(), result: outcome.result, centroidsInUnits: outcome.centroidsInUnits, points, source: session.raw!, outlierKept: null, scaler,
          params: { init: saved.model.algorithm, nInit: 1, maxIter: 0, tol: 0, seed: 0 }, density: outcome.density, densityPerCustomer: fit.perCustomer,
        };
        const data = scoredSummary(current, saved.model.features, points, scaler, outcome.result.msTotal);
        return env.transfer({ data, outcome }, [data.positions.buffer as ArrayBuffer, outcome.labels.buffer as ArrayBuffer]);
      }
      const { model } = saved;
      const current = session.raw;
      const order = alignFeatures(model, current.featureNames);
      jobs.cancel('fit');
      const started = performance.now();
      const columns = order.map((f) => current.columns[f]!);
      const scored = await scoreWithModel(model, columns, current.n);
      const { result, scaler, points } = scored;
      adoptScored(current, columns, model.features, scaler, points);
      const centroidsInUnits = Float64Array.from(model.centroids.flat());
      session.lastRun = { labels: scored.labels.slice(), result, centroidsInUnits, points, source: session.raw!, outlierKept: null, scaler, params: model.params };
      const data = scoredSummary(current, model.features, points, scaler, performance.now() - started);
      const outcome: FitOutcome = { result, labels: scored.labels, centroidsInUnits, fallbackReason: null, startedFromGiven: false, cpuEngine: null, adapter: null, density: null, mixture: null };
      return env.transfer({ data, outcome }, [data.positions.buffer as ArrayBuffer, scored.labels.buffer as ArrayBuffer]);
    },
  };
}

/** The customers as a model sees them: its features, scaled by its scaler (the positions are a copy the page may keep). */
function scoredSummary(current: SourceData, featureNames: readonly string[], points: PointMatrix, scaler: Scaler, ms: number): DatasetSummary {
  return { n: current.n, featureNames, positions: points.data.slice(), mean: scaler.mean, scale: scaler.scale, ms, source: current.source };
}
