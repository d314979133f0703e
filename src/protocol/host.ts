import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { RunComparison, RunLabels } from '../analysis/run-comparison.ts';
import type { MinClusterSizeSweep } from '../analysis/density-sweep.ts';
import type { KDistanceCurve } from '../analysis/k-distance.ts';
import type { KSuggestion } from '../analysis/sweep.ts';
import type { ExportLayout } from '../data/csv-export.ts';
import type { BadRowChoice, ColumnFormats, CsvPreview, ImportReport } from '../data/csv-import.ts';
import type { SavedModel } from '../density/saved-model.ts';
import type { BackendChoice } from '../kmeans/types.ts';
import type { SweepOutcome, SweepProgressListener, SweepRequest } from './choose-k.ts';
import type { DatasetSummary, GenerateRequest } from './data.ts';
import type { Exploration, ExplorationBySegment } from './explore.ts';
import type { FitOutcome, FitRequest, SnapshotListener } from './fit.ts';
import type { JobKind, ProgressListener } from './jobs.ts';
import type { CustomerCard, CustomerSearch, SelectionSummary } from './query.ts';
import type { ClusterSilhouette, SegmentStabilityReport } from './segments.ts';

/**
 * What the engine worker offers the page, one service per capability. The worker's host
 * composes the services that implement these; the page reaches them through comlink
 * (`engine.host.fit.run(...)`). Values may be returned as promises.
 */
type Async<T> = T | Promise<T>;

/** Customers in and out: generated, imported (staged until the bad rows are decided), exported. */
export interface DataService {
  generate(request: GenerateRequest, onProgress?: ProgressListener): Promise<DatasetSummary>;
  /** The header, first rows and proposed features of a CSV or Parquet file (nothing changes yet). */
  preview(file: Blob, name: string, wanted?: readonly string[]): Promise<CsvPreview>;
  /** Read the chosen columns of a whole file; it is staged: the current customers stay until commitImport(). */
  import(file: Blob, name: string, features: readonly number[], onProgress?: ProgressListener, formats?: ColumnFormats): Promise<ImportReport>;
  commitImport(choice: BadRowChoice): Async<DatasetSummary>;
  discardImport(): Async<void>;
  /** segmented_customers.csv of the last run (or of the selected customers). */
  exportCsv(names: readonly string[], onProgress?: ProgressListener, layout?: ExportLayout, selection?: Uint8Array): Promise<Blob>;
}

/** Runs: a fit with its snapshots, the last run as a model, and scoring with a saved model. */
export interface FitService {
  /** `onProgress` hears the share done of what comes before the first snapshot: indexing, or a density run. */
  run(request: FitRequest, onSnapshot?: SnapshotListener, onProgress?: ProgressListener): Promise<FitOutcome>;
  exportModel(names: readonly string[]): Async<string>;
  /** The customers (drawn order) of a cluster of the last HDBSCAN run's condensed tree, and those below it. */
  condensedNodeMask(node: number): Async<Uint8Array>;
  /** The current customers assigned to a saved model's segments (KMeans or density), without refitting. */
  score(model: SavedModel): Promise<{ data: DatasetSummary; outcome: FitOutcome }>;
}

/** Choosing k: the sweep's table and tree, a tree node's customers, a quick suggestion after an import. */
export interface ChooseKService {
  /** Choose k opened: start the sweep's other thread with the customers it will measure. */
  prepare(): Async<void>;
  sweep(request: SweepRequest, onProgress?: SweepProgressListener): Promise<SweepOutcome>;
  clusterMask(k: number, cluster: number): Promise<Uint8Array>;
  suggestK(): Promise<KSuggestion>;
  /** DBSCAN's eps: the sorted k-distance curve of a sample of the customers (k = min_samples), with its knee. */
  kDistance(k: number, sample: number): Promise<KDistanceCurve>;
  /** HDBSCAN for each min_cluster_size on a sample: clusters, noise share, silhouette. */
  sweepMinClusterSize(sizes: readonly number[], minSamples: number, sample: number): Promise<MinClusterSizeSweep>;
}

/** How good the last run's segments are, and how it compares with a pinned run. */
export interface SegmentsService {
  silhouette(sampleSize: number, seed: number, backend: BackendChoice): Promise<ClusterSilhouette>;
  stability(sampleSize: number, resamples: number, seed: number): Promise<SegmentStabilityReport>;
  pin(): Async<{ k: number; n: number }>;
  /** The pinned run's labels per source row (a workspace keeps them), or null. */
  pinnedLabels(): Async<RunLabels | null>;
  /** Pin labels a workspace kept, for the customers of the last run (the same file read again). */
  pinLabels(run: RunLabels): Async<{ k: number; n: number }>;
  unpin(): Async<void>;
  compareWithPinned(): Async<RunComparison | null>;
}

/** Statistics over every customer, by segment once a run has finished, and the outlier policy. */
export interface ExploreService {
  explore(onProgress?: ProgressListener): Promise<Exploration>;
  bySegment(): Async<ExplorationBySegment | null>;
  setOutlierPolicy(policy: OutlierPolicy): Promise<DatasetSummary>;
}

/** Questions about single customers and selections. */
export interface QueryService {
  card(row: number): Async<CustomerCard>;
  find(query: string): Async<CustomerSearch>;
  selectionSummary(mask: Uint8Array): Async<SelectionSummary>;
}

export interface EngineHostApi {
  readonly data: DataService;
  readonly fit: FitService;
  readonly chooseK: ChooseKService;
  readonly segments: SegmentsService;
  readonly explore: ExploreService;
  readonly query: QueryService;
  /** Stop the running job of this kind (the others carry on). */
  cancel(kind: JobKind): void;
}
