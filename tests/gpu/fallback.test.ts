import { describe, expect, it } from 'vitest';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { createGpuEngine } from '../../src/kmeans/gpu/engine.ts';
import { withCpuFallback } from '../../src/kmeans/fallback.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import { blobs } from '../helpers.ts';
import { openGpu, shaders } from './gpu.ts';

const { gpu, reason } = await openGpu();

describe.skipIf(!gpu)(`losing the GPU device mid-run${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('continues on the CPU from the last centroids and lands where a CPU run lands', async () => {
    const points = blobs(50_000, 3, 6, 3, 3);
    const k = 6;
    const init = initialCentroids(points, { k, seed: 5 }, 0);
    const reasons: string[] = [];
    const engine = withCpuFallback(await createGpuEngine(gpu!, shaders, points, k), points, k, (r) => reasons.push(r));
    const backends: string[] = [];
    const result = await runKMeans(engine, points, { k, init }, {
      withLabels: true,
      onIteration: (s) => {
        backends.push(engine.backend);
        if (s.iteration === 2) gpu!.device.destroy();
      },
    });
    expect(backends.slice(0, 2)).toEqual(['webgpu', 'webgpu']);
    expect(backends.at(-1)).toBe('cpu');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/device was lost/);
    const onCpu = await runKMeans(createCpuEngine(points, k), points, { k, init }, { withLabels: true });
    expect(result.labels).toEqual(onCpu.labels);
    expect(Math.abs(result.inertia - onCpu.inertia) / onCpu.inertia).toBeLessThan(1e-6);
    // The first CPU pass has no earlier labels, so it may run one iteration more than a pure CPU run.
    expect(result.iterations - onCpu.iterations).toBeLessThanOrEqual(1);
  });
});
