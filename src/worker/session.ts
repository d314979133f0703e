import { fitScaler, transformInterleaved, type Scaler } from '../data/scaler.ts';
import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { FeatureSummary } from '../analysis/stats.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import type { DatasetSummary } from '../protocol/data.ts';
import { CustomerRows } from './query/customers.ts';
import type { FinishedRun, SourceData } from './data/run-exports.ts';
import type { HostEnvironment } from './environment.ts';
import type { Jobs } from './jobs.ts';

/**
 * What the worker holds between calls, shared by its services: the customers as generated or
 * imported, the scaled points the engines cluster, the outlier treatment, and the last run.
 * One source of truth for each; new customers reset what derives from them.
 */
export class Session {
  /** The customers in business units; `points` derive from them. */
  raw: SourceData | null = null;
  points: PointMatrix | null = null;
  scaler: Scaler | null = null;
  /** Rows of `raw` that the outlier policy keeps (null: all). */
  outlierKept: Uint8Array | null = null;
  outlierPolicy: OutlierPolicy = 'keep';
  /** Customers the outlier policy left out. */
  dropped = 0;
  summaries: FeatureSummary[] | null = null;
  /** The last finished run (or scoring) of these customers. */
  lastRun: FinishedRun | null = null;
  /**
   * The last sweep's centroids per k (scaled, canonical) and the points swept: a tree node's
   * customers are found again by one assignment pass, rather than keeping every k's labels.
   */
  lastSweep: { points: PointMatrix; centroids: Float64Array[] } | null = null;
  // Which customer each drawn row is: built on first use, forgotten with the rows it maps.
  private customerRows: CustomerRows | null = null;

  constructor(private readonly env: HostEnvironment, private readonly jobs: Jobs) {}

  customers(): CustomerRows {
    return (this.customerRows ??= new CustomerRows(this.raw!, this.outlierKept));
  }

  /** The last run, when it clustered the points drawn now. */
  runOfPoints(): FinishedRun | null {
    return this.lastRun && this.lastRun.points === this.points ? this.lastRun : null;
  }

  /** Make these customers the current dataset (outlier policy back to keep) and scale them. */
  replaceData(next: SourceData): DatasetSummary {
    this.resetDerived(next);
    return this.derivePoints(next.columns, next.n);
  }

  /** New customers: outlier policy back to keep, statistics and the old run forgotten. */
  resetDerived(next: SourceData): void {
    this.raw = next;
    this.summaries = null;
    this.outlierPolicy = 'keep';
    this.outlierKept = null;
    this.dropped = 0;
    this.lastRun = null;
  }

  /** Other points to cluster: what ran on the old ones stops and their indexes go. */
  forgetPoints(): void {
    this.customerRows = null;
    this.jobs.cancel('fit');
    this.jobs.cancel('sweep');
    this.env.forgetCpu?.();
    this.env.resampling?.forget();
    this.lastSweep = null;
  }

  /** Scale the (possibly outlier-treated) columns into the engines' points. */
  derivePoints(columns: Float32Array[], n: number): DatasetSummary {
    const started = performance.now();
    this.forgetPoints();
    this.scaler = fitScaler(columns, n);
    this.points = { data: transformInterleaved(columns, n, this.scaler), n, d: columns.length };
    return this.drawable(performance.now() - started);
  }

  /** The points to draw (a copy handed over to the page) and the scaler that labels their axes. */
  drawable(ms: number): DatasetSummary {
    const { points, scaler, raw } = this;
    const positions = points!.data.slice();
    return this.env.transfer(
      { n: points!.n, featureNames: raw!.featureNames, positions, mean: scaler!.mean, scale: scaler!.scale, ms, source: raw!.source },
      [positions.buffer],
    );
  }

  /** The current customers, or the plain sentence the page shows when there are none. */
  requireData(): { raw: SourceData; points: PointMatrix; scaler: Scaler } {
    if (!this.raw || !this.points || !this.scaler) throw new Error('no customers loaded yet');
    return { raw: this.raw, points: this.points, scaler: this.scaler };
  }

  requireRun(what = 'no finished run yet'): FinishedRun {
    if (!this.lastRun) throw new Error(what);
    return this.lastRun;
  }
}
