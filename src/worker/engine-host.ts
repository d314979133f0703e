import { createCustomerGenerator, PROGRESS_ROWS } from '../data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved, type Scaler } from '../data/scaler.ts';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { runKMeans } from '../kmeans/run.ts';
import { selectEngine } from '../kmeans/select.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { sweepK, type SweepResult } from '../analysis/sweep.ts';
import type { DatasetSummary, FitOutcome, FitRequest, GenerateRequest, ProgressListener, SnapshotListener, SweepRequest } from './protocol.ts';

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
      const nextScaler = fitScaler(dataset.columns, dataset.n);
      const data = transformInterleaved(dataset.columns, dataset.n, nextScaler);
      running?.abort();
      scaler = nextScaler;
      points = { data, n: dataset.n, d: dataset.columns.length };
      const positions = data.slice();
      return env.transfer(
        { n: dataset.n, featureNames: dataset.featureNames, positions, mean: scaler.mean, scale: scaler.scale, ms: performance.now() - started },
        [positions.buffer],
      );
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

    /** Stop the current generation or fit at the next block or iteration boundary. */
    cancel(): void {
      generation++;
      running?.abort();
    },
  };
}

export type EngineHost = ReturnType<typeof createEngineHost>;
