import { generateCustomers } from '../data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved, type Scaler } from '../data/scaler.ts';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { runKMeans } from '../kmeans/run.ts';
import { selectEngine } from '../kmeans/select.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import type { DatasetSummary, FitOutcome, FitRequest, GenerateRequest, ProgressListener, SnapshotListener } from './protocol.ts';

export interface HostEnvironment {
  readonly gpu: () => Promise<GPU | undefined>;
  readonly shaders: ShaderSources;
}

/**
 * Everything heavy the page needs, meant to live in a worker: it holds the dataset, runs
 * generation and KMeans (either backend), and streams snapshots back. No DOM in here.
 */
export function createEngineHost(env: HostEnvironment) {
  let points: PointMatrix | null = null;
  let scaler: Scaler | null = null;
  let running: AbortController | null = null;

  return {
    async generate(request: GenerateRequest, onProgress?: ProgressListener): Promise<DatasetSummary> {
      const started = performance.now();
      const dataset = generateCustomers({ ...request, onProgress });
      scaler = fitScaler(dataset.columns, dataset.n);
      points = { data: transformInterleaved(dataset.columns, dataset.n, scaler), n: dataset.n, d: dataset.columns.length };
      return {
        n: dataset.n,
        featureNames: dataset.featureNames,
        positions: points.data.slice(),
        mean: scaler.mean,
        scale: scaler.scale,
        ms: performance.now() - started,
      };
    },

    async fit(request: FitRequest, onSnapshot?: SnapshotListener): Promise<FitOutcome> {
      if (!points || !scaler) throw new Error('no customers loaded yet');
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const current = points;
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
            await onSnapshot?.(snapshot, engine.backend, labels);
          },
        });
        const { labels, ...rest } = result;
        return { result: rest, labels: labels!, centroidsInUnits: inverseTransformRows(result.centroids, scaler), fallbackReason };
      } finally {
        engine.destroy();
        if (running === controller) running = null;
      }
    },

    /** Stop the current fit at the next iteration boundary. */
    cancel(): void {
      running?.abort();
    },
  };
}

export type EngineHost = ReturnType<typeof createEngineHost>;
