import { describe, expect, it } from 'vitest';
import { readShaderSources } from '../../src/node/webgpu-node.ts';
import { createEngineHost } from '../../src/worker/host.ts';
import type { FitRequest } from '../../src/protocol/fit.ts';

const host = () => createEngineHost({ gpu: async () => undefined, shaders: readShaderSources(), transfer: (value) => value });
const request = (k: number): FitRequest => ({ algorithm: 'kmeans', eps: 0.1, minSamples: 5, minClusterSize: 50, clusterSelection: 'eom', clusterSelectionEpsilon: 0, k, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, backend: 'cpu', threads: 1, labelsEachIteration: false });

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
