import { describe, expect, it } from 'vitest';
import { clusterStability, stabilityReading } from '../../src/analysis/cluster-stability.ts';
import { fitOnSample } from '../../src/analysis/sample-fit.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, randomPoints } from '../helpers.ts';

async function stabilityOf(points: PointMatrix, k: number) {
  const fit = await fitOnSample(points, k, { seed: 1, nInit: 3, withLabels: true });
  return clusterStability(points, fit.labels!, k, { resamples: 8, seed: 2 });
}

describe('per-segment stability (clusterboot on seeded subsets)', () => {
  it('finds every one of four separated groups again in every subset', async () => {
    const result = await stabilityOf(blobs(4000, 3, 4, 7, 0.3), 4);
    expect(result.resamples).toBe(8);
    expect(result.subsetSize).toBe(3200);
    for (const segment of result.perCluster) {
      expect(segment.seen).toBe(8);
      expect(segment.dissolved).toBe(0);
      expect(segment.meanJaccard).toBeGreaterThan(0.97);
    }
  });

  it('is lower for segments cut out of uniform noise', async () => {
    const noise = await stabilityOf(randomPoints(4000, 3, 9), 7);
    const groups = await stabilityOf(blobs(4000, 3, 7, 3, 0.3), 7);
    const worst = (r: typeof noise) => Math.min(...r.perCluster.map((s) => s.meanJaccard));
    expect(worst(noise)).toBeLessThan(worst(groups) - 0.1);
  });

  it('reads as words', () => {
    expect(stabilityReading({ meanJaccard: 0.93, dissolved: 0, seen: 10 })).toBe('stable (Jaccard 0.93; never dissolved)');
    expect(stabilityReading({ meanJaccard: 0.61, dissolved: 3, seen: 20 })).toBe('fairly stable (Jaccard 0.61; dissolved in 3 of 20 resamples)');
    expect(stabilityReading({ meanJaccard: 0.4, dissolved: 7, seen: 10 })).toBe('unstable (Jaccard 0.40; dissolved in 7 of 10 resamples)');
    expect(stabilityReading({ meanJaccard: Number.NaN, dissolved: 0, seen: 0 })).toBe('not measured (no resample held this segment)');
  });
});
