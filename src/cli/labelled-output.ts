import { resolve } from 'node:path';
import { inverseTransformRows, type Scaler } from '../data/scaler.ts';
import { clusterMeans } from '../kmeans/cluster-means.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { segmentNames } from '../kmeans/segment-names.ts';
import { InputError } from '../node/input-error.ts';
import { writeOutput, type OutputOptions } from '../node/output-file.ts';
import { writeSegmentedRows } from '../node/csv-write.ts';
import { wantsParquet, writeSegmentedParquet } from '../node/parquet-write.ts';

/**
 * What the density and agglomerative commands say of their clusters: each one's size and mean
 * (input units) and its name (the given names where there is one for each, else the automatic).
 */
export function describeClusters(
  input: { featureNames: readonly string[]; stats: { mean: ArrayLike<number>; scale: ArrayLike<number> } }, points: PointMatrix, scaler: Scaler,
  labels: Int32Array, clusters: number, given: readonly string[] | undefined,
) {
  const { counts, means } = clusterMeans(points, labels, clusters);
  const centres = inverseTransformRows(means, scaler);
  const automatic = segmentNames(input.featureNames, centres, input.stats.mean, input.stats.scale);
  return { counts, centres, names: given?.length === automatic.length ? [...given] : automatic };
}

/** `--out`: every input row with its cluster and segment (and a mixture's probability of it), CSV or Parquet; never over the input unless forced. */
export async function writeLabelledRows(
  args: { input: string; out?: string; force?: boolean }, labels: Int32Array, names: readonly string[], kept: Uint8Array | null,
  outputOptions: OutputOptions, log: (line: string) => void, probability?: Float32Array,
): Promise<void> {
  if (!args.out) return;
  if (resolve(args.out) === resolve(args.input) && !args.force) throw new InputError(`${args.out}: --out names the input file (add --force to replace it)`);
  const writeRows = wantsParquet(args.out) ? writeSegmentedParquet : writeSegmentedRows;
  await writeOutput(args.out, (write) => writeRows(args.input, write, labels, names, kept, probability), outputOptions);
  if (args.out !== '-') log(`wrote ${args.out}`);
}
