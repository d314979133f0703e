import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/kmeans/foreign-model.ts';
import type { SegmentModel } from '../../src/kmeans/model.ts';
import { runKmeans } from '../helpers.ts';

// Models fitted where the data lives, in the shapes BigQuery ML and Spark MLlib write them, made
// here from one of our own fits: imported, they must put every customer in the same segment.

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);
let fitted: SegmentModel;

/** The Cluster column of a segmented file, read with papaparse (not with the code under test). */
function clusters(file: string): number[] {
  return Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { header: true, skipEmptyLines: true }).data.map((row) => Number(row.Cluster));
}

/** Assign the customers with a model file; their clusters. */
function assignWith(model: string): number[] {
  const run = kmeans('assign', '--model', model, '--input', 'customers.csv', '--out', `${model}.out.csv`);
  expect(run.stderr).toBe(`wrote ${model}.out.csv`);
  return clusters(`${model}.out.csv`);
}

/** ML.CENTROIDS rows (standardize FALSE: the input's units), centroid ids from 1, in a shuffled order. */
function bigQueryRows(model: SegmentModel): { centroid_id: number; feature: string; numerical_value: number; categorical_value: [] }[] {
  const rows = model.centroids.flatMap((centre, j) => centre.map((value, f) => ({ centroid_id: j + 1, feature: model.features[f]!, numerical_value: value, categorical_value: [] as [] })));
  return rows.map((row, i) => ({ row, key: (i * 7919) % rows.length })).sort((a, b) => a.key - b.key).map(({ row }) => row);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-foreign-'));
  expect(kmeans('generate', '--n', '4000', '--seed', '3', '--out', 'customers.csv').status).toBe(0);
  const run = kmeans('fit', '--input', 'customers.csv', '--k', '5', '--backend', 'cpu', '--model', 'ours.json', '--out', 'ours.csv');
  expect(run.status).toBe(0);
  fitted = JSON.parse(readFileSync(join(dir, 'ours.json'), 'utf8')) as SegmentModel;
  // What BigQuery exports: ML.CENTROIDS as CSV and as JSON (one object a line), ML.FEATURE_INFO as CSV.
  const rows = bigQueryRows(fitted);
  writeFileSync(join(dir, 'bq-centroids.csv'), Papa.unparse(rows.map((row) => ({ ...row, categorical_value: '[]' }))));
  writeFileSync(join(dir, 'bq-centroids.json'), rows.map((row) => JSON.stringify(row)).join('\n'));
  writeFileSync(join(dir, 'bq-feature-info.csv'), Papa.unparse(fitted.features.map((input, f) => ({
    input, min: 0, max: 1, mean: fitted.scaler.mean[f], median: 0, stddev: fitted.scaler.scale[f], category_count: '', null_count: 0, dimension: 1,
  }))));
  // What Spark gives: clusterCenters in the scaled space, and its StandardScalerModel's mean and std.
  writeFileSync(join(dir, 'spark-centers.json'), JSON.stringify(fitted.centroidsScaled));
  writeFileSync(join(dir, 'spark-centers.csv'), Papa.unparse({ fields: [...fitted.features], data: fitted.centroidsScaled.map((row) => [...row]) }));
  writeFileSync(join(dir, 'spark-scaler.json'), JSON.stringify({ mean: fitted.scaler.mean, std: fitted.scaler.scale, withMean: true, withStd: true }));
  // Spark's default scaler divides by the std and centres nothing, yet reports the mean too: its centres are x / std.
  writeFileSync(join(dir, 'spark-uncentred.json'), JSON.stringify(fitted.centroids.map((row) => row.map((value, f) => value / fitted.scaler.scale[f]!))));
  writeFileSync(join(dir, 'spark-scaler-default.json'), JSON.stringify({ mean: fitted.scaler.mean, std: fitted.scaler.scale, withMean: false, withStd: true }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kmeans import-model: BigQuery ML.CENTROIDS', () => {
  it.each(['bq-centroids.csv', 'bq-centroids.json'])('%s with ML.FEATURE_INFO puts every customer where the original model does', (file) => {
    const run = kmeans('import-model', '--from', file, '--scaling', 'bq-feature-info.csv', '--model', `${file}.model.json`);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^BigQuery ML\\.CENTROIDS \\(${file.replace('.', '\\.')}, scaled by bq-feature-info\\.csv\\): k = 5 on `));
    const imported = JSON.parse(readFileSync(join(dir, `${file}.model.json`), 'utf8')) as SegmentModel;
    // Features in the order the rows first name them; each centre the same, feature by feature.
    expect([...imported.features].sort()).toEqual([...fitted.features].sort());
    imported.centroidsScaled.forEach((row, j) => row.forEach((value, f) => expect(value).toBeCloseTo(fitted.centroidsScaled[j]![fitted.features.indexOf(imported.features[f]!)]!, 12)));
    expect(assignWith(`${file}.model.json`)).toEqual(clusters('ours.csv'));
  });

  it('assign and sql take ML.CENTROIDS directly; without FEATURE_INFO distances are in the input\'s units, and the summary says so', () => {
    const unscaled = readModelFile(readFileSync(join(dir, 'bq-centroids.csv'), 'utf8'), 'bq-centroids.csv');
    expect(unscaled.scaled).toBe(false);
    expect(unscaled.centroids.map((row) => unscaled.features.map((name) => row[unscaled.features.indexOf(name)]))).toEqual(
      fitted.centroids.map((row) => unscaled.features.map((name) => row[fitted.features.indexOf(name)])));
    const note = 'note: bq-centroids.csv has no scaling: distances are measured in the input\'s units (kmeans import-model --scaling gives the warehouse\'s)';
    const assigned = kmeans('assign', '--model', 'bq-centroids.csv', '--input', 'customers.csv', '--out', 'direct.csv');
    expect(assigned.stderr).toBe(`${note}\nwrote direct.csv`);
    expect(clusters('direct.csv')).toHaveLength(4000);
    const sql = kmeans('sql', '--model', 'bq-centroids.csv', '--table', 'customers');
    expect(sql.status).toBe(0);
    expect(sql.stderr).toBe(note);
    expect(sql.stdout).toContain('SELECT');
    expect(kmeans('import-model', '--from', 'bq-centroids.csv', '--model', 'raw.json').stdout).toContain('; distances in the input\'s units (no scaling given)');
  });

  it('refuses in one line: a categorical feature, a missing centroid, a feature FEATURE_INFO lacks', () => {
    writeFileSync(join(dir, 'categorical.csv'), 'centroid_id,feature,numerical_value,categorical_value\n1,age,30,[]\n1,branch,,"[{""category"":""North"",""value"":""1""}]"\n');
    expect(kmeans('import-model', '--from', 'categorical.csv', '--model', 'x.json').stderr)
      .toBe('error: categorical.csv: feature "branch" has no numerical_value (a categorical feature); the workbench clusters numbers only');
    writeFileSync(join(dir, 'gap.csv'), 'centroid_id,feature,numerical_value\n1,a,1\n1,b,2\n3,a,3\n3,b,4\n');
    expect(kmeans('import-model', '--from', 'gap.csv', '--model', 'x.json').stderr).toBe('error: gap.csv: centroid ids run 1, 2, ...; centroid 2 is missing');
    writeFileSync(join(dir, 'two.csv'), 'centroid_id,feature,numerical_value\n1,a,1\n1,b,2\n2,a,3\n2,b,4\n');
    writeFileSync(join(dir, 'info.csv'), 'input,mean,stddev\na,0,1\n');
    expect(kmeans('import-model', '--from', 'two.csv', '--scaling', 'info.csv', '--model', 'x.json').stderr).toBe('error: info.csv: ML.FEATURE_INFO has no row for "b" (column "input")');
  });
});

describe('kmeans import-model: Spark MLlib clusterCenters', () => {
  it('JSON centres with the VectorAssembler\'s feature order and the StandardScalerModel\'s mean and std put every customer where the original model does', () => {
    const run = kmeans('import-model', '--from', 'spark-centers.json', '--features', fitted.features.join(','), '--scaling', 'spark-scaler.json', '--model', 'spark.json');
    expect(run.status).toBe(0);
    const imported = JSON.parse(readFileSync(join(dir, 'spark.json'), 'utf8')) as SegmentModel;
    imported.centroids.forEach((row, j) => row.forEach((value, f) => expect(value).toBeCloseTo(fitted.centroids[j]![f]!, 9)));
    expect(assignWith('spark.json')).toEqual(clusters('ours.csv'));
  });

  it('a scaler that centred nothing (Spark\'s default, withMean false) is applied as Spark applied it, though it reports the mean', () => {
    const run = kmeans('import-model', '--from', 'spark-uncentred.json', '--features', fitted.features.join(','), '--scaling', 'spark-scaler-default.json', '--model', 'uncentred.json');
    expect(run.status).toBe(0);
    const imported = JSON.parse(readFileSync(join(dir, 'uncentred.json'), 'utf8')) as SegmentModel;
    expect(imported.scaler.mean).toEqual([0, 0, 0]);
    imported.centroids.forEach((row, j) => row.forEach((value, f) => expect(value).toBeCloseTo(fitted.centroids[j]![f]!, 9)));
    expect(imported.segmentNames).toEqual(fitted.segmentNames);
    expect(assignWith('uncentred.json')).toEqual(clusters('ours.csv'));
  });

  it('CSV centres name their features in the header row', () => {
    expect(kmeans('import-model', '--from', 'spark-centers.csv', '--scaling', 'spark-scaler.json', '--model', 'spark-csv.json').status).toBe(0);
    expect(assignWith('spark-csv.json')).toEqual(clusters('ours.csv'));
  });

  it('refuses in one line: centres with no names, a count that does not match, a ragged centre', () => {
    expect(kmeans('import-model', '--from', 'spark-centers.json', '--model', 'x.json').stderr)
      .toBe('error: spark-centers.json: Spark\'s centres do not name their features: give them in the VectorAssembler\'s order (a CSV header row, or kmeans import-model --features)');
    expect(kmeans('import-model', '--from', 'spark-centers.json', '--features', 'a,b', '--model', 'x.json').stderr)
      .toBe('error: spark-centers.json: the centres have 3 values and 2 features are named (a, b)');
    writeFileSync(join(dir, 'ragged.json'), '[[1,2,3],[4,5]]');
    expect(kmeans('import-model', '--from', 'ragged.json', '--features', 'a,b,c', '--model', 'x.json').stderr).toBe('error: ragged.json: centre 2 has 2 values, centre 1 has 3');
    writeFileSync(join(dir, 'flagless.json'), JSON.stringify({ mean: [0, 0, 0], std: [1, 1, 1] }));
    expect(kmeans('import-model', '--from', 'spark-centers.json', '--features', fitted.features.join(','), '--scaling', 'flagless.json', '--model', 'x.json').stderr)
      .toBe('error: flagless.json: say which the scaler applied, "withMean" and "withStd" (true or false): Spark reports the mean and std either way, and by default centres nothing');
    expect(kmeans('import-model', '--from', 'spark-centers.json', '--features', 'a,b,a', '--model', 'x.json').stderr).toBe('error: spark-centers.json: the feature "a" is named twice');
    writeFileSync(join(dir, 'nulls.json'), '[null]');
    expect(kmeans('import-model', '--from', 'bq-centroids.csv', '--scaling', 'nulls.json', '--model', 'x.json').stderr)
      .toBe('error: nulls.json: neither ML.FEATURE_INFO rows (objects with input, mean, stddev) nor a Spark scaler ({"mean", "std", "withMean", "withStd"})');
    writeFileSync(join(dir, 'short-scaler.json'), '{"mean": [0, 0], "std": [1, 1], "withMean": true, "withStd": true}');
    expect(kmeans('import-model', '--from', 'spark-centers.json', '--features', fitted.features.join(','), '--scaling', 'short-scaler.json', '--model', 'x.json').stderr)
      .toBe('error: short-scaler.json: the scaler has 2 values; the centres have 3 features');
  });
});

describe('a file that is not a model', () => {
  it.each([
    ['customers.parquet', 'PAR1\u0015\u0004\u0015\u0080\u0001 binary rows', 'it is a Parquet file (customers, most likely), not a model'],
    ['tool.json', `\u007fELF\u0002\u0001\u0001${'\u0000'.repeat(12)}`, 'it is not a text file, so not a model'],
    ['customers.csv', 'CustomerID,Annual Income (k$),Spending Score (1-100)\n1,15,39\n2,16,81\n', 'its column "CustomerID" identifies customers: it looks like a customer file, not a model'],
    ['export.csv', `income,spending\n${Array.from({ length: 300 }, (_, i) => `${i},${i % 100}`).join('\n')}\n`, '300 rows, more than a model\'s 256 centres at most: it looks like a customer file, not a model'],
  ])('%s is refused in one sentence that says what a model is', (file, text, reason) => {
    expect(() => readModelFile(text, file)).toThrow(`${file}: ${reason}; a model is the JSON file that kmeans fit --model or the page's Save model writes, or BigQuery's ML.CENTROIDS or Spark's cluster centres`);
  });

  it('assign --model with a customer file says so instead of reading it as centres', () => {
    writeFileSync(join(dir, 'customers-as-model.csv'), 'CustomerID,Annual Income (k$),Spending Score (1-100),Credit Score\n1,15,39,600\n2,16,81,700\n');
    const assign = kmeans('assign', '--model', 'customers-as-model.csv', '--input', 'customers-as-model.csv');
    expect(assign.status).not.toBe(0);
    expect(assign.stderr.trim().split('\n')).toHaveLength(1);
    expect(assign.stderr).toContain('customers-as-model.csv: its column "CustomerID" identifies customers: it looks like a customer file, not a model');
  });
});
