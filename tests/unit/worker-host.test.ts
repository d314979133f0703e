import { describe, expect, it } from 'vitest';
import { readShaderSources } from '../../src/node/webgpu-node.ts';
import { createEngineHost } from '../../src/worker/host.ts';
import type { FitRequest } from '../../src/protocol/fit.ts';

const host = () => createEngineHost({ gpu: async () => undefined, shaders: readShaderSources(), transfer: (value) => value });
const request = (k: number): FitRequest => ({ algorithm: 'kmeans', eps: 0.1, minSamples: 5, minClusterSize: 50, clusterSelection: 'eom', clusterSelectionEpsilon: 0, covariance: 'full', k, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, backend: 'cpu', threads: 1, labelsEachIteration: false });

describe('the engine host indexes new customers for the CPU engine once, with progress', () => {
  it('tells the indexing before the first pass on new customers, and not again for another k on them', async () => {
    const engine = host();
    await engine.data.generate({ n: 60_000, seed: 3, separation: 1, shape: 'round' });
    const events: string[] = [];
    const first = await engine.fit.run(request(4), () => void events.push('snapshot'), (done, total) => void events.push(`indexing ${done}/${total}`));
    expect(first.cpuEngine).toBe('kd-tree filtering, JavaScript, one thread');
    const indexing = events.filter((e) => e.startsWith('indexing'));
    expect(indexing.length).toBeGreaterThan(1);
    expect(indexing.at(-1)).toBe('indexing 100/100');
    // All of it before the first iteration.
    expect(events.indexOf('snapshot')).toBe(indexing.length);

    const again: string[] = [];
    const second = await engine.fit.run(request(6), () => undefined, () => void again.push('indexing'));
    expect(again).toEqual([]);
    expect(second.result.k).toBe(6);

    // New customers: indexed anew.
    await engine.data.generate({ n: 50_000, seed: 4, separation: 1, shape: 'round' });
    const third: string[] = [];
    await engine.fit.run(request(4), () => undefined, () => void third.push('indexing'));
    expect(third.length).toBeGreaterThan(0);
  });

  it('a cancel while the customers are indexed ends the fit at once, with no iteration', async () => {
    const engine = host();
    await engine.data.generate({ n: 40_000, seed: 5, separation: 1, shape: 'round' });
    const snapshots: number[] = [];
    const fit = engine.fit.run(request(4), (s) => void snapshots.push(s.iteration));
    engine.cancel('fit');
    await expect(fit).rejects.toThrow('run cancelled');
    expect(snapshots).toEqual([]);
  });
});

describe('the engine host fits Gaussian mixtures', () => {
  it('plays each EM iteration with its means and covariances, keeps the memberships for the card, and a cancel during the KMeans start stops the run', async () => {
    const engine = host();
    await engine.data.generate({ n: 8_000, seed: 6, separation: 0.6, shape: 'round' });
    const gmm = { ...request(4), algorithm: 'gmm' as const, labelsEachIteration: true };
    const played: { iteration: number; covariances: number; labels: number }[] = [];
    const outcome = await engine.fit.run(gmm, (snapshot, _backend, labels) => void played.push({
      iteration: snapshot.iteration, covariances: snapshot.em?.covariances.length ?? 0, labels: labels?.length ?? 0,
    }));
    expect(outcome.mixture).not.toBeNull();
    expect(played.map((p) => p.iteration)).toEqual(Array.from({ length: outcome.result.iterations }, (_, i) => i + 1));
    expect(played.every((p) => p.covariances === 4 * 9 && p.labels === 8_000)).toBe(true);
    // The card's memberships add up to one and start with the customer's own segment.
    const card = await engine.query.card(17);
    const total = card.memberships!.reduce((sum, m) => sum + m.probability, 0);
    expect(total).toBeGreaterThan(0.999);
    expect(card.memberships![0]!.cluster).toBe(outcome.labels[17]);
    expect(card.memberships![0]!.probability).toBeCloseTo(outcome.mixture!.certainty[17]!, 6);
    // A mixture is no model file yet: the refusal is one sentence.
    expect(() => engine.fit.exportModel(['a', 'b', 'c', 'd'])).toThrow('a Gaussian mixture cannot be saved as a model file yet');

    const snapshots: number[] = [];
    const cancelled = engine.fit.run({ ...gmm, k: 6 }, (s) => void snapshots.push(s.iteration));
    engine.cancel('fit');
    await expect(cancelled).rejects.toThrow('run cancelled');
    expect(snapshots).toEqual([]);
  });
});
