/**
 * StandardScaler: mean 0 and population standard deviation 1 per feature (ddof = 0),
 * as scikit-learn's. A feature with zero variance keeps scale 1, as scikit-learn does.
 * Statistics are accumulated in float64; the scaled matrix is float32 for the engines.
 */
export interface Scaler {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export function fitScaler(columns: readonly ArrayLike<number>[], n: number): Scaler {
  const d = columns.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let f = 0; f < d; f++) {
    const column = columns[f]!;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i]!;
    const m = sum / n;
    // Two-pass variance: no cancellation for data far from zero (credit scores ~ 700).
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const delta = column[i]! - m;
      squares += delta * delta;
    }
    const std = Math.sqrt(squares / n);
    mean[f] = m;
    scale[f] = std > 0 ? std : 1;
  }
  return { mean, scale };
}

/** An identity scaler, for `--no-scale`. */
export function identityScaler(d: number): Scaler {
  return { mean: new Float64Array(d), scale: new Float64Array(d).fill(1) };
}

/** Scale the columns into one interleaved row-major float32 matrix (n x d). */
export function transformInterleaved(columns: readonly ArrayLike<number>[], n: number, scaler: Scaler, shared = false): Float32Array {
  const d = columns.length;
  const out = shared ? new Float32Array(new SharedArrayBuffer(n * d * 4)) : new Float32Array(n * d);
  for (let f = 0; f < d; f++) {
    const column = columns[f]!;
    const m = scaler.mean[f]!;
    const s = scaler.scale[f]!;
    for (let i = 0, o = f; i < n; i++, o += d) out[o] = (column[i]! - m) / s;
  }
  return out;
}

/** Rows of scaled values (k x d, row-major) back into business units. */
export function inverseTransformRows(rows: ArrayLike<number>, scaler: Scaler): Float64Array {
  const d = scaler.mean.length;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const f = i % d;
    out[i] = rows[i]! * scaler.scale[f]! + scaler.mean[f]!;
  }
  return out;
}

/** Rows in business units (k x d) into scaled space. */
export function transformRows(rows: ArrayLike<number>, scaler: Scaler): Float64Array {
  const d = scaler.mean.length;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const f = i % d;
    out[i] = (rows[i]! - scaler.mean[f]!) / scaler.scale[f]!;
  }
  return out;
}
