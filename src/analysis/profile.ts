import { segmentNames } from '../kmeans/segment-names.ts';

/** One row of the segment profile table, in business units. */
export interface SegmentProfile {
  readonly cluster: number;
  readonly size: number;
  readonly share: number;
  /** Centroid per feature, business units. */
  readonly centre: readonly number[];
  /** Centroid minus the population mean, per feature. */
  readonly difference: readonly number[];
  /** The automatic plain-language description (distinct across segments). */
  readonly description: string;
}

/** Segment profiles from centroids in business units (k x d), counts and the population statistics. */
export function segmentProfiles(
  featureNames: readonly string[],
  centroids: Float64Array,
  counts: ArrayLike<number>,
  populationMean: ArrayLike<number>,
  populationStd: ArrayLike<number>,
): SegmentProfile[] {
  const d = featureNames.length;
  const k = centroids.length / d;
  let total = 0;
  for (let j = 0; j < k; j++) total += counts[j]!;
  const names = segmentNames(featureNames, centroids, populationMean, populationStd);
  return Array.from({ length: k }, (_, j) => {
    const centre = Array.from(centroids.subarray(j * d, j * d + d));
    return {
      cluster: j,
      size: counts[j]!,
      share: total > 0 ? counts[j]! / total : 0,
      centre,
      difference: centre.map((v, f) => v - populationMean[f]!),
      description: names[j]!,
    };
  });
}
