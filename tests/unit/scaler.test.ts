import { describe, expect, it } from 'vitest';
import { fitScaler, inverseTransformRows, transformInterleaved, transformRows } from '../../src/data/scaler.ts';

describe('StandardScaler', () => {
  const columns = [Float32Array.from([1, 2, 3, 4]), Float32Array.from([700, 700, 700, 700]), Float32Array.from([10, 0, 10, 0])];

  it('uses the population standard deviation (ddof = 0), as scikit-learn does', () => {
    const scaler = fitScaler(columns, 4);
    expect(Array.from(scaler.mean)).toEqual([2.5, 700, 5]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(scaler.scale[2]).toBe(5);
  });

  it('keeps scale 1 for a constant feature instead of dividing by zero', () => {
    expect(fitScaler(columns, 4).scale[1]).toBe(1);
  });

  it('interleaves scaled rows and inverts them back to business units', () => {
    const scaler = fitScaler(columns, 4);
    const scaled = transformInterleaved(columns, 4, scaler);
    expect(Array.from(scaled.subarray(0, 3)).map((v) => +v.toFixed(6))).toEqual([-1.341641, 0, 1]);
    const back = inverseTransformRows(scaled, scaler);
    expect(Array.from(back).map((v) => +v.toFixed(4))).toEqual([1, 700, 10, 2, 700, 0, 3, 700, 10, 4, 700, 0]);
    expect(Array.from(transformRows(back.subarray(0, 3), scaler)).map((v) => +v.toFixed(6))).toEqual([-1.341641, 0, 1]);
  });

  it('stays accurate far from zero (two-pass variance)', () => {
    const big = Float32Array.from({ length: 1000 }, (_, i) => 800 + (i % 2));
    expect(fitScaler([big], 1000).scale[0]).toBeCloseTo(0.5, 10);
  });
});
