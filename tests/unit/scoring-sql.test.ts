import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_FEATURES } from '../../src/data/features.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, inverseTransformRows, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { buildModel, type SegmentModel } from '../../src/kmeans/model.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import { scoreWithModel } from '../../src/kmeans/score.ts';
import { scoringSql } from '../../src/kmeans/scoring-sql.ts';
import { customersTable } from '../duckdb-customers.ts';
import { runKmeans } from '../helpers.ts';

// The scoring SQL run for real in DuckDB (the embedded engine, through its npm package): the labels
// it gives 1 M customers are the engine's, except exact ties, which must be ties within 1e-9.

const N = 1_000_000;
const HOSTILE = [`x'); DROP TABLE customers; --`, 'Zoë "quoted" \\ back', 'Two\nlines', 'Plain'];

let table: Awaited<ReturnType<typeof customersTable>> | undefined;
let folder: string;
let connection: DuckDBConnection;
let model: SegmentModel;
let columns: Float32Array[];

beforeAll(async () => {
  const dataset = generateCustomers({ n: N, seed: 7 });
  columns = [...dataset.columns];
  // The model: k = 4 fitted on the first 100 000 customers, named with hostile names.
  const fitN = 100_000;
  const fitColumns = columns.map((c) => c.subarray(0, fitN));
  const scaler = fitScaler(fitColumns, fitN);
  const points = { data: transformInterleaved(fitColumns, fitN, scaler), n: fitN, d: 3 };
  const result = await runKMeans(createCpuEngine(points, 4), points, { k: 4, seed: 0 });
  model = buildModel({
    features: [...CUSTOMER_FEATURES], scaled: true, scaler, result, centroidsInUnits: inverseTransformRows(result.centroids, scaler),
    segmentNames: HOSTILE, params: { init: 'k-means++', nInit: 3, maxIter: 300, tol: 1e-4, seed: 0 },
  });
  // The customers as a table: an id, the three features (their float32 values, written so they read back exactly).
  table = await customersTable(columns, N);
  ({ connection, folder } = table);
}, 120_000);

afterAll(() => table?.close());

/** Squared distance of customer i to centroid j, as the engine computes it. */
function distance(i: number, j: number): number {
  let sum = 0;
  for (let f = 0; f < 3; f++) {
    const x = Math.fround((columns[f]![i]! - model.scaler.mean[f]!) / model.scaler.scale[f]!);
    sum += (x - model.centroidsScaled[j]![f]!) ** 2;
  }
  return sum;
}

describe('scoring SQL in DuckDB', () => {
  it('gives every one of 1 M customers the engine\'s segment, ties aside, with every column kept', async () => {
    const sql = scoringSql(model, { table: 'customers', dialect: 'duckdb', source: 'model.json' });
    const started = performance.now();
    const reader = await connection.runAndReadAll(`SELECT id, cluster, segment, "${CUSTOMER_FEATURES[0]}" FROM (${sql.replace(/;\s*$/, '')}) ORDER BY id`);
    const sqlMs = performance.now() - started;
    const [ids, clusters, segments, incomes] = reader.getColumns() as [number[], number[], string[], number[]];
    expect(ids).toHaveLength(N);
    const engine = await scoreWithModel(model, columns, N);
    // Checked in plain loops (an expect per customer would take most of a minute); the first misfit is reported.
    const misfits: string[] = [];
    let ties = 0;
    for (let i = 0; i < N && misfits.length === 0; i++) {
      const cluster = clusters[i]!;
      if (ids[i] !== i || incomes[i] !== columns[0]![i] || segments[i] !== HOSTILE[cluster]) misfits.push(`row ${i}: ${ids[i]}, ${incomes[i]}, ${segments[i]}`);
      if (cluster === engine.labels[i]) continue;
      // A different label must be an exact tie, within 1e-9 of the distances.
      const [a, b] = [distance(i, cluster), distance(i, engine.labels[i]!)];
      if (Math.abs(a - b) > 1e-9 * Math.max(a, b)) misfits.push(`row ${i}: SQL says ${cluster} (${a}), the engine ${engine.labels[i]} (${b})`);
      ties++;
    }
    expect(misfits).toEqual([]);
    expect(ties).toBeLessThan(10);
    console.warn(`scoring SQL in DuckDB: ${N.toLocaleString('en-US')} customers in ${sqlMs.toFixed(0)} ms (query and read-back), ${ties} ties`);
  }, 120_000);

  it('runs in its standard-SQL form too, and leaves a row with a missing, NaN or infinite feature unscored', async () => {
    await connection.run(`CREATE TABLE gaps AS SELECT * FROM customers WHERE id < 5`);
    await connection.run(`UPDATE gaps SET "${CUSTOMER_FEATURES[1]}" = NULL WHERE id = 1`);
    await connection.run(`UPDATE gaps SET "${CUSTOMER_FEATURES[0]}" = 'NaN' WHERE id = 3`);
    await connection.run(`UPDATE gaps SET "${CUSTOMER_FEATURES[2]}" = '-Infinity' WHERE id = 4`);
    const engine = await scoreWithModel(model, columns.map((c) => c.subarray(0, 3)), 3);
    for (const dialect of ['ansi', 'duckdb'] as const) {
      const sql = scoringSql(model, { table: 'gaps', dialect });
      const rows = (await connection.runAndReadAll(`SELECT id, cluster, segment FROM (${sql.replace(/;\s*$/, '')}) ORDER BY id`)).getRows();
      expect(rows, dialect).toEqual([
        [0, engine.labels[0], HOSTILE[engine.labels[0]!]], [1, null, null], [2, engine.labels[2], HOSTILE[engine.labels[2]!]], [3, null, null], [4, null, null],
      ]);
    }
    // The hostile name stayed a string: the table is still there.
    expect((await connection.runAndReadAll('SELECT count(*) FROM customers')).getRows()[0]![0]).toBe(BigInt(N));
  });

  it('keeps hostile table and column names as names', async () => {
    const features = ['in"come', `x'); DROP TABLE customers; --`, 'Credit\nScore'];
    const table = 'odd"name\nDROP TABLE customers; --';
    const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await connection.run(`CREATE TABLE ${quoted(table)} AS SELECT * FROM (VALUES (1, 1.0, 0.0, 0.0)) AS v(id, ${features.map(quoted).join(', ')})`);
    const odd: SegmentModel = {
      ...model, k: 2, features, scaler: { mean: [0, 0, 0], scale: [1, 1, 1] }, segmentNames: ['West', 'East'],
      centroidsScaled: [[-1, 0, 0], [1, 0, 0]], centroids: [[-1, 0, 0], [1, 0, 0]],
    };
    const sql = scoringSql(odd, { table, dialect: 'duckdb' });
    const result = await connection.runAndReadAll(sql.replace(/;\s*$/, ''));
    expect(result.columnNames()).toEqual(['id', ...features, 'cluster', 'segment']);
    expect(result.getRows().map((row) => [row[0], row[4], row[5]])).toEqual([[1, 1, 'East']]);
    expect((await connection.runAndReadAll('SELECT count(*) FROM customers')).getRows()[0]![0]).toBe(BigInt(N));
  });

  it('gives an exact tie to the lower-numbered segment, as the engine does', async () => {
    const symmetric: SegmentModel = {
      ...model, k: 3, scaler: { mean: [0, 0, 0], scale: [1, 1, 1] }, segmentNames: ['West', 'East', 'Far'],
      centroidsScaled: [[-1, 0, 0], [1, 0, 0], [0, 0, 2]], centroids: [[-1, 0, 0], [1, 0, 0], [0, 0, 2]],
    };
    await connection.run(`CREATE TABLE middle AS SELECT * FROM (VALUES (0, 0.0, 5.0, 0.0), (1, 0.5, 0.0, 0.0), (2, 0.0, 0.0, 0.75)) AS v(id, "${CUSTOMER_FEATURES.join('", "')}")`);
    const sql = scoringSql(symmetric, { table: 'middle', dialect: 'duckdb' });
    const rows = (await connection.runAndReadAll(`SELECT id, cluster FROM (${sql.replace(/;\s*$/, '')}) ORDER BY id`)).getRows();
    // Row 0 is as far from West as from East; row 2 as far from all three (1.5625).
    const engine = await scoreWithModel(symmetric, [Float32Array.of(0, 0.5, 0), Float32Array.of(5, 0, 0), Float32Array.of(0, 0, 0.75)], 3);
    expect(Array.from(engine.labels)).toEqual([0, 1, 0]);
    expect(rows).toEqual([[0, 0], [1, 1], [2, 0]]);
  });
});

describe('scoring SQL for Spark and BigQuery', () => {
  it('quotes identifiers and names their way, and reads features as float32 where the dialect has one', () => {
    const spark = scoringSql(model, { table: 'lake.crm.customers', dialect: 'spark' });
    expect(spark).toContain('FROM `lake`.`crm`.`customers` AS t,\nLATERAL (');
    expect(spark).toContain('CAST(t.`Annual Income (k$)` AS FLOAT)');
    expect(spark).toContain(String.raw`WHEN 0 THEN 'x\'); DROP TABLE customers; --'`);
    expect(spark).toContain(String.raw`WHEN 1 THEN 'Zoë "quoted" \\ back' WHEN 2 THEN 'Two\nlines'`);
    const bigquery = scoringSql(model, { table: 'project.crm.customers', dialect: 'bigquery' });
    expect(bigquery).toContain('FROM `project`.`crm`.`customers` AS t');
    expect(bigquery).toContain('SELECT * EXCEPT (kmeans_x0, kmeans_x1, kmeans_x2, kmeans_d0, kmeans_d1, kmeans_d2, kmeans_d3, kmeans_cluster),\n  kmeans_cluster AS cluster,');
    expect(bigquery).toContain('BigQuery has no 32-bit float');
    expect(bigquery).not.toMatch(/AS (REAL|FLOAT)\)/);
    expect(() => scoringSql(model, { table: ' ', dialect: 'duckdb' })).toThrow('name the table');
  });
});

describe('kmeans sql: from the command line to DuckDB', () => {
  it('writes the query for a model file; run over the CSV, it gives the segments `kmeans assign` gives', async () => {
    const kmeans = (...args: string[]) => runKmeans(folder, args);
    expect(kmeans('generate', '--n', '20000', '--seed', '5', '--out', 'c.csv').status).toBe(0);
    expect(kmeans('fit', '--input', 'c.csv', '--k', '5', '--model', 'model.json').status).toBe(0);
    const written = kmeans('sql', '--model', 'model.json', '--table', 'scored_input', '--out', 'score.sql');
    expect(written.status).toBe(0);
    expect(written.stderr).toContain('wrote score.sql');
    expect(kmeans('assign', '--model', 'model.json', '--input', 'c.csv', '--out', 'assigned.csv').status).toBe(0);
    await connection.run(`CREATE VIEW scored_input AS SELECT * FROM read_csv('${join(folder, 'c.csv')}', header = true)`);
    const sql = readFileSync(join(folder, 'score.sql'), 'utf8');
    const rows = (await connection.runAndReadAll(`SELECT CustomerID, cluster, segment FROM (${sql.replace(/;\s*$/, '')}) ORDER BY CustomerID`)).getRows();
    const assigned = readFileSync(join(folder, 'assigned.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(20_000);
    // assign writes every input column, then Cluster and Segment (a segment name holds commas: rejoin it).
    expect(rows.map(([id, cluster]) => `${id}:${cluster}`)).toEqual(assigned.map((cells) => `${cells[0]}:${cells[4]}`));
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(assigned.map((cells) => cells.slice(5).join(',').replace(/^"|"$/g, ''))));
    // A bad call is one line.
    const missing = kmeans('sql', '--model', 'nope.json', '--table', 't');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('error: nope.json: no such file');
  }, 120_000);
});
