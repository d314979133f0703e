import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_FEATURES } from '../../src/data/features.ts';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { buildHdbscanModel, type HdbscanModel } from '../../src/density/density-model.ts';
import { scoreDensityModel, type DensityScores } from '../../src/density/density-score.ts';
import { hdbscan } from '../../src/density/hdbscan.ts';
import { hdbscanScoringSql } from '../../src/density/hdbscan-sql.ts';
import { customersTable } from '../duckdb-customers.ts';

// An HDBSCAN model's scoring SQL run for real in DuckDB: every customer gets the cluster and the
// membership `kmeans assign` gives it (the same arithmetic), noise is -1 and "No segment", a row
// with a missing or NaN feature gets NULL.

const N = 50_000;
const NAMES = [`x'); DROP TABLE customers; --`, 'Zoë "quoted" \\ back', 'Two\nlines', 'Plain', 'Fifth', 'Sixth', 'Seventh', 'Eighth'];

let table: Awaited<ReturnType<typeof customersTable>> | undefined;
let connection: DuckDBConnection;
let model: HdbscanModel;
let expected: DensityScores;

beforeAll(async () => {
  // The model: fitted on 3 000 shaped customers; the table: 50 000 others, spread a little wider
  // than the fitted ones so that some fall far from every fitted customer.
  const fitN = 3000;
  const fitted = generateShapedCustomers({ n: fitN, seed: 31 });
  const scaler = fitScaler(fitted.columns, fitN);
  const points = { data: transformInterleaved(fitted.columns, fitN, scaler), n: fitN, d: 3 };
  const fit = hdbscan(points, { minClusterSize: 40, minSamples: 6 });
  model = buildHdbscanModel({
    features: [...CUSTOMER_FEATURES], scaled: true, scaler, data: points.data,
    segmentNames: NAMES.slice(0, fit.clusters), counts: new Float64Array(fit.clusters),
  }, fit, { minClusterSize: 40, minSamples: 6, clusterSelectionMethod: 'eom', clusterSelectionEpsilon: 0 });
  const customers = generateShapedCustomers({ n: N, seed: 32 });
  expected = scoreDensityModel(model, { data: transformInterleaved(customers.columns, N, scaler), n: N, d: 3 });
  table = await customersTable(customers.columns, N, [`${N},,50,600`, `${N + 1},70,nan,600`]);
  connection = table.connection;
}, 120_000);

afterAll(() => table?.close());

type Row = { cluster: number | null; segment: string | null; probability: number | null };

async function scoreInDuckDb(dialect: 'duckdb' | 'ansi', where = ''): Promise<Map<number, Row>> {
  const sql = hdbscanScoringSql(model, { table: 'customers', dialect, source: 'model.json' }).replace(/;\s*$/, '');
  const reader = await connection.runAndReadAll(`SELECT id, cluster, segment, probability FROM (${sql}) AS scored ${where}`);
  return new Map(reader.getRowObjectsJS().map((row) => [Number(row.id), {
    cluster: row.cluster === null ? null : Number(row.cluster), segment: row.segment as string | null, probability: row.probability === null ? null : Number(row.probability),
  }]));
}

describe('the scoring SQL of an HDBSCAN model', () => {
  it('gives every customer in DuckDB the cluster and membership kmeans assign gives', async () => {
    const scored = await scoreInDuckDb('duckdb');
    expect(scored.size).toBe(N + 2);
    let noise = 0;
    for (let i = 0; i < N; i++) {
      const row = scored.get(i)!;
      const label = expected.labels[i]!;
      expect(row.cluster, `customer ${i}`).toBe(label);
      expect(row.segment).toBe(label === -1 ? 'No segment' : NAMES[label]);
      expect(row.probability! - expected.probabilities![i]!, `customer ${i}'s membership`).toBeCloseTo(0, 6);
      if (label === -1) noise++;
    }
    // Both outcomes occur, and memberships between 0 and 1, so the comparison means something.
    expect(noise).toBeGreaterThan(N * 0.01);
    expect(noise).toBeLessThan(N * 0.3);
    expect(expected.probabilities!.some((p) => p > 0.05 && p < 0.95)).toBe(true);
    expect(scored.get(N)).toEqual({ cluster: null, segment: null, probability: null });
    expect(scored.get(N + 1)).toEqual({ cluster: null, segment: null, probability: null });
  }, 300_000);

  it('is the same in standard SQL', async () => {
    const scored = await scoreInDuckDb('ansi', `WHERE id % 25 = 0 OR id >= ${N}`);
    for (const [id, row] of scored) expect(row.cluster, `customer ${id}`).toBe(id < N ? expected.labels[id] : null);
    expect(scored.size).toBe(N / 25 + 2);
  }, 300_000);

  it('says which dialects it is written for', () => {
    expect(() => hdbscanScoringSql(model, { table: 'customers', dialect: 'bigquery' })).toThrow('written for duckdb and ansi (PostgreSQL), not bigquery');
  });
});
