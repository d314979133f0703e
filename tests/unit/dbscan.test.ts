import { describe, expect, it } from 'vitest';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { dbscan } from '../../src/density/dbscan.ts';
import { NOISE } from '../../src/density/types.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { randomPoints } from '../helpers.ts';
import { sklearnDbscan, sklearnMissing } from '../sklearn.ts';

const missing = sklearnMissing();
// In CI the comparison is required; elsewhere it is skipped with the reason.
if (missing && process.env.CI) throw new Error(`scikit-learn parity cannot run: ${missing}`);

function scaled(columns: readonly Float32Array[], n: number): PointMatrix {
  return { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: columns.length };
}
const shaped = (n: number, seed: number) => {
  const data = generateShapedCustomers({ n, seed });
  return scaled(data.columns, n);
};
const matrix = (rows: number[][]): PointMatrix => ({ data: Float32Array.from(rows.flat()), n: rows.length, d: rows[0]!.length });
/** Points on an integer lattice: many pairs exactly eps = 1 apart (and exactly representable). */
function lattice(side: number, d: number): PointMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < side ** d; i++) rows.push(Array.from({ length: d }, (_, axis) => Math.floor(i / side ** axis) % side));
  return matrix(rows);
}
/** Every customer twice, and a few five times. */
function withDuplicates(points: PointMatrix): PointMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < points.n; i++) {
    const row = Array.from(points.data.subarray(i * points.d, (i + 1) * points.d));
    for (let copy = 0; copy < (i % 50 === 0 ? 5 : 2); copy++) rows.push(row);
  }
  return matrix(rows);
}

/** Points squeezed into a box of side 0.05, every other one moved 1 000 away on each axis. */
function farApart(points: PointMatrix): PointMatrix {
  const data = Float32Array.from(points.data, (value, at) => value * 0.05 + (Math.floor(at / points.d) % 2 ? 1000 : 0));
  return { ...points, data };
}

describe.skipIf(missing !== null)(`DBSCAN: the labels scikit-learn gives${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each([
    ['shaped customers, 20 000', () => shaped(20_000, 1), 0.12, 10],
    ['shaped customers, 60 000, small eps', () => shaped(60_000, 2), 0.05, 5],
    ['default customers, 30 000', () => scaled(generateCustomers({ n: 30_000, seed: 3 }).columns, 30_000), 0.2, 20],
    ['uniform noise, d = 3, mostly borders', () => randomPoints(8000, 3, 4), 0.08, 6],
    ['uniform noise, d = 2', () => randomPoints(8000, 2, 5), 0.03, 4],
    ['uniform noise, d = 4 (cells do not span every feature)', () => randomPoints(6000, 4, 6), 0.25, 5],
    ['uniform noise, d = 1', () => randomPoints(3000, 1, 7), 0.002, 3],
    ['a lattice: neighbours exactly eps apart, d = 3', () => lattice(12, 3), 1, 7],
    ['a lattice: neighbours exactly eps apart, d = 2', () => lattice(30, 2), 1, 5],
    ['duplicates', () => withDuplicates(randomPoints(2000, 3, 8)), 0.05, 4],
    ['all noise', () => randomPoints(2000, 3, 9), 0.01, 3],
    ['one cluster', () => randomPoints(3000, 3, 10), 5, 2],
    ['min_samples 1: every customer a core point', () => randomPoints(3000, 3, 11), 0.05, 1],
    ['two groups 1 000 apart, eps 0.003: more cells than 32 bits can number', () => farApart(randomPoints(4000, 3, 12)), 0.003, 4],
  ] as const)('%s', (_name, make, eps, minSamples) => {
    const points = make();
    const ours = dbscan(points, { eps, minSamples });
    const theirs = sklearnDbscan(points, eps, minSamples);
    expect(ours.core).toEqual(theirs.core);
    expect(ours.labels).toEqual(theirs.labels);
    expect(ours.noise).toBe(theirs.labels.filter((label) => label === NOISE).length);
    expect(ours.clusters).toBe(Math.max(-1, ...theirs.labels) + 1);
  });
});

describe('DBSCAN', () => {
  it('says plainly when everything is noise', () => {
    const result = dbscan(randomPoints(500, 3, 1), { eps: 1e-4, minSamples: 5 });
    expect(result.clusters).toBe(0);
    expect(result.noise).toBe(500);
  });

  it.each([
    [{ eps: 0, minSamples: 5 }, /eps must be a positive number, not 0/],
    [{ eps: -1, minSamples: 5 }, /eps must be a positive number, not -1/],
    [{ eps: Number.NaN, minSamples: 5 }, /eps must be a positive number, not NaN/],
    [{ eps: 0.5, minSamples: 0 }, /min_samples must be a whole number of at least 1, not 0/],
    [{ eps: 0.5, minSamples: 2.5 }, /min_samples must be a whole number of at least 1, not 2.5/],
  ])('refuses %o with one clear message', (options, message) => {
    expect(() => dbscan(randomPoints(100, 3, 1), options)).toThrow(message);
  });
});
