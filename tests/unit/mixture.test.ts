import { describe, expect, it } from 'vitest';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { fitMixture } from '../../src/mixture/fit.ts';
import { COVARIANCE_TYPES, IllDefinedCovarianceError, type MixtureParams } from '../../src/mixture/gaussian.ts';
import { kmeansStartLabels, localMixtureEngine } from '../../src/mixture/local-engine.ts';
import { paramsFromLabels } from '../../src/mixture/m-step.ts';
import { ellipsoidAxes, symmetricEigen3 } from '../../src/mixture/ellipsoid.ts';
import { canonicalOrder } from '../../src/kmeans/canonical.ts';
import { mixtureReference } from '../mixture-reference.ts';
import { sklearnMissing } from '../sklearn.ts';
import { overlappingGroups } from '../helpers.ts';

const relativeError = (ours: ArrayLike<number>, theirs: ArrayLike<number>) => {
  let scale = 0;
  for (let i = 0; i < theirs.length; i++) scale = Math.max(scale, Math.abs(theirs[i]!));
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!) / scale);
  return worst;
};

describe.skipIf(sklearnMissing() !== null && !process.env.CI)('Gaussian mixtures against scikit-learn', () => {
  const points = overlappingGroups(3001, 7);
  for (const covariance of COVARIANCE_TYPES) {
    it(`${covariance} covariances: the same weights, means, covariances, iterations, log-likelihood and predictions from the same start`, async () => {
      const start = paramsFromLabels(points, await kmeansStartLabels(points, 4, 3), 4, covariance, 1e-6);
      const theirs = mixtureReference(points, start);
      const ours = await fitMixture(points, { k: 4, covariance, init: { params: start } }, localMixtureEngine(points));
      // Ours come in canonical order: put scikit-learn's the same way.
      const order = canonicalOrder(Float64Array.from(theirs.means), 4, 3);
      const size = ours.params.covariances.length / 4;
      const permute = (values: number[], width: number) => {
        const out = new Float64Array(values.length);
        order.forEach((to, from) => out.set(values.slice(from * width, from * width + width), to * width));
        return out;
      };
      expect(ours.iterations).toBe(theirs.iterations);
      expect(ours.converged).toBe(theirs.converged);
      expect(relativeError(ours.params.weights, permute(theirs.weights, 1))).toBeLessThan(1e-6);
      expect(relativeError(ours.params.means, permute(theirs.means, 3))).toBeLessThan(1e-6);
      expect(relativeError(ours.params.covariances, permute(theirs.covariances, size))).toBeLessThan(1e-6);
      expect(Math.abs(ours.lowerBound - theirs.lowerBound) / Math.abs(theirs.lowerBound)).toBeLessThan(1e-9);
      expect(Math.abs(ours.meanLogLikelihood - theirs.score) / Math.abs(theirs.score)).toBeLessThan(1e-9);
      expect(Math.abs(ours.bic - theirs.bic) / Math.abs(theirs.bic)).toBeLessThan(1e-9);
      expect(Math.abs(ours.aic - theirs.aic) / Math.abs(theirs.aic)).toBeLessThan(1e-9);
      let differing = 0;
      for (let i = 0; i < points.n; i++) {
        if (ours.labels[i] !== order[theirs.labels[i]!]) differing++;
        expect(Math.abs(ours.top[i]! - theirs.top[i]!)).toBeLessThan(1e-6);
      }
      expect(differing).toBe(0);
      // Soft where the groups meet: some customers are far from sure.
      expect(Array.from(ours.top).filter((p) => p < 0.6).length).toBeGreaterThan(50);
    });
  }
});

describe('Gaussian mixtures on awkward data', () => {
  it('a component started on one customer keeps reg_covar and gives finite numbers', async () => {
    const points = overlappingGroups(500, 2);
    const result = await fitMixture(points, { k: 6, covariance: 'full', init: 'k-means++', seed: 4 }, localMixtureEngine(points));
    expect(result.params.covariances.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(result.meanLogLikelihood)).toBe(true);
    expect(result.top.every((p) => p > 0 && p <= 1.0000001)).toBe(true);
  });

  it('identical customers without reg_covar are refused in scikit-learn\'s words, never NaN', async () => {
    const points: PointMatrix = { data: new Float32Array(60).fill(2.5), n: 20, d: 3 };
    for (const covariance of COVARIANCE_TYPES) {
      for (const init of ['k-means++', 'kmeans'] as const) {
        await expect(fitMixture(points, { k: 2, covariance, regCovar: 0, init }, localMixtureEngine(points))).rejects.toThrow(IllDefinedCovarianceError);
      }
    }
    await expect(fitMixture(points, { k: 2, covariance: 'full', regCovar: 0 }, localMixtureEngine(points))).rejects.toThrow(/increase reg_covar/);
    // With scikit-learn's default reg_covar the same customers fit: two components on one point.
    const fitted = await fitMixture(points, { k: 2, covariance: 'full', init: 'k-means++' }, localMixtureEngine(points));
    expect(fitted.params.covariances.every(Number.isFinite)).toBe(true);
  });

  it('bad options are one sentence', async () => {
    const points = overlappingGroups(50, 1);
    const engine = localMixtureEngine(points);
    await expect(fitMixture(points, { k: 0, covariance: 'full' }, engine)).rejects.toThrow(/whole number >= 1/);
    await expect(fitMixture(points, { k: 51, covariance: 'full' }, engine)).rejects.toThrow(/at most one component per customer/);
    await expect(fitMixture(points, { k: 2, covariance: 'full', regCovar: -1 }, engine)).rejects.toThrow(/reg_covar/);
    await expect(fitMixture(points, { k: 2, covariance: 'full', init: { means: new Float64Array(3) } }, engine)).rejects.toThrow(/given means hold 1 rows/);
  });

  it('given means start each component there', async () => {
    const points = overlappingGroups(800, 3);
    const means = Float64Array.from([0, 0, 0, 1.6, 0.4, -0.3, -0.8, 2, 0.5, 0.6, -1.5, 1.8]);
    const result = await fitMixture(points, { k: 4, covariance: 'full', init: { means } }, localMixtureEngine(points));
    const params: MixtureParams = result.params;
    // Each fitted mean stays near the centre it started from.
    for (let j = 0; j < 4; j++) {
      const nearest = Math.min(...[0, 1, 2, 3].map((c) => Math.hypot(...[0, 1, 2].map((i) => params.means[j * 3 + i]! - means[c * 3 + i]!))));
      expect(nearest).toBeLessThan(0.35);
    }
  });
});

describe('component ellipsoids', () => {
  it('finds the eigenvalues and orthonormal eigenvectors of a covariance', () => {
    const matrix = [2.5, 0.8, -0.3, 0.8, 1.2, 0.4, -0.3, 0.4, 0.9];
    const { values, vectors } = symmetricEigen3(matrix);
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 3; r++) {
        // A v = lambda v, row r.
        const av = [0, 1, 2].reduce((sum, i) => sum + matrix[3 * r + i]! * vectors[3 * i + c]!, 0);
        expect(av).toBeCloseTo(values[c]! * vectors[3 * r + c]!, 12);
      }
      for (let other = 0; other < 3; other++) {
        const dot = [0, 1, 2].reduce((sum, i) => sum + vectors[3 * i + c]! * vectors[3 * i + other]!, 0);
        expect(dot).toBeCloseTo(c === other ? 1 : 0, 12);
      }
    }
    // The trace is kept: the eigenvalues sum to it.
    expect(values[0] + values[1] + values[2]).toBeCloseTo(4.6, 12);
  });

  it('draws a diagonal component along the drawn axes, and a flat axis with no spread', () => {
    const covariances = Float64Array.from([4, 9, 0.25]);
    const axes = ellipsoidAxes(covariances, 'diag', 3, 0, [2, 0, -1]);
    // Columns: lengths sqrt(0.25), sqrt(4), 0 along x, y, z in some order.
    const lengths = [0, 1, 2].map((c) => Math.hypot(axes[c]!, axes[3 + c]!, axes[6 + c]!)).sort();
    expect(lengths[0]).toBeCloseTo(0, 12);
    expect(lengths[1]).toBeCloseTo(0.5, 12);
    expect(lengths[2]).toBeCloseTo(2, 12);
  });
});
