import Papa from 'papaparse';
import { APP_NAME, APP_VERSION } from '../version.ts';
import { parseModel, type SegmentModel } from './model.ts';
import { segmentNames } from './segment-names.ts';
import { MAX_CLUSTERS } from '../data/features.ts';
import { looksLikeId } from '../data/feature-names.ts';

/**
 * Models fitted where the data lives, read into the workbench's model file: BigQuery ML's
 * `ML.CENTROIDS` output and Spark MLlib's `clusterCenters`. Both are centroids and nothing else, so
 * the features (and the scaling the engine applied before measuring distances) come from the file
 * where it names them, or from the caller:
 *
 * - BigQuery ML.CENTROIDS, exported as CSV or JSON (an array, or one object a line): a row per
 *   centroid and feature with `centroid_id` (from 1), `feature` and `numerical_value`. Its values
 *   are in the input's units (the function's default, standardize FALSE). BigQuery standardizes the
 *   features before clustering unless the model says STANDARDIZE_FEATURES = FALSE; its scaling is
 *   `ML.FEATURE_INFO`'s mean and stddev, given as `scaling` (columns `input`, `mean`, `stddev`).
 * - Spark `clusterCenters`, as JSON (`[[...], ...]`, e.g. `json.dumps([c.tolist() for c in
 *   model.clusterCenters()])`) or CSV (a row per centre, with a header row of feature names or
 *   `features` given). A StandardScalerModel before the KMeans stage is `scaling` as JSON:
 *   `{"mean": [...], "std": [...], "withMean": false, "withStd": true}` (its vectors, which Spark
 *   reports whatever it applies, and the flags that say what it applied).
 *
 * A centre in scaled units is turned back into the input's units with the same scaling, so the
 * model file holds both, as a fitted one does; cluster j is the file's j-th centre (BigQuery's
 * centroid_id j + 1).
 */
export interface ForeignModelOptions {
  /** Feature names in the centres' order, where the file does not name them (Spark). */
  readonly features?: readonly string[];
  /** The scaling file's text and name: ML.FEATURE_INFO output, or a Spark scaler's mean and std. */
  readonly scaling?: { readonly text: string; readonly file: string };
}

export type ForeignFormat = 'BigQuery ML.CENTROIDS' | 'Spark MLlib clusterCenters';

interface Centres {
  readonly format: ForeignFormat;
  readonly features: string[];
  /** k rows of d numbers, in the file's units (the input's for BigQuery, the clustered space for Spark). */
  readonly rows: number[][];
}

/**
 * A model file of any kind this workbench reads: its own (`fit --model`, the page), or BigQuery's
 * and Spark's centroids. Every problem is one sentence naming the file.
 */
export function readModelFile(text: string, file: string, options: ForeignModelOptions = {}): SegmentModel {
  const notModel = notAModel(text);
  if (notModel) throw new RangeError(`${file}: ${notModel}; ${WHAT_A_MODEL_IS}`);
  const trimmed = text.trim();
  // One JSON object is a workbench model (or says why not); BigQuery's JSON is one object a line, or an array.
  if (trimmed.startsWith('{') && !objectPerLine(trimmed) && !/^\{\s*"centroid_id"/i.test(trimmed)) {
    if (options.scaling || options.features) throw new RangeError(`${file}: a workbench model names its own features and scaling`);
    return parseModel(text, file);
  }
  return importCentres(foreignCentres(text, file, options.features), file, options.scaling);
}

/** What the message for a file that is not a model says a model is. */
export const WHAT_A_MODEL_IS = 'a model is the JSON file that kmeans fit --model or the page\'s Save model writes, or BigQuery\'s ML.CENTROIDS or Spark\'s cluster centres';

/** Why a file's text cannot be any model (Parquet, binary), or null. */
function notAModel(text: string): string | null {
  if (text.startsWith('PAR1')) return 'it is a Parquet file (customers, most likely), not a model';
  const start = text.slice(0, 4096);
  let controls = 0;
  for (let i = 0; i < start.length; i++) {
    const code = start.charCodeAt(i);
    if (code === 0) return 'it is not a text file, so not a model';
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) controls++;
  }
  return controls > start.length / 100 ? 'it is not a text file, so not a model' : null;
}

/** Newline-delimited JSON: more than one line, each an object. */
function objectPerLine(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.length > 1 && lines.every((line) => /^\s*\{.*\}\s*$/.test(line));
}

/** BigQuery's rows or Spark's centres, found by their shape. */
function foreignCentres(text: string, file: string, features: readonly string[] | undefined): Centres {
  const trimmed = text.trim();
  if (trimmed === '') throw new RangeError(`${file}: the file is empty`);
  let records: Record<string, unknown>[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const value = parseJson(trimmed, file);
    if (Array.isArray(value) && value.every((row) => Array.isArray(row))) return sparkCentres(value as unknown[][], file, features);
    records = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
    if (!records.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
      throw new RangeError(`${file}: JSON that is neither Spark's centres (an array of arrays) nor BigQuery's ML.CENTROIDS rows (objects)`);
    }
  } else {
    const parsed = Papa.parse<string[]>(trimmed, { skipEmptyLines: true });
    const [header = [], ...rows] = parsed.data;
    const names = header.map((h) => h.trim().toLowerCase());
    if (names.includes('centroid_id') && names.includes('feature')) {
      records = rows.map((row) => Object.fromEntries(names.map((name, c) => [name, row[c] ?? ''])));
    } else {
      const headed = header.some((cell) => cell.trim() !== '' && !Number.isFinite(Number(cell)));
      const numbers = (headed ? rows : parsed.data).map((row, r) => row.map((cell, c) => {
        const value = cell.trim() === '' ? Number.NaN : Number(cell);
        if (!Number.isFinite(value)) throw new RangeError(`${file}: row ${r + (headed ? 2 : 1)}, column ${c + 1}: "${cell}" is not a number`);
        return value;
      }));
      // Customers, not centres: an identifier column, or more rows than any model has centres.
      const id = headed ? header.findIndex((name) => looksLikeId(name)) : -1;
      if (id >= 0) throw new RangeError(`${file}: its column "${header[id]!.trim()}" identifies customers: it looks like a customer file, not a model; ${WHAT_A_MODEL_IS}`);
      if (numbers.length > MAX_CLUSTERS) {
        throw new RangeError(`${file}: ${numbers.length.toLocaleString('en-US')} rows, more than a model's ${MAX_CLUSTERS} centres at most: it looks like a customer file, not a model; ${WHAT_A_MODEL_IS}`);
      }
      return sparkCentres(numbers, file, features ?? (headed ? header.map((h) => h.trim()) : undefined));
    }
  }
  if (features) throw new RangeError(`${file}: BigQuery's ML.CENTROIDS names its features; --features is for Spark's centres`);
  return bigQueryCentres(records, file);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // BigQuery's JSON export writes one object a line.
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length > 1 && lines.every((line) => line.trim().startsWith('{'))) {
      return lines.map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new RangeError(`${file}: line ${i + 1} is not valid JSON`);
        }
      });
    }
    throw new RangeError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`, { cause: error });
  }
}

function sparkCentres(rows: unknown[][], file: string, features: readonly string[] | undefined): Centres {
  if (rows.length === 0) throw new RangeError(`${file}: no cluster centres`);
  const d = rows[0]!.length;
  rows.forEach((row, j) => {
    if (row.length !== d) throw new RangeError(`${file}: centre ${j + 1} has ${row.length} values, centre 1 has ${d}`);
    row.forEach((value, f) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${file}: centre ${j + 1}, value ${f + 1} is not a finite number`);
    });
  });
  if (!features) throw new RangeError(`${file}: Spark's centres do not name their features: give them in the VectorAssembler's order (a CSV header row, or kmeans import-model --features)`);
  if (features.length !== d) throw new RangeError(`${file}: the centres have ${d} values and ${features.length} features are named (${features.join(', ')})`);
  const unnamed = features.findIndex((name) => name.trim() === '');
  if (unnamed >= 0) throw new RangeError(`${file}: feature ${unnamed + 1} has no name`);
  const repeated = features.find((name, f) => features.indexOf(name) !== f);
  if (repeated !== undefined) throw new RangeError(`${file}: the feature "${repeated}" is named twice`);
  return { format: 'Spark MLlib clusterCenters', features: [...features], rows: rows as number[][] };
}

/** ML.CENTROIDS rows (keys in any case): numbers only; a categorical feature is refused by name. */
function bigQueryCentres(records: Record<string, unknown>[], file: string): Centres {
  if (records.length === 0) throw new RangeError(`${file}: no centroid rows`);
  const lower = records.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value])));
  for (const key of ['centroid_id', 'feature', 'numerical_value']) {
    if (!lower.every((row) => key in row)) throw new RangeError(`${file}: not BigQuery's ML.CENTROIDS output (a row lacks "${key}")`);
  }
  if (lower.some((row) => 'trial_id' in row && row.trial_id !== '' && row.trial_id !== null)) {
    const trials = new Set(lower.map((row) => String(row.trial_id)));
    if (trials.size > 1) throw new RangeError(`${file}: rows of ${trials.size} tuning trials; keep one trial's rows (WHERE trial_id = ...)`);
  }
  const features: string[] = [];
  const ids: number[] = [];
  const values = new Map<string, number>();
  lower.forEach((row, r) => {
    const id = Number(row.centroid_id);
    const feature = String(row.feature);
    if (!Number.isInteger(id) || id < 1) throw new RangeError(`${file}: row ${r + 1}: centroid_id "${String(row.centroid_id)}" is not a whole number from 1`);
    const raw = row.numerical_value;
    if (raw === null || raw === undefined || raw === '') throw new RangeError(`${file}: feature "${feature}" has no numerical_value (a categorical feature); the workbench clusters numbers only`);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new RangeError(`${file}: row ${r + 1}: the numerical_value of "${feature}" is "${String(raw)}", not a finite number`);
    if (!features.includes(feature)) features.push(feature);
    if (!ids.includes(id)) ids.push(id);
    const key = `${id}\u0000${feature}`;
    if (values.has(key)) throw new RangeError(`${file}: centroid ${id} lists "${feature}" twice`);
    values.set(key, value);
  });
  ids.sort((a, b) => a - b);
  ids.forEach((id, j) => {
    if (id !== j + 1) throw new RangeError(`${file}: centroid ids run 1, 2, ...; centroid ${j + 1} is missing`);
  });
  const rows = ids.map((id) => features.map((feature) => {
    const value = values.get(`${id}\u0000${feature}`);
    if (value === undefined) throw new RangeError(`${file}: centroid ${id} has no value for "${feature}"`);
    return value;
  }));
  return { format: 'BigQuery ML.CENTROIDS', features, rows };
}

/** The scaling before clustering, in the centres' feature order; the population's mean and std name the segments. */
interface Scaling {
  readonly mean: number[];
  readonly scale: number[];
  readonly populationMean: number[];
  readonly populationStd: number[];
}

/**
 * ML.FEATURE_INFO rows (`input`, `mean`, `stddev`), or a Spark StandardScalerModel as
 * `{"mean": [...], "std": [...], "withMean": false, "withStd": true}`: Spark reports both vectors
 * whatever it applies, so the flags say which it applied (its default centres nothing).
 */
function readScaling(scaling: { text: string; file: string }, features: readonly string[]): Scaling {
  const { text, file } = scaling;
  const trimmed = text.trim();
  let rows: unknown[];
  if (trimmed.startsWith('{') && !objectPerLine(trimmed)) {
    const value = parseJson(trimmed, file);
    if (value !== null && typeof value === 'object' && 'std' in value) return sparkScaling(value as Record<string, unknown>, file, features);
    rows = [value];
  } else if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const value = parseJson(trimmed, file);
    rows = Array.isArray(value) ? value : [value];
  } else {
    const [header = [], ...cells] = Papa.parse<string[]>(trimmed, { skipEmptyLines: true }).data;
    rows = cells.map((row) => Object.fromEntries(header.map((name, c) => [name.trim(), row[c] ?? ''])));
  }
  if (!rows.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
    throw new RangeError(`${file}: neither ML.FEATURE_INFO rows (objects with input, mean, stddev) nor a Spark scaler ({"mean", "std", "withMean", "withStd"})`);
  }
  const byInput = new Map((rows as Record<string, unknown>[]).map((row) => {
    const lower = Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
    return [String(lower.input), lower] as const;
  }));
  const mean: unknown[] = [];
  const std: unknown[] = [];
  for (const feature of features) {
    const row = byInput.get(feature);
    if (!row) throw new RangeError(`${file}: ML.FEATURE_INFO has no row for "${feature}" (column "input")`);
    mean.push(row.mean === '' ? null : row.mean);
    std.push(row.stddev === '' ? null : row.stddev);
  }
  const population = { mean: numbers(file, features, mean, 'mean', false), std: numbers(file, features, std, 'standard deviation', true) };
  return { mean: population.mean, scale: population.std, populationMean: population.mean, populationStd: population.std };
}

function sparkScaling(value: Record<string, unknown>, file: string, features: readonly string[]): Scaling {
  const { mean, std, withMean, withStd } = value;
  if (typeof withMean !== 'boolean' || typeof withStd !== 'boolean') {
    throw new RangeError(`${file}: say which the scaler applied, "withMean" and "withStd" (true or false): Spark reports the mean and std either way, and by default centres nothing`);
  }
  if (!Array.isArray(mean) || !Array.isArray(std)) throw new RangeError(`${file}: "mean" and "std" must be arrays of numbers`);
  if (std.length !== features.length || mean.length !== features.length) {
    throw new RangeError(`${file}: the scaler has ${std.length} values; the centres have ${features.length} features`);
  }
  const populationMean = numbers(file, features, mean, 'mean', false);
  const populationStd = numbers(file, features, std, 'standard deviation', withStd);
  return {
    mean: withMean ? populationMean : features.map(() => 0),
    scale: withStd ? populationStd : features.map(() => 1),
    populationMean,
    populationStd: populationStd.map((s) => s || 1),
  };
}

/** Finite numbers (above 0 where `positive`: a constant feature has no scale to divide by), or one sentence naming the feature. */
function numbers(file: string, features: readonly string[], values: unknown[], what: string, positive: boolean): number[] {
  return values.map((value, f) => {
    const n = value === null || value === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n) || (positive && n <= 0)) throw new RangeError(`${file}: the ${what} of "${features[f]}" is ${String(value)}; it must be a ${positive ? 'number above 0' : 'number'}`);
    return n;
  });
}

function importCentres(centres: Centres, file: string, scaling: ForeignModelOptions['scaling']): SegmentModel {
  const { format, features, rows } = centres;
  const k = rows.length;
  if (k > 256) throw new RangeError(`${file}: ${k} centroids; the workbench holds at most 256`);
  const scaler = scaling ? readScaling(scaling, features) : null;
  const mean = scaler?.mean ?? features.map(() => 0);
  const scale = scaler?.scale ?? features.map(() => 1);
  // BigQuery gives centroids in the input's units; Spark in the space it clustered (after its
  // scaler), kept exactly as Spark measures from them.
  const inUnits = format === 'BigQuery ML.CENTROIDS' ? rows : rows.map((row) => row.map((value, f) => value * scale[f]! + mean[f]!));
  const scaled = format === 'BigQuery ML.CENTROIDS' ? rows.map((row) => row.map((value, f) => (value - mean[f]!) / scale[f]!)) : rows;
  // Names describe each centre against the population where the scaling gives it, else against the centres' own spread.
  const spread = features.map((_, f) => {
    const column = inUnits.map((row) => row[f]!);
    const centre = column.reduce((a, b) => a + b, 0) / k;
    return { mean: centre, std: Math.sqrt(column.reduce((a, b) => a + (b - centre) ** 2, 0) / k) || 1 };
  });
  const names = segmentNames(features, Float64Array.from(inUnits.flat()),
    scaler?.populationMean ?? spread.map((s) => s.mean), scaler?.populationStd ?? spread.map((s) => s.std));
  const model: SegmentModel = {
    format: 'kmeans-segmentation-model',
    formatVersion: 1,
    app: { name: APP_NAME, version: APP_VERSION },
    createdAt: new Date().toISOString(),
    source: `${format} (${file}${scaling ? `, scaled by ${scaling.file}` : ''})`,
    features,
    scaled: Boolean(scaling),
    scaler: { mean, scale },
    k,
    params: { init: format, nInit: 1, maxIter: 0, tol: 0, seed: 0 },
    centroids: inUnits,
    centroidsScaled: scaled,
    segmentNames: names,
    metrics: { n: 0, inertia: 0, iterations: 0, converged: true, counts: rows.map(() => 0), backend: 'cpu' },
  };
  // The checks a saved model gets (finite centres, scales above 0, a name per segment).
  return parseModel(JSON.stringify(model), file);
}
