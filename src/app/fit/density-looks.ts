import { NO_SEGMENT } from '../../data/labels.ts';
import { segmentNames } from '../../kmeans/segment-names.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import { NOISE_SLOT } from '../../view/palette.ts';
import type { SegmentIdentity, SegmentLooks } from '../segments/segment-identity.ts';

/**
 * A density run's looks: its clusters (all rows of `centresInUnits` but the last, the noise's)
 * matched to the known segments as KMeans clusters are, so a segment found by both keeps its
 * colour and name; the noise grey and named "No segment". `commit`: a finished run (remembered);
 * `savedNames`: a scored model's names for its clusters.
 */
export function densityLooks(identity: SegmentIdentity, data: DatasetSummary, centresInUnits: Float64Array, commit: boolean, savedNames?: readonly string[]): SegmentLooks {
  const d = data.featureNames.length;
  const clusters = centresInUnits.subarray(0, centresInUnits.length - d);
  const automatic = segmentNames(data.featureNames, clusters, data.mean, data.scale);
  const looks = commit ? identity.commit(clusters, d, data.scale, automatic, savedNames) : identity.preview(clusters, d, data.scale, automatic);
  return { slots: [...looks.slots, NOISE_SLOT], names: [...looks.names, NO_SEGMENT] };
}
