import { describe, expect, it } from 'vitest';
import { createGpuEngine } from '../../src/kmeans/gpu/engine.ts';
import { checkAgainstCpu, selfCheckProblem } from '../../src/kmeans/gpu/self-check.ts';
import { selectEngine, type GpuEngineFactory } from '../../src/kmeans/select.ts';
import type { AssignEngine } from '../../src/kmeans/types.ts';
import { nodeGpu } from '../../src/node/webgpu-node.ts';
import { blobs } from '../helpers.ts';
import { openGpu, shaders } from './gpu.ts';

const { gpu, reason } = await openGpu();

/** A GPU engine whose driver "miscompiled" something: one label in the last place is wrong. */
const brokenFactory: GpuEngineFactory = async (context, sources, points, k) => {
  const engine = await createGpuEngine(context, sources, points, k);
  const broken: AssignEngine = {
    backend: engine.backend,
    assign: (centroids) => engine.assign(centroids),
    async labels() {
      const labels = (await engine.labels()).slice();
      labels[labels.length - 1] = (labels[labels.length - 1]! + 1) % k;
      return labels;
    },
    destroy: () => engine.destroy(),
  };
  return broken;
};

describe.skipIf(!gpu)(`the GPU self-check${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('passes on this device: the known problem (ties, an empty cluster, 257 points) gives the CPU\'s answer', async () => {
    const { points, k } = selfCheckProblem();
    const engine = await createGpuEngine(gpu!, shaders, points, k);
    expect(await checkAgainstCpu(engine)).toBeNull();
    engine.destroy();
  });

  it('a wrong engine is caught: auto falls back to the CPU and says why; webgpu refuses', async () => {
    const points = blobs(5_000, 3, 4, 1);
    const reasons: string[] = [];
    const selected = await selectEngine({ backend: 'auto', points, k: 4, gpu: nodeGpu, shaders, gpuEngine: brokenFactory, onFallback: (r) => reasons.push(r) });
    expect(selected.engine.backend).toBe('cpu');
    expect(selected.fallbackReason).toMatch(/^running on the CPU because the GPU \(.+\) disagreed with the CPU: its self-check gave 1 of 257 labels unlike the CPU's$/);
    expect(reasons).toEqual([selected.fallbackReason]);
    selected.engine.destroy();
    await expect(selectEngine({ backend: 'webgpu', points, k: 4, gpu: nodeGpu, shaders, gpuEngine: brokenFactory }))
      .rejects.toThrow(/WebGPU was requested but is not usable: the GPU .* disagreed with the CPU/);
    // The real engine on the same device passes and is used.
    const good = await selectEngine({ backend: 'auto', points, k: 4, gpu: nodeGpu, shaders });
    expect(good.engine.backend).toBe('webgpu');
    good.engine.destroy();
  });
});
