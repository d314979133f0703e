import { describe, expect, it } from 'vitest';
import { createHamerlyEngine, createHamerlySlices } from '../../src/kmeans/cpu/hamerly.ts';
import { SLICE_ROWS, sliceRanges } from '../../src/kmeans/cpu/sliced.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { AssignEngine } from '../../src/kmeans/types.ts';
import { createSliceHost } from '../../src/kmeans/cpu/threads/slice-host.ts';
import { blobs, bruteForceLabels } from '../helpers.ts';

describe('the CPU engine over slices', () => {
  it('cuts by n alone', () => {
    expect(sliceRanges(1)).toEqual([[0, 1]]);
    expect(sliceRanges(SLICE_ROWS)).toEqual([[0, SLICE_ROWS]]);
    expect(sliceRanges(2 * SLICE_ROWS + 5)).toEqual([[0, SLICE_ROWS], [SLICE_ROWS, 2 * SLICE_ROWS], [2 * SLICE_ROWS, 2 * SLICE_ROWS + 5]]);
  });

  it('gives exact Lloyd labels, and the same bits whether the slices run here or in slice workers', async () => {
    const points = blobs(2 * SLICE_ROWS + 1234, 3, 6, 21, 0.6);
    const k = 6;
    const init = initialCentroids(points, { k, seed: 3 }, 0);
    const here = await runKMeans(createHamerlySlices(points, k), points, { k, init }, { withLabels: true });

    // What the page's pool does: each slice copied to a helper that owns a Hamerly engine.
    const host = createSliceHost((value) => value);
    const viaHelpers = (): AssignEngine =>
      createHamerlySlices(points, k, (slice) => {
        const id = host.create(slice.data.slice(), slice.n, slice.d, k);
        return { backend: 'cpu', assign: (c) => host.assign(id, c), labels: () => host.labels(id), destroy: () => host.destroy(id) };
      });
    const there = await runKMeans(viaHelpers(), points, { k, init }, { withLabels: true });
    expect(there.centroids).toEqual(here.centroids);
    expect(there.inertia).toBe(here.inertia);
    expect(there.iterations).toBe(here.iterations);
    expect(there.labels).toEqual(here.labels);

    // The labels are those of a full scan against the final centroids, as one engine gives.
    const single = await runKMeans(createHamerlyEngine(points, k), points, { k, init }, { withLabels: true });
    expect(here.labels).toEqual(single.labels);
    expect(here.inertia / single.inertia - 1).toBeLessThan(1e-12);
    const brute = bruteForceLabels(points, here.centroids);
    expect(Array.from(here.labels!)).toEqual(Array.from(brute.labels));
  });
});
