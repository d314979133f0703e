import { transformInterleaved } from '../data/scaler.ts';
import { createCpuEngine } from './cpu/hamerly.ts';
import type { SegmentModel } from './model.ts';
import type { PointMatrix } from './types.ts';

/**
 * Assign customers to a saved model's segments without refitting: scale them with the
 * model's scaler, then one assignment pass against its centroids. Labels are the model's
 * cluster numbers. Columns are in the model's feature order, business units, no NaN.
 */
export async function scoreWithModel(model: SegmentModel, columns: readonly Float32Array[], n: number) {
  const scaler = { mean: Float64Array.from(model.scaler.mean), scale: Float64Array.from(model.scaler.scale) };
  const points: PointMatrix = { data: transformInterleaved(columns, n, scaler), n, d: model.features.length };
  const engine = createCpuEngine(points, model.k);
  try {
    const stats = await engine.assign(Float64Array.from(model.centroidsScaled.flat()));
    return { points, scaler, labels: (await engine.labels()).slice(), counts: stats.counts, inertia: stats.inertia };
  } finally {
    engine.destroy();
  }
}
