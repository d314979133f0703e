import { sampleRows } from '../data/random.ts';
import { gatherRows } from './gather-rows.ts';
import type { PointMatrix } from './types.ts';

/**
 * The customers k-means++ seeds a restart from, drawn by seed. A sweep seeds restart r of every
 * k from the same seed, so the same sample: kept per dataset, it is drawn once per restart
 * instead of once per fit (30 draws of 20 000 rows from a million cost 0.25 s, while the
 * engine's helpers waited). Only small samples are kept: a fit's million-row sample is used once.
 */
const MAX_KEPT_ROWS = 100_000;
const MAX_KEPT_SAMPLES = 8;
const kept = new WeakMap<PointMatrix, Map<string, PointMatrix>>();

export function seedingSample(points: PointMatrix, size: number, seed: number): PointMatrix {
  if (size > MAX_KEPT_ROWS) return gatherRows(points, sampleRows(points.n, size, seed));
  let samples = kept.get(points);
  if (!samples) kept.set(points, (samples = new Map()));
  const key = `${size}:${seed}`;
  let sample = samples.get(key);
  if (!sample) {
    sample = gatherRows(points, sampleRows(points.n, size, seed));
    // The oldest goes first (a Map iterates in insertion order).
    if (samples.size >= MAX_KEPT_SAMPLES) samples.delete(samples.keys().next().value!);
    samples.set(key, sample);
  }
  return sample;
}
