import { describe, expect, it } from 'vitest';
import { applyOutlierPolicy } from '../../src/analysis/outliers.ts';
import { correlation, histogram, quantileSorted, summarise } from '../../src/analysis/stats.ts';

describe('summary statistics', () => {
  it('match numpy/pandas on a small column with a gap', () => {
    const column = Float32Array.from([1, 2, NaN, 4, 100, 3]);
    const s = summarise(column, 6);
    // pandas: Series([1,2,4,100,3]).describe() -> quartiles 2, 3, 4 (linear interpolation).
    expect(s).toMatchObject({ count: 5, missing: 1, min: 1, q1: 2, median: 3, q3: 4, max: 100 });
    expect(s.mean).toBeCloseTo(22, 12);
    expect(s.std).toBeCloseTo(Math.sqrt((21 ** 2 + 20 ** 2 + 18 ** 2 + 78 ** 2 + 19 ** 2) / 5), 10);
    expect([s.lowFence, s.highFence, s.outliers]).toEqual([-1, 7, 1]);
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.25)).toBe(1.75);
  });

  it('bins values, the top edge in the last bin', () => {
    expect(Array.from(histogram(Float32Array.from([0, 0.5, 1, 1.5, 2, NaN, 5]), 7, 0, 2, 2))).toEqual([2, 3]);
  });

  it('correlation: 1 on the diagonal, -1 for a mirrored feature, 0 for an orthogonal one', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const b = Float32Array.from([4, 3, 2, 1]);
    const c = Float32Array.from([1, -1, -1, 1]);
    const r = correlation([a, b, c], 4);
    expect(Array.from(r).map((v) => +v.toFixed(12))).toEqual([1, -1, 0, -1, 1, 0, 0, 0, 1]);
  });
});

describe('outlier policy', () => {
  const columns = [Float32Array.from([1, 2, 3, 50]), Float32Array.from([5, -40, 6, 7])];
  const fences = [{ lowFence: 0, highFence: 10 }, { lowFence: 0, highFence: 10 }];
  it('clip pulls values onto the fences and keeps every customer', () => {
    const out = applyOutlierPolicy(columns, 4, fences, 'clip');
    expect(out.columns.map((c) => Array.from(c))).toEqual([[1, 2, 3, 10], [5, 0, 6, 7]]);
    expect(out.n).toBe(4);
  });
  it('drop leaves out customers with any value outside, with a mask of who stayed', () => {
    const out = applyOutlierPolicy(columns, 4, fences, 'drop');
    expect(out.n).toBe(2);
    expect(Array.from(out.kept!)).toEqual([1, 0, 1, 0]);
    expect(out.columns.map((c) => Array.from(c))).toEqual([[1, 3], [5, 6]]);
  });
});
