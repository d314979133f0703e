import { describe, expect, it } from 'vitest';
import { sweepInputs } from '../../src/app/choose-k/sweep-inputs.ts';
import { readRunParams, DEFAULT_RUN } from '../../src/page-state/run-params.ts';
import { clampToLimit, DEFAULTS, LIMITS, withinLimit } from '../../src/protocol/limits.ts';
import type { FitRequest } from '../../src/protocol/fit.ts';
import { readShaderSources } from '../../src/node/webgpu-node.ts';
import { createEngineHost } from '../../src/worker/host.ts';

// Every number here is read from the one table: changing a limit there changes what these check.
const largestK = LIMITS.k.max;

describe('the page\'s limits, written once', () => {
  it('the URL reader keeps k within the largest k', () => {
    expect(readRunParams(new URLSearchParams(`k=${largestK}`)).k).toBe(largestK);
    expect(readRunParams(new URLSearchParams(`k=${largestK + 1}`)).k).toBe(DEFAULT_RUN.k);
    expect(readRunParams(new URLSearchParams(`k=${LIMITS.k.min - 1}`)).k).toBe(DEFAULT_RUN.k);
    expect(readRunParams(new URLSearchParams(`nInit=${LIMITS.nInit.max + 1}&maxIter=${LIMITS.maxIter.max}`))).toMatchObject({ nInit: DEFAULT_RUN.nInit, maxIter: LIMITS.maxIter.max });
    expect(readRunParams(new URLSearchParams(`n=${LIMITS.customers.max + 1}`)).n).toBe(DEFAULT_RUN.n);
  });

  it('the Choose-k tab holds the largest k and the silhouette sample to theirs (an empty box: the default)', () => {
    expect(sweepInputs(String(LIMITS.sweepKMax.max + 5), '1')).toEqual({ kMax: LIMITS.sweepKMax.max, sampleSize: LIMITS.silhouetteSample.min });
    expect(sweepInputs('', '')).toEqual({ kMax: DEFAULTS.sweepKMax, sampleSize: DEFAULTS.silhouetteSample });
    expect(sweepInputs('1', '1e9')).toEqual({ kMax: LIMITS.sweepKMax.min, sampleSize: LIMITS.silhouetteSample.max });
    expect(sweepInputs('6.4', '2500')).toEqual({ kMax: 6, sampleSize: 2500 });
  });

  it('clamps and checks by the same ranges', () => {
    expect(clampToLimit(Number.NaN, LIMITS.k, 4)).toBe(4);
    expect(clampToLimit(40.2, { min: 1, max: 32 }, 4)).toBe(32);
    expect(withinLimit(2.5, LIMITS.k)).toBe(false);
    expect(withinLimit(0.25, LIMITS.separation, false)).toBe(true);
  });

  it('the worker refuses a k above the page\'s largest, naming both, and fits the largest', async () => {
    const host = createEngineHost({ gpu: async () => undefined, shaders: readShaderSources(), transfer: (value) => value });
    await host.data.generate({ n: 2000, seed: 1, separation: 1, shape: 'round' });
    const request: FitRequest = { algorithm: 'kmeans', eps: 0.1, minSamples: 5, minClusterSize: 50, clusterSelection: 'eom', clusterSelectionEpsilon: 0, covariance: 'full', k: largestK + 1, init: 'k-means++', nInit: 1, maxIter: 50, tol: 1e-4, seed: 0, backend: 'cpu', threads: 1, labelsEachIteration: false };
    await expect(host.fit.run(request)).rejects.toThrow(`k (${largestK + 1}) is above the page's largest k (${largestK})`);
    const outcome = await host.fit.run({ ...request, k: largestK });
    expect(outcome.result.k).toBe(largestK);
    await expect(host.chooseK.sweep({ kMax: LIMITS.sweepKMax.max + 1, sampleSize: 100, seed: 0, backend: 'cpu', threads: 1, resamplingSample: 100, stabilityResamples: 0 }))
      .rejects.toThrow(`a sweep's largest k (${LIMITS.sweepKMax.max + 1}) is above the page's ${LIMITS.sweepKMax.max}`);
  });
});
