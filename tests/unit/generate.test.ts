import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENTS, generateCustomers } from '../../src/data/generate.ts';
import { CREDIT, FEATURE_RANGES, INCOME, SPENDING } from '../../src/data/features.ts';

const hash = (columns: readonly Float32Array[]) => {
  const h = createHash('sha256');
  for (const c of columns) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return h.digest('hex');
};

describe('generateCustomers', () => {
  it('gives the same customers for the same seed and different ones for another', () => {
    const a = generateCustomers({ n: 5000, seed: 7 });
    const b = generateCustomers({ n: 5000, seed: 7 });
    const c = generateCustomers({ n: 5000, seed: 8 });
    expect(hash(a.columns)).toBe(hash(b.columns));
    expect(hash(a.columns)).not.toBe(hash(c.columns));
  });

  it('is the same on every machine: a pinned digest of 2000 customers', () => {
    // Changing the generator changes everyone's data; update this digest only on purpose.
    const { columns } = generateCustomers({ n: 2000, seed: 42 });
    expect(Array.from(columns[0]!.subarray(0, 3))).toEqual([83.6, 83.3, 143.3].map(Math.fround));
    expect(hash(columns).slice(0, 16)).toMatchInlineSnapshot(`"720bcfdbf96d5255"`);
  });

  it('keeps every feature inside its business range, rounded as recorded', () => {
    const { columns, featureNames } = generateCustomers({ n: 20000, seed: 1, separation: 0.3, outlierShare: 0.05 });
    featureNames.forEach((name, f) => {
      const [lo, hi] = FEATURE_RANGES[name]!;
      const column = columns[f]!;
      expect(Math.min(...column)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...column)).toBeLessThanOrEqual(hi);
    });
    expect(featureNames).toEqual([INCOME, SPENDING, CREDIT]);
    expect(columns[1]!.every(Number.isInteger)).toBe(true);
    expect(columns[2]!.every(Number.isInteger)).toBe(true);
    expect(columns[0]!.every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-3)).toBe(true);
  });

  it('draws each segment around its centre in its share', () => {
    const n = 100_000;
    const { columns, segmentOf } = generateCustomers({ n, seed: 3 });
    DEFAULT_SEGMENTS.forEach((segment, s) => {
      const rows = [...segmentOf.keys()].filter((i) => segmentOf[i] === s);
      expect(rows.length / n).toBeCloseTo(segment.share * 0.995, 1);
      segment.mean.forEach((centre, f) => {
        const mean = rows.reduce((sum, i) => sum + columns[f]![i]!, 0) / rows.length;
        expect(Math.abs(mean - centre)).toBeLessThan(2);
      });
    });
    const outliers = segmentOf.filter((s) => s === 255).length / n;
    expect(outliers).toBeGreaterThan(0.003);
    expect(outliers).toBeLessThan(0.007);
  });

  it('spreads segments less as separation grows', () => {
    const spread = (separation: number) => {
      const { columns, segmentOf } = generateCustomers({ n: 20000, seed: 5, separation, outlierShare: 0 });
      const income = [...segmentOf.keys()].filter((i) => segmentOf[i] === 1).map((i) => columns[0]![i]!);
      const mean = income.reduce((a, b) => a + b, 0) / income.length;
      return Math.sqrt(income.reduce((a, b) => a + (b - mean) ** 2, 0) / income.length);
    };
    expect(spread(1)).toBeCloseTo(8, 0);
    expect(spread(2)).toBeCloseTo(4, 0);
  });

  it('rejects impossible sizes with the value in the message', () => {
    expect(() => generateCustomers({ n: 0, seed: 1 })).toThrow('got 0');
    expect(() => generateCustomers({ n: 10, seed: 1, separation: 0 })).toThrow('separation must be > 0, got 0');
  });
});
