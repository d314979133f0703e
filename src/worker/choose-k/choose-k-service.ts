import { createClusterTreeBuilder } from '../../analysis/cluster-tree.ts';
import { kDistanceCurve } from '../../analysis/k-distance.ts';
import { sweepMinClusterSize } from '../../analysis/density-sweep.ts';
import { suggestKOnSample } from '../../analysis/sweep.ts';
import { tableOfK } from '../../analysis/table-of-k.ts';
import { yieldToEventLoop } from '../../analysis/time-slice.ts';
import { inverseTransformRows } from '../../data/scaler.ts';
import { createCpuEngine } from '../../kmeans/cpu/engine.ts';
import { selectEngine } from '../../kmeans/select.ts';
import type { ChooseKService } from '../../protocol/host.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { cpuEngines, PAGE_SOFTWARE_GPU, type HostEnvironment } from '../environment.ts';
import { untilAborted, type Jobs } from '../jobs.ts';
import { sampledSilhouette } from '../sampled-silhouette.ts';
import type { Session } from '../session.ts';

/** Customers in the quick sweep that suggests k after an import. */
const SUGGEST_SAMPLE = 20_000;

/**
 * Yield to queued messages when 30 ms of work have passed since the last time: often enough for a
 * Cancel to land, rarely enough that a sweep of tiny runs does not pay a clamped timer each time.
 */
function yieldNowAndThen(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 30) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}

/** Choosing k: the sweep (table of k and clustering tree), a tree node's customers, a suggestion after an import. */
export function createChooseKService(env: HostEnvironment, session: Session, jobs: Jobs): ChooseKService {
  const cpu = cpuEngines(env);
  return {
    /** The k-distance curve for min_samples = k over all the customers, drawn for a seeded sample. */
    async kDistance(k, sample) {
      const { points } = session.requireData();
      return kDistanceCurve(points, k, Math.min(sample, LIMITS.silhouetteSample.max), 0);
    },

    /** HDBSCAN at each min_cluster_size, on a seeded sample of the customers. */
    sweepMinClusterSize(sizes, minSamples, sample) {
      const { points } = session.requireData();
      for (const size of sizes) {
        if (!(size >= LIMITS.minClusterSize.min && size <= points.n)) throw new RangeError(`min_cluster_size ${size} must be from ${LIMITS.minClusterSize.min} to the ${points.n} customers`);
      }
      return jobs.run('sweep', async () => sweepMinClusterSize(points, sizes, minSamples, Math.min(sample, LIMITS.silhouetteSample.max), 0));
    },

    /** The analyst opened Choose k: get the sweep's other thread ready (started, with the customers it will measure). */
    prepare() {
      const { points } = session;
      if (points) cpu.measuresAsideFor(points)?.prepare(points);
    },

    /**
     * KMeans for k = 1..kMax on the chosen backend: WCSS, silhouettes, the elbow and the indices;
     * then the gap and stability on a seeded sample, and the recommendation (the CLI's table of k).
     * A sweep leaves the run on screen alone, and cancelling it stops only the sweep.
     */
    async sweep(request, onProgress) {
      const { points: current, scaler, raw } = session.requireData();
      if (request.kMax > LIMITS.sweepKMax.max) throw new RangeError(`a sweep's largest k (${request.kMax}) is above the page's ${LIMITS.sweepKMax.max}`);
      return jobs.run('sweep', async (signal) => {
        const aside = cpu.measuresAsideFor(current);
        // The clustering tree, built as each k's fit arrives (only the previous k's labels are kept).
        const tree = createClusterTreeBuilder(current.n, raw.featureNames);
        const centroids: Float64Array[] = [];
        const table = await tableOfK(current, {
          kMax: request.kMax,
          seed: request.seed,
          sampleSize: request.sampleSize,
          resamplingSample: request.resamplingSample,
          stabilityResamples: request.stabilityResamples,
          signal,
          onProgress,
          betweenIterations: yieldNowAndThen(),
          resample: env.resampling?.run,
          measureAside: aside && { measure: aside.measure, fitsHere: await cpu.runsHere(current.n, current.d, request.threads) },
          silhouetteOf: (labels, k, rows, between) => sampledSilhouette(env, request.backend, current, labels, k, rows, between),
          onFit: (fit) => {
            tree.add(fit.k, fit.labels!, fit.counts, inverseTransformRows(fit.centroids, scaler));
            centroids.push(fit.centroids);
          },
          engineFor: async (k) => {
            const { engine } = await selectEngine({
              backend: request.backend, points: current, k, gpu: env.gpu, shaders: env.shaders, cpu: cpu.factory(request.threads), avoidSoftwareGpu: PAGE_SOFTWARE_GPU,
            });
            try {
              if (engine.backend === 'cpu') await untilAborted(cpu.prepare(current, request.threads), signal);
            } catch (error) {
              engine.destroy();
              throw error;
            }
            return engine;
          },
        });
        session.lastSweep = { points: current, centroids };
        return { ...table, tree: tree.finish() };
      });
    },

    /**
     * The customers of cluster `cluster` under the last sweep's fit for k (1: in it), for the tree's
     * highlight. One assignment pass to that fit's centroids gives its labels again: they are each
     * customer's nearest centroid (up to exact ties, or float32 rounding when the GPU swept).
     */
    async clusterMask(k, cluster) {
      const { lastSweep } = session;
      const centroids = lastSweep?.centroids[k - 1];
      if (!lastSweep || !centroids || lastSweep.points !== session.points) throw new Error('no sweep of the current customers has that k');
      if (!Number.isInteger(cluster) || cluster < 0 || cluster >= k) throw new RangeError(`k = ${k} has no cluster ${cluster}`);
      const engine = createCpuEngine(lastSweep.points, k, { workload: 'one pass' });
      try {
        await engine.assign(centroids);
        const labels = await engine.labels();
        const mask = new Uint8Array(labels.length);
        for (let i = 0; i < labels.length; i++) mask[i] = labels[i] === cluster ? 1 : 0;
        return env.transfer(mask, [mask.buffer]);
      } finally {
        engine.destroy();
      }
    },

    /**
     * The k that the elbow and the silhouette point at for the current customers, from a sweep
     * k = 1..10 (3 restarts) on a seeded sample of at most 20 000 of them on the CPU: about a
     * second, and it leaves the run on screen alone. An offer for the analyst, never applied here.
     */
    async suggestK() {
      if (!session.points) throw new Error('no customers loaded yet');
      return suggestKOnSample(session.points, SUGGEST_SAMPLE, async (sample, k) => {
        await yieldToEventLoop();
        return createCpuEngine(sample, k);
      });
    },
  };
}
