import type { ColumnFormats, Identifier } from '../../data/csv-import.ts';
import { NOISE } from '../../data/labels.ts';
import type { DensityOutcome } from '../../protocol/fit.ts';
import type { MixtureParams } from '../../mixture/gaussian.ts';
import type { DensityFit, DensityPerCustomer } from '../fit/density-fit.ts';
import { expandLabels, expandMask, expandValues, segmentedDatasetCsv, segmentedFileCsv, type ExportLayout } from '../../data/csv-export.ts';
import type { Dataset } from '../../data/dataset.ts';
import type { Scaler } from '../../data/scaler.ts';
import { buildModel, type SegmentModel } from '../../kmeans/model.ts';
import type { PointMatrix } from '../../kmeans/types.ts';
import type { DataSource } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { ProgressListener } from '../../protocol/jobs.ts';

/** The current customers in business units, and where they came from (for exports). */
export interface SourceData {
  readonly columns: Float32Array[];
  readonly n: number;
  readonly featureNames: readonly string[];
  readonly source: DataSource;
  /** Generated customers (ids), or the imported file, read again on export. */
  readonly dataset?: Dataset;
  readonly file?: Blob;
  /** The file's data rows kept after dropping bad rows (null: all). */
  readonly fileKept: Uint8Array | null;
  /** The file's number format per column, as imported (the export's `comma-dot` layout rewrites by it). */
  readonly fileFormats?: ColumnFormats;
  /** The file's identifier column (hover card, search), indexed by file data row; absent: none. */
  readonly identifier?: Identifier | null;
  /** The file's other text columns search looks in, indexed by file data row. */
  readonly searchable?: readonly Identifier[];
}

/** A finished run (or a scoring) and everything an export or the silhouette needs about it. */
export interface FinishedRun {
  readonly labels: Uint8Array;
  readonly result: FitOutcome['result'];
  readonly centroidsInUnits: Float64Array;
  /** The points as clustered (after scaling and the outlier policy). */
  readonly points: PointMatrix;
  readonly source: SourceData;
  /** Rows of the source data the outlier policy kept (null: all). */
  readonly outlierKept: Uint8Array | null;
  readonly scaler: Scaler;
  readonly params: SegmentModel['params'];
  /** A density run's facts (its noise is label `noiseLabel`); absent for KMeans and scoring. */
  readonly density?: DensityOutcome | null;
  /** What the density run knows of each customer (core points; memberships and outlier scores). */
  readonly densityPerCustomer?: DensityPerCustomer;
  /** A density run as a model file (absent for KMeans, scoring and a density model's scoring). */
  readonly densityModel?: DensityFit['toModel'];
  /** A Gaussian mixture's parameters (scaled units, canonical) and each customer's probability of its likeliest component. */
  readonly mixture?: { readonly params: MixtureParams; readonly top: Float32Array };
}

/**
 * segmented_customers.csv of a run: every source column, then Cluster and Segment, built chunk
 * by chunk into a Blob (the browser keeps big blobs out of the JS heap). `between` runs after
 * each chunk: it yields to queued messages and throws to cancel. An imported file is written
 * in `layout` (default: as imported); generated customers are always comma and dot.
 */
export async function segmentedCsvBlob(
  run: FinishedRun, names: readonly string[], onProgress: ProgressListener | undefined, between: () => Promise<void>,
  layout: ExportLayout = 'as-imported', selection?: Uint8Array,
): Promise<Blob> {
  const { source } = run;
  // A selection (a mask over the clustered rows) as a mask over the source's rows, then the file's.
  const ofSource = selection ? expandMask(selection, run.outlierKept) : undefined;
  const include = ofSource && source.file ? expandMask(ofSource, source.fileKept) : ofSource;
  // Cluster of every source row (generated rows, or the file's data rows); NO_CLUSTER when left out.
  // A density run's noise label is written as NOISE (-1, "No segment").
  const noiseLabel = run.density?.noiseLabel;
  const labels = noiseLabel === undefined ? run.labels : Int32Array.from(run.labels, (label) => (label === noiseLabel ? NOISE : label));
  const ofSourceRows = expandLabels(labels, run.outlierKept);
  const clusterOfRow = source.file ? expandLabels(ofSourceRows, source.fileKept) : ofSourceRows;
  const total = clusterOfRow.length;
  const expectedBytes = source.file ? source.file.size * 1.1 : total * (8 + 8 * source.featureNames.length + 30);
  // A mixture's probability of each row's segment, spread over the rows as the labels are (NaN: not clustered).
  const probabilityOfSource = run.mixture ? expandValues(run.mixture.top, run.outlierKept) : undefined;
  const probability = probabilityOfSource && source.file ? expandValues(probabilityOfSource, source.fileKept) : probabilityOfSource;
  const chunks = source.file
    ? segmentedFileCsv(source.file, clusterOfRow, names, { layout, formats: source.fileFormats, include, ...(probability ? { probability } : {}) })
    : segmentedDatasetCsv(source.dataset!, clusterOfRow, names, undefined, include, probability);
  const parts: Blob[] = [];
  let written = 0;
  for await (const chunk of chunks) {
    parts.push(new Blob([chunk]));
    written += chunk.length;
    onProgress?.(Math.min(total, Math.round((written / expectedBytes) * total)), total);
    await between();
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** A run as a model file (JSON text), with the page's segment names. */
export function modelJson(run: FinishedRun, names: readonly string[]): string {
  if (run.mixture) throw new Error('a Gaussian mixture cannot be saved as a model file yet: export the customers (each with its probability) or save the workspace');
  if (run.density) {
    if (!run.densityModel) throw new Error(`these ${run.density.algorithm.toUpperCase()} labels came from a saved model: save the model you scored with, or fit again`);
    const { clusters } = run.density;
    const model = run.densityModel({
      features: run.source.featureNames, scaled: true, scaler: run.scaler, data: run.points.data,
      // The page's names list the noise last; the model names its clusters.
      segmentNames: names.slice(0, clusters), counts: run.result.counts.subarray(0, clusters),
    });
    return JSON.stringify(model) + '\n';
  }
  const model = buildModel({
    features: run.source.featureNames, scaled: true, scaler: run.scaler, result: run.result, centroidsInUnits: run.centroidsInUnits,
    segmentNames: names, params: run.params,
  });
  return JSON.stringify(model, null, 2) + '\n';
}
