import { createCustomerGenerator, PROGRESS_ROWS } from '../data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved, type Scaler } from '../data/scaler.ts';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { runKMeans } from '../kmeans/run.ts';
import { gpuContext, selectEngine } from '../kmeans/select.ts';
import { silhouetteOnGpu } from '../kmeans/gpu/silhouette.ts';
import type { BackendChoice } from '../kmeans/types.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { sweepK, type SweepResult } from '../analysis/sweep.ts';
import { applyOutlierPolicy, type OutlierPolicy } from '../analysis/outliers.ts';
import { sampleRows, silhouette, simplifiedSilhouette, type Silhouette } from '../analysis/silhouette.ts';
import { correlation, histogram, summarise, type FeatureSummary } from '../analysis/stats.ts';
import type { ClusterSilhouette, DatasetSummary, Exploration, FitOutcome, FitRequest, GenerateRequest, ProgressListener, SnapshotListener, SweepRequest } from './protocol.ts';

export interface HostEnvironment {
  readonly gpu: () => Promise<GPU | undefined>;
  readonly shaders: ShaderSources;
  /** Hand big arrays over without copying (comlink's transfer in the worker; identity in tests). */
  readonly transfer: <T>(value: T, buffers: ArrayBuffer[]) => T;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** Let queued messages (a cancel) run between blocks of work. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Everything heavy the page needs, meant to live in a worker: it holds the dataset, runs
 * generation and KMeans (either backend), and streams snapshots back. No DOM in here.
 * A cancelled or failed generation leaves the previous dataset in place.
 */
export function createEngineHost(env: HostEnvironment) {
  let points: PointMatrix | null = null;
  let scaler: Scaler | null = null;
  // The customers as generated or imported (business units); points derive from them.
  let raw: { columns: Float32Array[]; n: number; featureNames: readonly string[] } | null = null;
  let summaries: FeatureSummary[] | null = null;
  let outlierPolicy: OutlierPolicy = 'keep';
  // The last finished run, for the per-cluster silhouette.
  let lastRun: { labels: Uint8Array; centroids: Float64Array; k: number; points: PointMatrix } | null = null;
  let dropped = 0;

  /** The sampled silhouette on the GPU when the backend allows one; the CPU otherwise or on any GPU error. */
  async function sampledSilhouette(
    backend: BackendChoice, clustered: PointMatrix, labels: Uint8Array, k: number, rows: Uint32Array,
  ): Promise<{ silhouette: Silhouette; backend: string }> {
    if (backend !== 'cpu') {
      try {
        const context = await gpuContext(env.gpu);
        return { silhouette: await silhouetteOnGpu(context, env.shaders, clustered, labels, k, rows), backend: 'webgpu' };
      } catch {
        // No adapter, or the device failed: the CPU computes the same numbers.
      }
    }
    return { silhouette: silhouette(clustered, labels, k, rows), backend: 'cpu' };
  }

  /** Scale the (possibly outlier-treated) columns into the engines' points. */
  function derivePoints(columns: Float32Array[], n: number): DatasetSummary {
    const started = performance.now();
    running?.abort();
    scaler = fitScaler(columns, n);
    points = { data: transformInterleaved(columns, n, scaler), n, d: columns.length };
    const positions = points.data.slice();
    return env.transfer(
      { n, featureNames: raw!.featureNames, positions, mean: scaler.mean, scale: scaler.scale, ms: performance.now() - started },
      [positions.buffer],
    );
  }
  let running: AbortController | null = null;
  let generation = 0;

  return {
    async generate(request: GenerateRequest, onProgress?: ProgressListener): Promise<DatasetSummary> {
      const started = performance.now();
      const ticket = ++generation;
      const generator = createCustomerGenerator(request);
      while (generator.done() < request.n) {
        const done = generator.fill(PROGRESS_ROWS * 4);
        onProgress?.(done, request.n);
        await yieldToMessages();
        if (ticket !== generation) throw new CancelledError('generation cancelled');
      }
      const { dataset } = generator;
      raw = { columns: dataset.columns as Float32Array[], n: dataset.n, featureNames: dataset.featureNames };
      summaries = null;
      outlierPolicy = 'keep';
      dropped = 0;
      const summary = derivePoints(raw.columns, raw.n);
      return { ...summary, ms: performance.now() - started };
    },

    /** Statistics, histograms, correlations and a pairwise sample over every customer. */
    async explore(onProgress?: ProgressListener): Promise<Exploration> {
      if (!raw) throw new Error('no customers loaded yet');
      const { columns, n, featureNames } = raw;
      const d = columns.length;
      summaries = [];
      for (let f = 0; f < d; f++) {
        summaries.push(summarise(columns[f]!, n));
        onProgress?.(f + 1, d + 1);
        await yieldToMessages();
      }
      const histograms = summaries.map((s, f) => ({ lo: s.min, hi: s.max, counts: histogram(columns[f]!, n, s.min, s.max, 40) }));
      const rows = sampleRows(n, 4000, 1);
      const sample = columns.map((c) => Float32Array.from(rows, (i) => c[i]!));
      const result = { featureNames, n, summaries, histograms, correlation: correlation(columns, n), sample, outlierPolicy, dropped };
      onProgress?.(d + 1, d + 1);
      return result;
    },

    /** Keep, clip or drop outliers (Tukey's fences) before clustering; returns the new points to draw. */
    async setOutlierPolicy(policy: OutlierPolicy): Promise<DatasetSummary> {
      if (!raw) throw new Error('no customers loaded yet');
      summaries ??= raw.columns.map((c) => summarise(c, raw!.n));
      const treated = applyOutlierPolicy(raw.columns, raw.n, summaries, policy);
      outlierPolicy = policy;
      dropped = raw.n - treated.n;
      return derivePoints(treated.columns, treated.n);
    },

    async fit(request: FitRequest, onSnapshot?: SnapshotListener): Promise<FitOutcome> {
      if (!points || !scaler) throw new Error('no customers loaded yet');
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const current = points;
      const currentScaler = scaler;
      let fallbackReason: string | null = null;
      const { engine } = await selectEngine({
        backend: request.backend,
        points: current,
        k: request.k,
        gpu: env.gpu,
        shaders: env.shaders,
        onFallback: (reason) => (fallbackReason = reason),
      });
      try {
        const result = await runKMeans(engine, current, request, {
          withLabels: true,
          signal: controller.signal,
          onIteration: async (snapshot) => {
            const labels = request.labelsEachIteration ? (await engine.labels()).slice() : null;
            const message = { ...snapshot, fallbackReason };
            await onSnapshot?.(labels ? env.transfer(message, [labels.buffer]) : message, engine.backend, labels);
          },
        });
        const { labels, ...rest } = result;
        lastRun = { labels: labels!.slice(), centroids: result.centroids, k: result.k, points: current };
        const outcome = { result: rest, labels: labels!, centroidsInUnits: inverseTransformRows(result.centroids, currentScaler), fallbackReason };
        return env.transfer(outcome, [labels!.buffer as ArrayBuffer]);
      } catch (error) {
        if (controller.signal.aborted) throw new CancelledError('run cancelled');
        throw error;
      } finally {
        engine.destroy();
        if (running === controller) running = null;
      }
    },

    /** KMeans for k = 1..kMax on the chosen backend: WCSS, silhouettes and the elbow. */
    async sweep(request: SweepRequest, onProgress?: ProgressListener): Promise<SweepResult> {
      if (!points) throw new Error('no customers loaded yet');
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const current = points;
      try {
        return await sweepK(current, {
          kMax: request.kMax,
          seed: request.seed,
          sampleSize: request.sampleSize,
          signal: controller.signal,
          onProgress,
          silhouetteOf: (labels, k, rows) => sampledSilhouette(request.backend, current, labels, k, rows),
          engineFor: async (k) =>
            (await selectEngine({ backend: request.backend, points: current, k, gpu: env.gpu, shaders: env.shaders })).engine,
        });
      } catch (error) {
        if (controller.signal.aborted) throw new CancelledError('sweep cancelled');
        throw error;
      } finally {
        if (running === controller) running = null;
      }
    },

    /** Silhouettes of the last run per cluster: on a seeded sample, and centre-based over everyone. */
    async clusterSilhouette(sampleSize: number, seed: number, backend: BackendChoice): Promise<ClusterSilhouette> {
      if (!lastRun) throw new Error('no finished run yet');
      const { labels, centroids, k, points: clustered } = lastRun;
      const rows = sampleRows(clustered.n, sampleSize, seed);
      const measured = await sampledSilhouette(backend, clustered, labels, k, rows);
      const sampled = measured.silhouette;
      const simplified = simplifiedSilhouette(clustered, labels, centroids, k);
      const sampleLabels = Uint8Array.from(rows, (i) => labels[i]!);
      return {
        k, sampleSize: rows.length, exact: rows.length === clustered.n, mean: sampled.mean, perCluster: sampled.perCluster,
        values: sampled.values, labels: sampleLabels, simplifiedMean: simplified.mean, simplifiedPerCluster: simplified.perCluster,
        backend: measured.backend,
      };
    },

    /** Stop the current generation or fit at the next block or iteration boundary. */
    cancel(): void {
      generation++;
      running?.abort();
    },
  };
}

export type EngineHost = ReturnType<typeof createEngineHost>;
