import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/analysis/agreement.ts';
import { generateShapedCustomers, SCATTERED } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { dbscan } from '../../src/density/dbscan.ts';
import { hdbscan } from '../../src/density/hdbscan.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { runKMeans } from '../../src/kmeans/run.ts';

// The case density clustering is for: interleaved bands, a core inside a ring, a clump and 3 %
// scattered customers. The density algorithms recover the groups and name the scattered as
// noise; KMeans, whatever its k, cuts the bands and merges the core with its ring.

const data = generateShapedCustomers({ n: 20_000, seed: 12 });
const points = { data: transformInterleaved(data.columns, data.n, fitScaler(data.columns, data.n)), n: data.n, d: 3 };
/** The true groups, the scattered customers one more group (as noise is). */
const truth = Uint8Array.from(data.segmentOf, (group) => (group === SCATTERED ? 5 : group));
const withNoiseAsGroup = (labels: Int32Array) => Uint8Array.from(labels, (label) => (label < 0 ? 250 : label));

describe('shaped customers: density clustering finds what KMeans cannot', () => {
  it('the generator makes 5 groups and about 3 % scattered customers', () => {
    const scattered = data.segmentOf.filter((group) => group === SCATTERED).length / data.n;
    expect(scattered).toBeGreaterThan(0.025);
    expect(scattered).toBeLessThan(0.035);
    expect(new Set(data.segmentOf)).toEqual(new Set([0, 1, 2, 3, 4, SCATTERED]));
  });

  it('DBSCAN and HDBSCAN recover the groups (ARI above 0.95) and call the scattered customers noise', () => {
    const density = [dbscan(points, { eps: 0.12, minSamples: 10 }), hdbscan(points, { minClusterSize: 200, minSamples: 10 })];
    for (const result of density) {
      expect(result.clusters).toBe(5);
      expect(adjustedRandIndex(truth, withNoiseAsGroup(result.labels))).toBeGreaterThan(0.95);
      // Most scattered customers are noise (a few fall inside a group, where they belong to it).
      let scatteredAsNoise = 0;
      data.segmentOf.forEach((group, i) => void (group === SCATTERED && result.labels[i]! < 0 && scatteredAsNoise++));
      expect(scatteredAsNoise / data.segmentOf.filter((group) => group === SCATTERED).length).toBeGreaterThan(0.85);
    }
  });

  it.each([4, 5, 6])('KMeans with k = %i stays far below (ARI under 0.75)', async (k) => {
    const result = await runKMeans(createCpuEngine(points, k), points, { k, nInit: 3, seed: 0 }, { withLabels: true });
    expect(adjustedRandIndex(truth, result.labels!)).toBeLessThan(0.75);
  });
});

describe('the min_cluster_size sweep', () => {
  it('gives, per size, the clusters, the noise share and the silhouette of the clustered customers', async () => {
    const { sweepMinClusterSize } = await import('../../src/analysis/density-sweep.ts');
    const sweep = sweepMinClusterSize(points, [100, 200, 20_000], 10, 5000, 0);
    expect(sweep.sampled).toBe(5000);
    // Sizes are scaled to the sample: 200 of 20 000 customers is 50 of 5 000.
    expect(sweep.rows.map((row) => row.onSample)).toEqual([25, 50, 5000]);
    const [small, middle, all] = sweep.rows;
    expect(middle!.clusters).toBe(5);
    expect(middle!.silhouette).toBeGreaterThan(0);
    expect(middle!.noiseShare).toBeGreaterThan(0.01);
    expect(small!.clusters).toBeGreaterThanOrEqual(middle!.clusters);
    // A size of every customer leaves no cluster to measure.
    expect(all!.clusters).toBeLessThanOrEqual(1);
    expect(all!.silhouette).toBeNaN();
  });
});
