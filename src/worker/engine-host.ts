import { createCustomerGenerator, PROGRESS_ROWS } from '../data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved, type Scaler } from '../data/scaler.ts';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { cpuAlgorithmFor, createCpuEngine } from '../kmeans/cpu/engine.ts';
import { cpuKernelName } from '../kmeans/cpu/hamerly.ts';
import { prepareLocalForest } from '../kmeans/cpu/kdtree/forest.ts';
import { runKMeans } from '../kmeans/run.ts';
import { gpuContext, selectEngine } from '../kmeans/select.ts';
import { silhouetteOnGpu } from '../kmeans/gpu/silhouette.ts';
import { describeAdapter } from '../kmeans/gpu/device.ts';
import type { BackendChoice } from '../kmeans/types.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import { suggestKOnSample, type KSuggestion } from '../analysis/sweep.ts';
import { tableOfK } from '../analysis/table-of-k.ts';
import { createClusterTreeBuilder } from '../analysis/cluster-tree.ts';
import { applyOutlierPolicy, type OutlierPolicy } from '../analysis/outliers.ts';
import { silhouette, silhouetteInSlices, simplifiedSilhouette, type Silhouette } from '../analysis/silhouette.ts';
import { sampleRows } from '../data/random.ts';
import { clusterStability } from '../analysis/cluster-stability.ts';
import { compareRuns, labelsBySourceRow, type RunComparison, type RunLabels } from '../analysis/run-comparison.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { MEASURE_ASIDE_MAX_ROWS, type ResamplingThread } from './resampling-thread.ts';
import { yieldToEventLoop } from '../analysis/time-slice.ts';
import { correlation, histogram, summarise, type FeatureSummary } from '../analysis/stats.ts';
import { isParquet, previewParquet, readParquetFeatureColumns } from '../data/parquet-import.ts';
import { previewCsv, readFeatureColumns, resolveBadRows, type BadRowChoice, type ColumnFormats, type ImportReport, type StagedImport } from '../data/csv-import.ts';
import type { ExportLayout } from '../data/csv-export.ts';
import { transformRows } from '../data/scaler.ts';
import { alignFeatures, type SegmentModel } from '../kmeans/model.ts';
import { scoreWithModel } from '../kmeans/score.ts';
import { centroidDistances, CustomerRows, type CustomerSearch } from './customers.ts';
import { modelJson, segmentedCsvBlob, type FinishedRun, type SourceData } from './run-exports.ts';
import type { ClusterSilhouette, CustomerCard, ExplorationBySegment, SelectionSummary, SegmentStabilityReport, DataSource, DatasetSummary, Exploration, FitOutcome, FitRequest, GenerateRequest, ProgressListener, SnapshotListener, SweepOutcome, SweepProgressListener, SweepRequest } from './protocol.ts';

export interface HostEnvironment {
  readonly gpu: () => Promise<GPU | undefined>;
  readonly shaders: ShaderSources;
  /** Hand big arrays over without copying (comlink's transfer in the worker; identity in tests). */
  readonly transfer: <T>(value: T, buffers: ArrayBuffer[]) => T;
  /**
   * The CPU engine for a thread count (0: automatic); the page's worker spreads the slices over
   * helper workers. Default: this thread.
   */
  readonly cpu?: (points: PointMatrix, k: number, threads: number) => AssignEngine;
  /**
   * Build the CPU engine's index of these points (kd-trees) in the helpers for a thread count,
   * telling progress (0 to 1); null where this thread's engine serves (it indexes here).
   */
  readonly prepareCpu?: (points: PointMatrix, threads: number, onProgress?: (share: number) => void) => Promise<void> | null;
  /** Free the CPU engine's index of the last points (new customers replace them). */
  readonly forgetCpu?: () => void;
  /** Where that engine's passes run, in words; null when on this thread. */
  readonly describeCpu?: (n: number, d: number, threads: number) => Promise<string | null>;
  /**
   * Where the Choose-k table's gap and stability run, and then the CPU sweep's measures
   * (default: this thread, beside the sweep).
   */
  readonly resampling?: ResamplingThread;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

/**
 * Yield to queued messages when 30 ms of work have passed since the last time: often enough for a
 * Cancel to land, rarely enough that a sweep of tiny runs does not pay a clamped timer each time.
 */
function yieldNowAndThen(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 30) return;
    await yieldToMessages();
    last = performance.now();
  };
}

/** The Explore tab's histogram bins and pairwise-view sample (the same rows every time). */
const EXPLORE_BINS = 40;
const EXPLORE_SAMPLE = 4000;

/** Customers in the quick sweep that suggests k after an import. */
const SUGGEST_SAMPLE = 20_000;

/** `work`, or the signal's abort if that comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return Promise.race([
    work,
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
  ]);
}

/** Let queued messages (a cancel) run between blocks of work. */
const yieldToMessages = yieldToEventLoop;

/**
 * Everything heavy the page needs, meant to live in a worker: it holds the dataset, runs
 * generation and KMeans (either backend), and streams snapshots back. No DOM in here.
 * A cancelled or failed generation leaves the previous dataset in place.
 */
export function createEngineHost(env: HostEnvironment) {
  /** The resampling worker, to share a sweep's measures: its copy of the customers is worth its memory up to a few million. */
  const measuresAsideFor = (p: PointMatrix) => (p.n <= MEASURE_ASIDE_MAX_ROWS ? env.resampling : undefined);
  const cpuFactory = (threads: number) => (env.cpu ? (p: PointMatrix, k: number) => env.cpu!(p, k, threads) : undefined);
  /** Index new points for the CPU engine before its first pass, so the wait shows progress. */
  const prepareCpu = async (p: PointMatrix, threads: number, onProgress?: (share: number) => void) => {
    const inHelpers = env.prepareCpu?.(p, threads, onProgress);
    if (inHelpers) await inHelpers;
    else if (cpuAlgorithmFor(p.n, p.d) === 'kd-tree filtering') await prepareLocalForest(p, onProgress);
  };
  const describeCpu = async (n: number, d: number, threads: number) => {
    const algorithm = cpuAlgorithmFor(n, d);
    return (await env.describeCpu?.(n, d, threads)) ?? `${algorithm}, ${algorithm === 'Hamerly' ? cpuKernelName(d) : 'JavaScript'}, one thread`;
  };
  let points: PointMatrix | null = null;
  let scaler: Scaler | null = null;
  // The customers as generated or imported (business units); points derive from them.
  let raw: SourceData | null = null;
  // A parsed file waiting for the user's decision about its bad rows; never the live dataset.
  let staged: { import: StagedImport; file: Blob } | null = null;
  // Rows of `raw` that the outlier policy keeps (null: all).
  let outlierKept: Uint8Array | null = null;
  let summaries: FeatureSummary[] | null = null;
  let outlierPolicy: OutlierPolicy = 'keep';
  // The last finished run, for the per-cluster silhouette.
  let lastRun: FinishedRun | null = null;
  // Which customer each drawn row is: built on first use, forgotten with the rows it maps.
  let customerRows: CustomerRows | null = null;
  const customersNow = () => (customerRows ??= new CustomerRows(raw!, outlierKept));
  // A run pinned for comparison: where its customers came from (a generation or an import: scoring
  // with a model keeps them) and its labels per source row.
  let pinned: { origin: DataSource; run: RunLabels } | null = null;
  // The last sweep's centroids per k (scaled, canonical) and the points swept: a tree node's
  // customers are found again by one assignment pass, rather than keeping every k's labels.
  let lastSweep: { points: PointMatrix; centroids: Float64Array[] } | null = null;
  let dropped = 0;

  /** The sampled silhouette on the GPU when the backend allows one; the CPU otherwise or on any GPU error. */
  async function sampledSilhouette(
    backend: BackendChoice, clustered: PointMatrix, labels: Uint8Array, k: number, rows: Uint32Array, between?: () => Promise<void>,
  ): Promise<{ silhouette: Silhouette; backend: string }> {
    if (backend !== 'cpu') {
      try {
        const context = await gpuContext(env.gpu);
        return { silhouette: await silhouetteOnGpu(context, env.shaders, clustered, labels, k, rows), backend: 'webgpu' };
      } catch {
        // No adapter, or the device failed: the CPU computes the same numbers.
      }
    }
    const measured = between ? await silhouetteInSlices(clustered, labels, k, rows, between) : silhouette(clustered, labels, k, rows);
    return { silhouette: measured, backend: 'cpu' };
  }

  /** Scale the (possibly outlier-treated) columns into the engines' points. */
  function derivePoints(columns: Float32Array[], n: number): DatasetSummary {
    const started = performance.now();
    customerRows = null;
    running?.abort();
    sweeping?.abort();
    env.forgetCpu?.();
    env.resampling?.forget();
    lastSweep = null;
    scaler = fitScaler(columns, n);
    points = { data: transformInterleaved(columns, n, scaler), n, d: columns.length };
    const positions = points.data.slice();
    return env.transfer(
      { n, featureNames: raw!.featureNames, positions, mean: scaler.mean, scale: scaler.scale, ms: performance.now() - started, source: raw!.source },
      [positions.buffer],
    );
  }

  /** New customers: outlier policy back to keep, statistics and the old run forgotten. */
  function resetDerived(next: SourceData): void {
    raw = next;
    summaries = null;
    outlierPolicy = 'keep';
    outlierKept = null;
    dropped = 0;
    lastRun = null;
  }

  /** Make these customers the current dataset and scale them. */
  function replaceData(next: SourceData): DatasetSummary {
    resetDerived(next);
    return derivePoints(next.columns, next.n);
  }

  let running: AbortController | null = null;
  let sweeping: AbortController | null = null;
  let generation = 0;
  // Imports and exports have their own tickets: cancelling one must not stop the run on screen.
  let importTicket = 0;
  let exportTicket = 0;
  let exploreTicket = 0;

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
      const source: DataSource = { kind: 'generated', seed: request.seed, separation: request.separation };
      const summary = replaceData({ columns: dataset.columns as Float32Array[], n: dataset.n, featureNames: dataset.featureNames, source, dataset, fileKept: null });
      return { ...summary, ms: performance.now() - started };
    },

    /** Statistics, histograms, correlations and a pairwise sample over every customer. */
    async explore(onProgress?: ProgressListener): Promise<Exploration> {
      if (!raw) throw new Error('no customers loaded yet');
      const ticket = ++exploreTicket;
      const { columns, n, featureNames } = raw;
      const d = columns.length;
      const computed: FeatureSummary[] = [];
      for (let f = 0; f < d; f++) {
        computed.push(summarise(columns[f]!, n));
        onProgress?.(f + 1, d + 1);
        await yieldToMessages();
        if (ticket !== exploreTicket) throw new CancelledError('exploration cancelled');
      }
      if (raw.columns !== columns) throw new CancelledError('exploration cancelled: the customers changed');
      summaries = computed;
      const histograms = summaries.map((s, f) => ({ lo: s.min, hi: s.max, counts: histogram(columns[f]!, n, s.min, s.max, EXPLORE_BINS) }));
      const rows = sampleRows(n, EXPLORE_SAMPLE, 1);
      const sample = columns.map((c) => Float32Array.from(rows, (i) => c[i]!));
      const result = { featureNames, n, summaries, histograms, correlation: correlation(columns, n), sample, outlierPolicy, dropped };
      onProgress?.(d + 1, d + 1);
      return result;
    },

    /**
     * The Explore charts split by the finished run's segments (null while no run of these customers
     * has finished): the clusters of the pairwise views' sample, and every histogram per segment.
     */
    exploreSegments(): ExplorationBySegment | null {
      if (!raw || !summaries || !lastRun || lastRun.points !== points) return null;
      const { columns, n } = raw;
      const { labels } = lastRun;
      const k = lastRun.result.k;
      // Each source row's cluster (-1 where the outlier policy left it out).
      const clusterOf = new Int16Array(n);
      for (let i = 0, drawn = 0; i < n; i++) clusterOf[i] = !outlierKept || outlierKept[i] ? labels[drawn++]! : -1;
      const histograms = summaries.map((s, f) => {
        const counts = new Float64Array(k * EXPLORE_BINS);
        const width = (s.max - s.min) / EXPLORE_BINS || 1;
        const column = columns[f]!;
        for (let i = 0; i < n; i++) {
          const c = clusterOf[i]!;
          const v = column[i]!;
          if (c < 0 || !Number.isFinite(v) || v < s.min || v > s.max) continue;
          counts[c * EXPLORE_BINS + Math.min(EXPLORE_BINS - 1, Math.floor((v - s.min) / width))]!++;
        }
        return counts;
      });
      const sampleClusters = Int16Array.from(sampleRows(n, EXPLORE_SAMPLE, 1), (i) => clusterOf[i]!);
      return { k, sampleClusters, histograms };
    },

    /** Keep, clip or drop outliers (Tukey's fences) before clustering; returns the new points to draw. */
    async setOutlierPolicy(policy: OutlierPolicy): Promise<DatasetSummary> {
      if (!raw) throw new Error('no customers loaded yet');
      summaries ??= raw.columns.map((c) => summarise(c, raw!.n));
      const treated = applyOutlierPolicy(raw.columns, raw.n, summaries, policy);
      outlierPolicy = policy;
      outlierKept = treated.kept;
      dropped = raw.n - treated.n;
      return derivePoints(treated.columns, treated.n);
    },

    /**
     * Cluster the current customers. `onIndexing` hears the share done (0 to 100) while the CPU
     * engine indexes new customers before its first pass.
     */
    async fit(request: FitRequest, onSnapshot?: SnapshotListener, onIndexing?: ProgressListener): Promise<FitOutcome> {
      if (!points || !scaler) throw new Error('no customers loaded yet');
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const current = points;
      const currentScaler = scaler;
      const currentSource = raw!;
      const currentKept = outlierKept;
      let fallbackReason: string | null = null;
      const options = request.givenCentroids ? { ...request, init: transformRows(request.givenCentroids, currentScaler), nInit: 1 } : request;
      const { engine, adapter } = await selectEngine({
        backend: request.backend,
        points: current,
        k: request.k,
        gpu: env.gpu,
        shaders: env.shaders,
        cpu: cpuFactory(request.threads),
        onFallback: (reason) => (fallbackReason = reason),
      });
      try {
        if (engine.backend === 'cpu') {
          controller.signal.throwIfAborted();
          // A cancel (or new customers) ends the wait at once; the index goes on being built for later.
          await untilAborted(prepareCpu(current, request.threads, (share) => onIndexing?.(Math.round(100 * share), 100)), controller.signal);
        }
        const result = await runKMeans(engine, current, options, {
          withLabels: true,
          signal: controller.signal,
          onIteration: async (snapshot) => {
            const labels = request.labelsEachIteration ? (await engine.labels()).slice() : null;
            const message = { ...snapshot, fallbackReason };
            await onSnapshot?.(labels ? env.transfer(message, [labels.buffer]) : message, engine.backend, labels);
          },
        });
        const { labels, ...rest } = result;
        const centroidsInUnits = inverseTransformRows(result.centroids, currentScaler);
        const { init, nInit, maxIter, tol, seed, givenCentroids } = request;
        lastRun = {
          labels: labels!.slice(), result: rest, centroidsInUnits, points: current, source: currentSource, outlierKept: currentKept,
          // A saved model says which centroids were frozen (result numbering, as its centroids are).
          scaler: currentScaler, params: { init: givenCentroids ? 'given' : init, nInit, maxIter, tol, seed, ...(rest.frozen?.length ? { frozen: rest.frozen } : {}) },
        };
        const cpuEngine = result.backend === 'cpu' ? await describeCpu(current.n, current.d, request.threads) : null;
        const adapterName = result.backend === 'webgpu' && adapter ? describeAdapter(adapter) : null;
        const outcome = { result: rest, labels: labels!, centroidsInUnits, fallbackReason, startedFromGiven: Boolean(request.givenCentroids), cpuEngine, adapter: adapterName };
        return env.transfer(outcome, [labels!.buffer as ArrayBuffer]);
      } catch (error) {
        if (controller.signal.aborted) throw new CancelledError('run cancelled');
        throw error;
      } finally {
        engine.destroy();
        if (running === controller) running = null;
      }
    },

    /** The analyst opened Choose k: get the sweep's other thread ready (started, with the customers it will measure). */
    prepareSweep(): void {
      if (points) measuresAsideFor(points)?.prepare(points);
    },

    /**
     * KMeans for k = 1..kMax on the chosen backend: WCSS, silhouettes, the elbow and the indices;
     * then the gap and stability on a seeded sample, and the recommendation (the CLI's table of k).
     */
    async sweep(request: SweepRequest, onProgress?: SweepProgressListener): Promise<SweepOutcome> {
      if (!points || !scaler || !raw) throw new Error('no customers loaded yet');
      // Its own controller: a sweep leaves the run on screen alone, and cancelling it stops only the sweep.
      sweeping?.abort();
      const controller = new AbortController();
      sweeping = controller;
      const current = points;
      const aside = measuresAsideFor(current);
      const currentScaler = scaler;
      // The clustering tree, built as each k's fit arrives (only the previous k's labels are kept).
      const tree = createClusterTreeBuilder(current.n, raw.featureNames);
      const centroids: Float64Array[] = [];
      try {
        const table = await tableOfK(current, {
          kMax: request.kMax,
          seed: request.seed,
          sampleSize: request.sampleSize,
          resamplingSample: request.resamplingSample,
          stabilityResamples: request.stabilityResamples,
          signal: controller.signal,
          onProgress,
          betweenIterations: yieldNowAndThen(),
          resample: env.resampling?.run,
          measureAside: aside && { measure: aside.measure, fitsHere: (await env.describeCpu?.(current.n, current.d, request.threads) ?? null) === null },
          silhouetteOf: (labels, k, rows, between) => sampledSilhouette(request.backend, current, labels, k, rows, between),
          onFit: (fit) => {
            tree.add(fit.k, fit.labels!, fit.counts, inverseTransformRows(fit.centroids, currentScaler));
            centroids.push(fit.centroids);
          },
          engineFor: async (k) => {
            const { engine } = await selectEngine({ backend: request.backend, points: current, k, gpu: env.gpu, shaders: env.shaders, cpu: cpuFactory(request.threads) });
            try {
              if (engine.backend === 'cpu') await untilAborted(prepareCpu(current, request.threads), controller.signal);
            } catch (error) {
              engine.destroy();
              throw error;
            }
            return engine;
          },
        });
        lastSweep = { points: current, centroids };
        return { ...table, tree: tree.finish() };
      } catch (error) {
        if (controller.signal.aborted) throw new CancelledError('sweep cancelled');
        throw error;
      } finally {
        if (sweeping === controller) sweeping = null;
      }
    },

    /**
     * The customers of cluster `cluster` under the last sweep's fit for k (1: in it), for the tree's
     * highlight. One assignment pass to that fit's centroids gives its labels again: they are each
     * customer's nearest centroid (up to exact ties, or float32 rounding when the GPU swept).
     */
    async sweepClusterMask(k: number, cluster: number): Promise<Uint8Array> {
      const centroids = lastSweep?.centroids[k - 1];
      if (!lastSweep || !centroids || lastSweep.points !== points) throw new Error('no sweep of the current customers has that k');
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

    /** Silhouettes of the last run per cluster: on a seeded sample, and centre-based over everyone. */
    async clusterSilhouette(sampleSize: number, seed: number, backend: BackendChoice): Promise<ClusterSilhouette> {
      if (!lastRun) throw new Error('no finished run yet');
      const { labels, points: clustered } = lastRun;
      const { centroids, k } = lastRun.result;
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

    /**
     * How well each segment of the last run survives resampling (clusterboot): `resamples` seeded
     * subsets of 80 % of a seeded sample of at most `sampleSize` customers, each clustered with the
     * same k, and each segment's best Jaccard overlap with their clusters.
     */
    async segmentStability(sampleSize: number, resamples: number, seed: number): Promise<SegmentStabilityReport> {
      if (!lastRun) throw new Error('no finished run yet');
      const run = lastRun;
      const { k } = run.result;
      const rows = sampleRows(run.points.n, sampleSize, seed);
      const sample = gatherRows(run.points, rows);
      const result = await clusterStability(sample, Uint8Array.from(rows, (i) => run.labels[i]!), k, {
        resamples, seed,
        // Between fits: a newer run makes this one moot.
        afterFit: async () => {
          await yieldToMessages();
          if (lastRun !== run) throw new CancelledError('stability cancelled: a newer run replaced this one');
        },
      });
      return { k, perCluster: result.perCluster, resamples, sampleSize: rows.length, subsetSize: result.subsetSize };
    },

    /** Keep the last run's segments to compare later runs with (the page names them). */
    pinRun(): { k: number; n: number } {
      if (!lastRun) throw new Error('no finished run to pin yet');
      pinned = { origin: lastRun.source.source, run: { k: lastRun.result.k, labels: labelsBySourceRow(lastRun.labels, lastRun.outlierKept) } };
      return { k: pinned.run.k, n: pinned.run.labels.length };
    },

    unpinRun(): void {
      pinned = null;
    },

    /**
     * The last run against the pinned one, on the customers both clustered: the adjusted Rand
     * index, the migration table and each pinned segment's best match. Null when nothing is pinned.
     */
    compareWithPinned(): RunComparison | null {
      if (!pinned || !lastRun) return null;
      if (lastRun.source.source !== pinned.origin) throw new Error('the customers changed since the pinned run (new or imported data): pin a run of these customers to compare');
      return compareRuns(pinned.run, { k: lastRun.result.k, labels: labelsBySourceRow(lastRun.labels, lastRun.outlierKept) });
    },

    /** The header, first rows and proposed features of a CSV file (nothing changes yet). */
    async previewCsv(file: Blob, name: string, wanted?: readonly string[]) {
      return (await isParquet(file)) ? previewParquet(file, name, wanted) : previewCsv(file, name, wanted);
    },

    /**
     * Read the chosen columns of a whole file into typed arrays, in the background, and report
     * its bad rows. The file is staged: the current customers stay until commitImport().
     * `formats`: every column's number format as the user confirmed it (detected when absent).
     */
    async importCsv(file: Blob, name: string, features: readonly number[], onProgress?: ProgressListener, formats?: ColumnFormats): Promise<ImportReport> {
      const controller = new AbortController();
      const ticket = ++importTicket;
      staged = null;
      try {
        const read = (await isParquet(file)) ? readParquetFeatureColumns : readFeatureColumns;
        const result = await read(file, name, features, {
          formats,
          signal: controller.signal,
          onProgress: async (done, total) => {
            onProgress?.(done, total);
            await yieldToMessages();
            if (ticket !== importTicket) controller.abort();
          },
        });
        staged = { import: result, file };
        return result.report;
      } catch (error) {
        if (controller.signal.aborted) throw new CancelledError('import cancelled');
        throw error;
      }
    },

    /** Make the staged file the current customers, dropping or filling its bad rows as chosen. */
    commitImport(choice: BadRowChoice): DatasetSummary {
      if (!staged) throw new Error('no file is waiting to be imported');
      const { import: parsed, file } = staged;
      const resolved = resolveBadRows(parsed, choice);
      const { report } = parsed;
      const source: DataSource = {
        kind: 'file', name: report.file, rows: report.rows, bytes: report.bytes, ms: report.ms,
        droppedRows: report.rows - resolved.n, imputedRows: resolved.kept ? 0 : report.badRows,
      };
      staged = null;
      return replaceData({ columns: resolved.columns, n: resolved.n, featureNames: report.featureNames, source, file, fileKept: resolved.kept, fileFormats: parsed.formats, identifier: parsed.identifier, searchable: parsed.searchable });
    },

    /** Forget a staged file; the current customers were never touched. */
    discardImport(): void {
      staged = null;
    },

    /** Stop a sweep (the run on screen carries on). */
    cancelSweep(): void {
      sweeping?.abort();
    },

    /** Stop an exploration (the run on screen carries on). */
    cancelExplore(): void {
      exploreTicket++;
    },

    /**
     * The k that the elbow and the silhouette point at for the current customers, from a sweep
     * k = 1..10 (3 restarts) on a seeded sample of at most 20 000 of them on the CPU: about a
     * second, and it leaves the run on screen alone. An offer for the analyst, never applied here.
     */
    async suggestK(): Promise<KSuggestion> {
      if (!points) throw new Error('no customers loaded yet');
      return suggestKOnSample(points, SUGGEST_SAMPLE, async (sample, k) => {
        await yieldToMessages();
        return createCpuEngine(sample, k);
      });
    },

    /** Stop an export being written; nothing is downloaded. */
    cancelExport(): void {
      exportTicket++;
    },

    /** Stop an import being read (the current customers and run carry on). */
    cancelImport(): void {
      importTicket++;
      staged = null;
    },

    /**
     * segmented_customers.csv of the last run: every source column, then Cluster and Segment,
     * built chunk by chunk into a Blob (the browser keeps big blobs out of the JS heap).
     * `layout`: an imported file's delimiter, decimal mark and BOM as imported, or comma and dot.
     */
    async exportCsv(names: readonly string[], onProgress?: ProgressListener, layout?: ExportLayout, selection?: Uint8Array): Promise<Blob> {
      if (!lastRun) throw new Error('no finished run to export yet');
      if (selection && selection.length !== lastRun.points.n) throw new RangeError(`a selection of ${selection.length} customers for ${lastRun.points.n}`);
      const ticket = ++exportTicket;
      return segmentedCsvBlob(lastRun, names, onProgress, async () => {
        await yieldToMessages();
        if (ticket !== exportTicket) throw new CancelledError('export cancelled');
      }, layout, selection);
    },

    /** The customer drawn at `row`: id, values in business units, cluster and distances to the centroids. */
    customerCard(row: number): CustomerCard {
      if (!points || !raw) throw new Error('no customers loaded yet');
      if (!(row >= 0 && row < points.n)) throw new RangeError(`no customer is drawn at row ${row}`);
      const rows = customersNow();
      const sourceRow = rows.sourceRow(row);
      const values = raw.columns.map((column) => column[sourceRow]!);
      const run = lastRun && lastRun.points === points ? lastRun : null;
      const cluster = run ? run.labels[row]! : null;
      const distances = run ? centroidDistances(points, row, run.result.centroids, run.result.k, cluster!) : { own: Number.NaN, runnerUp: Number.NaN, runnerUpCluster: -1 };
      return { row, ...rows.identify(row), values, cluster, distance: distances.own, runnerUp: distances.runnerUp, runnerUpCluster: distances.runnerUpCluster };
    },

    /** The customer an id names (or a file's "row N"), the customers a text names, or why none. */
    findCustomer(query: string): CustomerSearch {
      if (!points || !raw) return { problem: 'No customers are loaded yet.' };
      return customersNow().find(query);
    },

    /** Count, split by segment and feature ranges (business units) of the drawn rows with mask[i] = 1. */
    selectionSummary(mask: Uint8Array): SelectionSummary {
      if (!points || !raw) throw new Error('no customers loaded yet');
      if (mask.length !== points.n) throw new RangeError(`a selection of ${mask.length} customers for ${points.n}`);
      const rows = customersNow();
      const run = lastRun && lastRun.points === points ? lastRun : null;
      const perCluster = new Array<number>(run?.result.k ?? 0).fill(0);
      const d = raw.columns.length;
      const sums = new Float64Array(d);
      const min = new Float64Array(d).fill(Infinity);
      const max = new Float64Array(d).fill(-Infinity);
      let count = 0;
      for (let i = 0; i < mask.length; i++) {
        if (!mask[i]) continue;
        count++;
        if (run) perCluster[run.labels[i]!]!++;
        const sourceRow = rows.sourceRow(i);
        for (let f = 0; f < d; f++) {
          const v = raw.columns[f]![sourceRow]!;
          sums[f]! += v;
          if (v < min[f]!) min[f] = v;
          if (v > max[f]!) max[f] = v;
        }
      }
      const features = raw.featureNames.map((name, f) => ({ name, mean: count ? sums[f]! / count : Number.NaN, min: min[f]!, max: max[f]! }));
      return { count, n: points.n, perCluster, features };
    },

    /** The last run as a model file (JSON text), with the page's segment names. */
    exportModel(names: readonly string[]): string {
      if (!lastRun) throw new Error('no finished run to save yet');
      return modelJson(lastRun, names);
    },

    /**
     * Assign the current customers to a saved model's segments without refitting: the model's
     * scaler and centroids decide. The points are re-scaled with the model's scaler, so the view
     * shows the customers where the model sees them.
     */
    async score(model: SegmentModel): Promise<{ data: DatasetSummary; outcome: FitOutcome }> {
      if (!raw) throw new Error('no customers loaded yet');
      const current = raw;
      const order = alignFeatures(model, current.featureNames);
      running?.abort();
      const started = performance.now();
      const columns = order.map((f) => current.columns[f]!);
      const scored = await scoreWithModel(model, columns, current.n);
      resetDerived({ ...current, columns, featureNames: model.features });
      scaler = scored.scaler;
      points = scored.points;
      lastSweep = null;
      const { result } = scored;
      const centroidsInUnits = Float64Array.from(model.centroids.flat());
      lastRun = { labels: scored.labels.slice(), result, centroidsInUnits, points, source: raw!, outlierKept: null, scaler, params: model.params };
      const ms = performance.now() - started;
      const positions = points.data.slice();
      const data: DatasetSummary = { n: current.n, featureNames: model.features, positions, mean: scaler.mean, scale: scaler.scale, ms, source: current.source };
      const outcome: FitOutcome = { result, labels: scored.labels, centroidsInUnits, fallbackReason: null, startedFromGiven: false, cpuEngine: null, adapter: null };
      return env.transfer({ data, outcome }, [positions.buffer, scored.labels.buffer as ArrayBuffer]);
    },

    /** Stop the current fit at its next iteration (a generation in progress goes on). */
    cancel(): void {
      running?.abort();
    },

    /** Stop a generation at its next block; the current customers and run carry on. */
    cancelGeneration(): void {
      generation++;
    },
  };
}

export type EngineHost = ReturnType<typeof createEngineHost>;
