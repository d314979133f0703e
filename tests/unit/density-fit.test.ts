import { describe, expect, it } from 'vitest';
import { readShaderSources } from '../../src/node/webgpu-node.ts';
import type { FitRequest, SnapshotMessage } from '../../src/protocol/fit.ts';
import { createEngineHost } from '../../src/worker/host.ts';

const host = () => createEngineHost({ gpu: async () => undefined, shaders: readShaderSources(), transfer: (value) => value });
const dbscanRequest = (eps: number, minSamples: number): FitRequest => ({
  algorithm: 'dbscan', eps, minSamples, minClusterSize: 50, clusterSelection: 'eom', clusterSelectionEpsilon: 0, covariance: 'full', k: 4, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, backend: 'cpu', threads: 1, labelsEachIteration: true,
});

describe('a DBSCAN run in the worker', () => {
  it('plays its three steps, then gives the clusters with the noise as the last label', async () => {
    const engine = host();
    await engine.data.generate({ n: 20_000, seed: 2, separation: 1, shape: 'shaped' });
    const steps: { stage: SnapshotMessage['densityStage']; labels: Uint8Array | null }[] = [];
    const outcome = await engine.fit.run(dbscanRequest(0.12, 10), (snapshot, _backend, labels) => void steps.push({ stage: snapshot.densityStage, labels }));
    expect(steps.map((step) => step.stage)).toEqual(['core', 'clusters', 'border']);
    expect(outcome.density).toMatchObject({ algorithm: 'dbscan', settings: 'eps 0.12, min_samples 10', clusters: 5, noiseLabel: 5 });
    expect(outcome.result.k).toBe(6);
    const noise = outcome.labels.filter((label) => label === 5).length;
    expect(noise).toBe(outcome.density!.noise);
    expect(outcome.result.counts[5]).toBe(noise);
    // The last step is the outcome; the core step shows only core points apart (255: not shown yet).
    expect(steps[2]!.labels).toEqual(outcome.labels);
    expect(new Set(steps[0]!.labels)).toEqual(new Set([255, 5]));

    // The export writes the noise as cluster -1, "No segment".
    const csv = await (await engine.data.exportCsv([...'ABCDE'].map((c) => `Segment ${c}`).concat('No segment'))).text();
    const rows = csv.trim().split('\n').slice(1);
    expect(rows.filter((row) => row.endsWith(',-1,No segment'))).toHaveLength(noise);
    expect(rows.filter((row) => row.endsWith(',0,Segment A')).length).toBe(outcome.result.counts[0]);
    // Its model keeps the core points, named with the clusters' names (the noise has none).
    const model = JSON.parse(await engine.fit.exportModel([...'ABCDE'].map((c) => `Segment ${c}`).concat('No segment')));
    expect(model).toMatchObject({ format: 'density-segmentation-model', algorithm: 'dbscan', clusters: 5, params: { eps: 0.12, minSamples: 10 } });
    expect(model.segmentNames).toEqual(['Segment A', 'Segment B', 'Segment C', 'Segment D', 'Segment E']);
    expect(model.metrics.noise).toBe(noise);
  });

  it('runs HDBSCAN: densest customers first, clusters growing, then the noise last', async () => {
    const engine = host();
    await engine.data.generate({ n: 8000, seed: 3, separation: 1, shape: 'shaped' });
    const stages: (string | undefined)[] = [];
    const steps: Uint8Array[] = [];
    const request: FitRequest = { ...dbscanRequest(0.1, 10), algorithm: 'hdbscan', minClusterSize: 100 };
    const outcome = await engine.fit.run(request, (snapshot, _backend, labels) => {
      stages.push(snapshot.densityStage);
      steps.push(labels!);
    });
    const shown = steps.map((labels) => labels.filter((label) => label < outcome.density!.noiseLabel).length);
    expect(stages).toEqual(['dense', 'growing', 'fringe', 'selected']);
    // Each step shows more customers in clusters; the fringe step has them all, the last adds the noise.
    expect(shown[0]).toBeGreaterThan(0);
    expect(shown[0]).toBeLessThan(shown[1]!);
    expect(shown[1]).toBeLessThan(shown[2]!);
    expect(shown[2]).toBe(shown[3]);
    expect(shown[3]).toBe(8000 - outcome.density!.noise);

    // cluster_selection_epsilon merges back the clusters split below it.
    const merged = await engine.fit.run({ ...request, clusterSelectionEpsilon: 1 });
    expect(merged.density!.settings).toBe('min_cluster_size 100, min_samples 10, excess of mass selection, cluster_selection_epsilon 1');
    expect(merged.density!.clusters).toBeLessThan(outcome.density!.clusters);
    expect(merged.density!.clusters).toBeGreaterThan(0);
    expect(outcome.density).toMatchObject({ algorithm: 'hdbscan', settings: 'min_cluster_size 100, min_samples 10, excess of mass selection', corePoints: null });
    expect(outcome.density!.clusters).toBeGreaterThanOrEqual(4);
    expect(outcome.result.counts[outcome.density!.noiseLabel]).toBe(outcome.density!.noise);
  });

  it('refuses more clusters than the page has colours, saying what to change', async () => {
    const engine = host();
    await engine.data.generate({ n: 5000, seed: 1, separation: 1, shape: 'round' });
    await expect(engine.fit.run(dbscanRequest(0.03, 2))).rejects.toThrow(/DBSCAN found \d+ clusters at eps 0.03, min_samples 2: the page tells at most 31 apart\. Raise eps or min_samples/);
  });

  it('refuses a bad eps in one sentence', async () => {
    const engine = host();
    await engine.data.generate({ n: 2000, seed: 1, separation: 1, shape: 'round' });
    await expect(engine.fit.run(dbscanRequest(-1, 5))).rejects.toThrow('eps must be a positive number, not -1');
  });

  it.each(['dbscan', 'hdbscan'] as const)('%s stops midway when cancelled, and the worker runs the next fit', async (algorithm) => {
    const engine = host();
    await engine.data.generate({ n: 400_000, seed: 4, separation: 1, shape: 'shaped' });
    const request: FitRequest = { ...dbscanRequest(0.05, 10), algorithm, minClusterSize: 200 };
    const started = performance.now();
    const running = engine.fit.run(request);
    setTimeout(() => engine.cancel('fit'), 100);
    await expect(running).rejects.toThrow('cancelled');
    const stoppedAfter = performance.now() - started;
    // The whole run takes seconds at this size; cancelled, it stops within a step or two.
    const whole = performance.now();
    await engine.fit.run({ ...request, algorithm: 'dbscan' });
    expect(stoppedAfter).toBeLessThan(100 + Math.max(400, (performance.now() - whole) / 2));
  }, 120_000);
});
