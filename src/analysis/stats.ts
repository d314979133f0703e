/** Summary statistics of the customer table, over typed columns (NaN = missing). */

export interface FeatureSummary {
  readonly count: number;
  readonly missing: number;
  readonly mean: number;
  /** Population standard deviation (ddof = 0), as the scaler uses. */
  readonly std: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  /** Tukey's fences: values outside [q1 - 1.5 IQR, q3 + 1.5 IQR] are outliers. */
  readonly lowFence: number;
  readonly highFence: number;
  readonly outliers: number;
}

/** Quantile with linear interpolation between order statistics (numpy's default, pandas' describe). */
export function quantileSorted(sorted: Float32Array | Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function summarise(column: Float32Array, n: number): FeatureSummary {
  const present = new Float32Array(n);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    if (Number.isFinite(v)) {
      present[count++] = v;
      sum += v;
    }
  }
  const values = present.subarray(0, count).sort();
  const mean = count > 0 ? sum / count : Number.NaN;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i]! - mean) ** 2;
  const q1 = quantileSorted(values, 0.25);
  const q3 = quantileSorted(values, 0.75);
  const lowFence = q1 - 1.5 * (q3 - q1);
  const highFence = q3 + 1.5 * (q3 - q1);
  let outliers = 0;
  for (let i = 0; i < count; i++) if (values[i]! < lowFence || values[i]! > highFence) outliers++;
  return {
    count, missing: n - count, mean, std: count > 0 ? Math.sqrt(squares / count) : Number.NaN,
    min: count > 0 ? values[0]! : Number.NaN, q1, median: quantileSorted(values, 0.5), q3,
    max: count > 0 ? values[count - 1]! : Number.NaN, lowFence, highFence, outliers,
  };
}

/** Counts in `bins` equal-width bins over [lo, hi] (the last bin includes hi). */
export function histogram(column: Float32Array, n: number, lo: number, hi: number, bins: number): Float64Array {
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins || 1;
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  }
  return counts;
}

/** Pearson correlation matrix (d x d, row-major) over rows where every feature is present. */
export function correlation(columns: readonly Float32Array[], n: number): Float64Array {
  const d = columns.length;
  const means = new Float64Array(d);
  let rows = 0;
  const complete = (i: number) => columns.every((c) => Number.isFinite(c[i]!));
  for (let i = 0; i < n; i++) {
    if (!complete(i)) continue;
    rows++;
    for (let f = 0; f < d; f++) means[f]! += columns[f]![i]!;
  }
  for (let f = 0; f < d; f++) means[f]! /= rows || 1;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    if (!complete(i)) continue;
    for (let a = 0; a < d; a++) {
      const da = columns[a]![i]! - means[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += da * (columns[b]![i]! - means[b]!);
    }
  }
  const out = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const r = cov[a * d + b]! / Math.sqrt(cov[a * d + a]! * cov[b * d + b]!);
      out[a * d + b] = out[b * d + a] = a === b ? 1 : r;
    }
  }
  return out;
}
