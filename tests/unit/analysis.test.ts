import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calinskiHarabasz, daviesBouldin } from '../../src/analysis/indices.ts';
import { kneedle } from '../../src/analysis/kneedle.ts';
import { silhouette, simplifiedSilhouette } from '../../src/analysis/silhouette.ts';
import { sampleRows } from '../../src/data/random.ts';
import { sweepK } from '../../src/analysis/sweep.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, randomPoints } from '../helpers.ts';
import { PYTHON, sklearnMissing } from '../sklearn.ts';

describe('kneedle', () => {
  it('finds the bend of a decreasing convex curve', () => {
    const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(ks[kneedle(ks, [1000, 600, 300, 100, 90, 82, 75, 70, 66, 63])]).toBe(4);
    expect(kneedle(ks.slice(0, 2), [5, 1])).toBe(-1);
    expect(kneedle(ks, ks.map(() => 7))).toBe(-1);
  });
});

describe('silhouette', () => {
  it('matches a hand computation', () => {
    // Cluster 0: x = 0, 1; cluster 1: x = 5. Point 0: a = 1, b = 5 -> 0.8; point 1: a = 1, b = 4 -> 0.75; point 2 alone -> 0.
    const points = { data: Float32Array.from([0, 1, 5]), n: 3, d: 1 };
    const s = silhouette(points, Uint8Array.from([0, 0, 1]), 2);
    expect(Array.from(s.values)).toEqual([0.8, 0.75, 0]);
    expect(s.mean).toBeCloseTo(1.55 / 3, 12);
    expect(Array.from(s.perCluster)).toEqual([0.775, 0]);
  });

  it('draws the same sample for the same seed, distinct rows in order', () => {
    const a = sampleRows(100_000, 2000, 5);
    expect(sampleRows(100_000, 2000, 5)).toEqual(a);
    expect(sampleRows(100_000, 2000, 6)).not.toEqual(a);
    expect(new Set(a).size).toBe(2000);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(sampleRows(10, 50, 1)).toEqual(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('simplified silhouette is high for separated blobs and near 0 for noise', async () => {
    const fit = async (points: PointMatrix, k: number) => {
      const r = await runKMeans(createCpuEngine(points, k), points, { k, seed: 1 }, { withLabels: true });
      return simplifiedSilhouette(points, r.labels!, r.centroids, k).mean;
    };
    expect(await fit(blobs(5000, 3, 4, 2, 0.2), 4)).toBeGreaterThan(0.8);
    expect(await fit(randomPoints(5000, 3, 2), 4)).toBeLessThan(0.5);
  });

  const missing = sklearnMissing();
  if (missing && process.env.CI) throw new Error(`scikit-learn parity cannot run: ${missing}`);
  it.skipIf(missing !== null)(`equals scikit-learn's silhouette_score and silhouette_samples to 1e-6${missing ? ` (skipped: ${missing})` : ''}`, async () => {
    for (const [points, k] of [[blobs(1500, 3, 4, 9, 1.5), 4], [randomPoints(800, 2, 3), 5]] as const) {
      const r = await runKMeans(createCpuEngine(points, k), points, { k, seed: 2 }, { withLabels: true });
      const ours = silhouette(points, r.labels!, k);
      const folder = mkdtempSync(join(tmpdir(), 'silhouette-'));
      try {
        writeFileSync(join(folder, 'points.f32'), points.data);
        writeFileSync(join(folder, 'labels.u8'), r.labels!);
        writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d }));
        const script = new URL('../fixtures/sklearn_silhouette.py', import.meta.url).pathname;
        const theirs = JSON.parse(execFileSync(PYTHON, [script, folder], { encoding: 'utf8' }));
        expect(Math.abs(ours.mean - theirs.score)).toBeLessThan(1e-6);
        theirs.samples.forEach((v: number, i: number) => expect(Math.abs(ours.values[i]! - v)).toBeLessThan(1e-6));
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  });
});

describe('sweep over k', () => {
  it('marks k = 4 on the default synthetic customers, where the silhouette also peaks', async () => {
    const n = 20_000;
    const { columns } = generateCustomers({ n, seed: 42 });
    const points = { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
    const progress: number[] = [];
    const sweep = await sweepK(points, {
      kMax: 10, seed: 0, sampleSize: 2000, engineFor: async (k) => createCpuEngine(points, k), onProgress: (done) => progress.push(done),
    });
    expect(sweep.points.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sweep.elbowK).toBe(4);
    const best = sweep.points.slice(1).reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    expect(best.k).toBe(4);
    expect(sweep.exact).toBe(false);
    expect(sweep.sampleSize).toBe(2000);
    // Reproducible for a seed.
    const again = await sweepK(points, { kMax: 5, seed: 0, sampleSize: 2000, engineFor: async (k) => createCpuEngine(points, k) });
    expect(again.points.map((p) => p.silhouette)).toEqual(sweep.points.slice(0, 5).map((p) => p.silhouette));
  });

  it("measures each fit in slices with the same numbers as the whole-matrix functions", async () => {
    // More customers than one slice (32 768 rows), so the sums are carried across slices.
    const points = blobs(100_000, 3, 5, 11, 0.8);
    const sweep = await sweepK(points, { kMax: 6, seed: 0, sampleSize: 300, engineFor: async (k) => createCpuEngine(points, k) });
    for (const k of [1, 3, 6]) {
      const fit = await runKMeans(createCpuEngine(points, k), points, { k, seed: 0, nInit: 3, initSample: 20_000 }, { withLabels: true });
      const measured = sweep.points[k - 1]!;
      expect(measured.wcss).toBe(fit.inertia);
      const near = (ours: number, whole: number) => (Number.isNaN(whole) ? expect(ours).toBeNaN() : expect(Math.abs(ours - whole)).toBeLessThanOrEqual(1e-12 * Math.abs(whole)));
      near(measured.calinskiHarabasz, calinskiHarabasz(points, fit.labels!, k));
      near(measured.daviesBouldin, daviesBouldin(points, fit.labels!, k));
      near(measured.simplified, k === 1 ? Number.NaN : simplifiedSilhouette(points, fit.labels!, fit.centroids, k).mean);
      expect(measured.smallestShare).toBe(Math.min(...fit.counts) / points.n);
    }
  });

  it('stops when cancelled', async () => {
    const points = randomPoints(2000, 3, 1);
    const controller = new AbortController();
    const sweep = sweepK(points, {
      kMax: 10, seed: 0, sampleSize: 500, engineFor: async (k) => createCpuEngine(points, k), signal: controller.signal,
      onProgress: (done) => done === 2 && controller.abort(),
    });
    await expect(sweep).rejects.toThrow(/abort/i);
  });
});
