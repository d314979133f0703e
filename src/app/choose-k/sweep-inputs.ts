import { clampToLimit, DEFAULTS, LIMITS } from '../../protocol/limits.ts';

/** The sweep's largest k and silhouette sample as typed, held within the page's limits (an empty box: the default). */
export function sweepInputs(kMaxText: string, sampleText: string): { kMax: number; sampleSize: number } {
  return {
    kMax: clampToLimit(Number(kMaxText) || DEFAULTS.sweepKMax, LIMITS.sweepKMax, DEFAULTS.sweepKMax),
    sampleSize: clampToLimit(Number(sampleText) || DEFAULTS.silhouetteSample, LIMITS.silhouetteSample, DEFAULTS.silhouetteSample),
  };
}
