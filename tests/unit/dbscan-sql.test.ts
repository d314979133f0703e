import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_FEATURES } from '../../src/data/features.ts';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { dbscanScoringSql } from '../../src/density/dbscan-sql.ts';
import { dbscan } from '../../src/density/dbscan.ts';
import { buildDbscanModel, type DbscanModel } from '../../src/density/density-model.ts';
import { scoreDensityModel } from '../../src/density/density-score.ts';
import { customersTable } from '../duckdb-customers.ts';

// A DBSCAN model's scoring SQL run for real in DuckDB: every customer gets the cluster `kmeans assign`
// gives it (the same arithmetic, so no tolerance), noise is -1 and "No segment", a row with a
// missing or NaN feature gets NULL.

const N = 200_000;
const HOSTILE = [`x'); DROP TABLE customers; --`, 'Zoë "quoted" \\ back', 'Two\nlines', 'Plain', 'Fifth', 'Sixth', 'Seventh'];

let table: Awaited<ReturnType<typeof customersTable>> | undefined;
let connection: DuckDBConnection;
let model: DbscanModel;
let expected: Int32Array;

beforeAll(async () => {
  // The model: fitted on 5 000 shaped customers; the table: 200 000 others.
  const fitN = 5000;
  const fitted = generateShapedCustomers({ n: fitN, seed: 21 });
  const scaler = fitScaler(fitted.columns, fitN);
  const points = { data: transformInterleaved(fitted.columns, fitN, scaler), n: fitN, d: 3 };
  const fit = dbscan(points, { eps: 0.15, minSamples: 8 });
  model = buildDbscanModel({
    features: [...CUSTOMER_FEATURES], scaled: true, scaler, data: points.data,
    segmentNames: HOSTILE.slice(0, fit.clusters), counts: new Float64Array(fit.clusters),
  }, fit, { eps: 0.15, minSamples: 8 });
  const customers = generateShapedCustomers({ n: N, seed: 22 });
  expected = scoreDensityModel(model, { data: transformInterleaved(customers.columns, N, scaler), n: N, d: 3 }).labels;

  // Rows no model can score: a missing value and a NaN.
  table = await customersTable(customers.columns, N, [`${N},,50,600`, `${N + 1},70,nan,600`]);
  connection = table.connection;
}, 120_000);

afterAll(() => table?.close());

async function scoreInDuckDb(dialect: 'duckdb' | 'ansi', where = ''): Promise<Map<number, { cluster: number | null; segment: string | null }>> {
  const sql = dbscanScoringSql(model, { table: 'customers', dialect, source: 'model.json' }).replace(/;\s*$/, '');
  const reader = await connection.runAndReadAll(`SELECT id, cluster, segment FROM (${sql}) AS scored ${where}`);
  return new Map(reader.getRowObjectsJS().map((row) => [Number(row.id), { cluster: row.cluster === null ? null : Number(row.cluster), segment: row.segment as string | null }]));
}

describe('the scoring SQL of a DBSCAN model', () => {
  it('gives every customer in DuckDB the cluster kmeans assign gives', async () => {
    const scored = await scoreInDuckDb('duckdb');
    expect(scored.size).toBe(N + 2);
    let noise = 0;
    for (let i = 0; i < N; i++) {
      const row = scored.get(i)!;
      expect(row.cluster, `customer ${i}`).toBe(expected[i]);
      expect(row.segment).toBe(expected[i] === -1 ? 'No segment' : HOSTILE[expected[i]!]);
      if (expected[i] === -1) noise++;
    }
    // Both outcomes occur, so the comparison means something.
    expect(noise).toBeGreaterThan(N * 0.01);
    expect(noise).toBeLessThan(N * 0.2);
    expect(scored.get(N)).toEqual({ cluster: null, segment: null });
    expect(scored.get(N + 1)).toEqual({ cluster: null, segment: null });
  }, 120_000);

  it('is the same in standard SQL (ORDER BY ... LIMIT 1 in place of arg_min)', async () => {
    const scored = await scoreInDuckDb('ansi', 'WHERE id % 20 = 0 OR id >= 200000');
    for (const [id, row] of scored) expect(row.cluster, `customer ${id}`).toBe(id < N ? expected[id] : null);
    expect(scored.size).toBe(N / 20 + 2);
  }, 120_000);

  it('says which dialects it is written for', () => {
    expect(() => dbscanScoringSql(model, { table: 'customers', dialect: 'spark' })).toThrow('written for duckdb and ansi (PostgreSQL), not spark');
  });
});
