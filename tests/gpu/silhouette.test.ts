import { afterAll, describe, expect, it } from 'vitest';
import { silhouette } from '../../src/analysis/silhouette.ts';
import { sampleRows } from '../../src/data/random.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { silhouetteOnGpu } from '../../src/analysis/silhouette-gpu.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, randomPoints } from '../helpers.ts';
import { openGpu, shaders, withValidation } from './gpu.ts';

const { gpu, reason } = await openGpu();
afterAll(() => gpu?.device.destroy());

describe.skipIf(!gpu)(`silhouette distances on the GPU${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it.each([
    ['257 points, d = 3, k = 7', () => randomPoints(257, 3, 1), 7, 257],
    ['blobs, d = 2, k = 4, sample of 2 000 from 50 000', () => blobs(50_000, 2, 4, 3, 1), 4, 2000],
    ['d = 8, k = 12', () => randomPoints(1500, 8, 2), 12, 1500],
    ['k = 32', () => randomPoints(3000, 3, 3), 32, 3000],
  ] as const)('%s: the same silhouettes as the CPU', async (_name, make, k, sampleSize) => {
    const points: PointMatrix = make();
    const fit = await runKMeans(createCpuEngine(points, k), points, { k, seed: 1 }, { withLabels: true });
    const rows = sampleRows(points.n, sampleSize, 4);
    const onCpu = silhouette(points, fit.labels!, k, rows);
    const onGpu = await withValidation(gpu!, () => silhouetteOnGpu(gpu!, shaders, points, fit.labels!, k, rows));
    expect(Math.abs(onGpu.mean - onCpu.mean)).toBeLessThan(1e-5);
    onCpu.values.forEach((v, i) => expect(Math.abs(onGpu.values[i]! - v)).toBeLessThan(1e-4));
    onCpu.perCluster.forEach((v, c) => expect(Math.abs(onGpu.perCluster[c]! - v)).toBeLessThan(1e-5));
  });
});
