import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/kmeans/gpu/chunks.ts';
import { choosePassShape, slotLayout } from '../../src/kmeans/gpu/layout.ts';

describe('GPU chunk planning', () => {
  const limits = { maxStorageBufferBindingSize: 134217728, maxBufferSize: 268435456, maxComputeWorkgroupsPerDimension: 65535 };
  const gpuShape = { workgroupSize: 64, targetWorkgroups: 4096 };
  it('fits 10 M customers x 3 features in 128 MiB bindings, about 4 096 workgroups of whole quads, one row of partials per workgroup', () => {
    const chunks = planChunks(10_000_000, 3, 8, limits, gpuShape);
    expect(chunks.length).toBe(1);
    const [chunk] = chunks;
    expect(chunk!.quads).toBe(2_500_000);
    // 10 quads a thread: 250 000 threads, rounded up to whole workgroups of 64.
    expect(chunk!.workgroups).toBe(Math.ceil(250_000 / 64));
    expect(chunk!.threads).toBe(chunk!.workgroups * 64);
    const eight = planChunks(10_000_000, 8, 8, limits, gpuShape);
    expect(eight.length).toBe(3);
    expect(eight.every((c) => c.count * 8 * 4 <= limits.maxStorageBufferBindingSize)).toBe(true);
    // Chunks start on whole quads, so their label words copy back in place.
    expect(eight.every((c) => c.first % 4 === 0)).toBe(true);
    expect(eight.reduce((s, c) => s + c.count, 0)).toBe(10_000_000);
    expect(eight[1]!.firstRow).toBe(eight[0]!.workgroups);
  });
  it('gives each thread more quads rather than exceed the workgroups one dispatch takes', () => {
    const [chunk] = planChunks(1_000_000, 3, 8, { ...limits, maxComputeWorkgroupsPerDimension: 100 }, gpuShape);
    // The grid stride covers every quad whatever the thread count; what matters is the cap.
    expect(chunk!.workgroups).toBeLessThanOrEqual(100);
    expect(chunk!.workgroups).toBeGreaterThan(90);
  });
  it('keeps the partial sums within a binding when large k shrinks the workgroups', () => {
    const small = { maxComputeWorkgroupStorageSize: 16384, maxComputeInvocationsPerWorkgroup: 256 };
    const shape = choosePassShape(small, 256, 3, false);
    expect(shape.workgroupSize).toBe(2); // a row of sums is 1 027 words: 3 fit in 16 kB
    const rowBytes = slotLayout(256, 3).slots * 4;
    // About 4 096 rows (16.8 MB), not one per 2 threads of 2^18.
    const rows = (plan: ReturnType<typeof planChunks>) => plan.reduce((sum, c) => sum + c.workgroups, 0);
    expect(rows(planChunks(1_000_000, 3, 256, limits, shape))).toBeLessThanOrEqual(4096);
    // With 4 MiB bindings (three chunks of points) the rows of every chunk together still fit one:
    // each thread takes more quads.
    const tight = { ...limits, maxStorageBufferBindingSize: 4 << 20 };
    const plan = planChunks(1_000_000, 3, 256, tight, shape);
    expect(plan.length).toBe(3);
    expect(rows(plan) * rowBytes).toBeLessThanOrEqual(4 << 20);
  });
  it('shapes the pass to the device: many threads of a few quads on a GPU, few threads of many quads in software, within workgroup memory', () => {
    const gpuLimits = { maxComputeWorkgroupStorageSize: 49152, maxComputeInvocationsPerWorkgroup: 1024 };
    expect(choosePassShape(gpuLimits, 8, 3, false)).toEqual({ workgroupSize: 64, targetWorkgroups: 4096 });
    expect(choosePassShape({ maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 256 }, 8, 3, true)).toEqual({ workgroupSize: 4, quadsPerThread: 64 });
    // k = 256, d = 8: a row of sums is 2 307 words (9 228 bytes), so 5 fit in 48 kB: a workgroup of 4.
    expect(choosePassShape(gpuLimits, 256, 8, false).workgroupSize).toBe(4);
    expect(slotLayout(8, 3).rowStride % 2).toBe(1);
  });
  it('slot layout: deltas and a count per cluster, then inertia and changed', () => {
    const layout = slotLayout(4, 3);
    expect(layout.slots).toBe(18);
    expect([layout.delta(1, 2), layout.count(1), layout.inertia, layout.changed]).toEqual([6, 7, 16, 17]);
  });
});
