import { describe, expect, it } from 'vitest';
import { resampleHere, resamplingFits } from '../../src/analysis/resampling.ts';
import { tableOfK } from '../../src/analysis/table-of-k.ts';
import { deriveSeed, sampleRows } from '../../src/data/random.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { gatherRows } from '../../src/kmeans/gather-rows.ts';
import { resamplingOnWorker } from '../../src/worker/resampling-thread.ts';
import { blobs } from '../helpers.ts';

/** A worker that never answers: it fails to start (`fails`) or just sits there, and records its end. */
class SilentWorker extends EventTarget {
  terminated = false;
  constructor(fails: boolean) {
    super();
    if (fails) setTimeout(() => this.dispatchEvent(new Event('error', { cancelable: true })), 5);
  }
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

describe('the table of k beside its resampling criteria', () => {
  const points = blobs(6000, 3, 4, 7, 0.6);
  const options = {
    kMax: 6, seed: 3, sampleSize: 500, resamplingSample: 4500, stabilityResamples: 4,
    engineFor: async (k: number) => createCpuEngine(points, k, { workload: 'many' as const }),
  };

  it('gives the numbers the criteria give alone, with both counts reaching their totals', async () => {
    const seen: { swept: number; resampled: number }[] = [];
    const table = await tableOfK(points, { ...options, onProgress: (p) => seen.push({ swept: p.swept, resampled: p.resampled }) });
    const fits = resamplingFits({ kMax: 6, seed: 3, nInit: 3, stabilityResamples: 4 });
    expect(fits).toBe(11 * 6 + 4 * 5);
    expect(seen.at(-1)).toEqual({ swept: 6, resampled: fits });
    // Interleaved with the sweep or not, the sample's criteria are the same numbers.
    const sample = gatherRows(points, sampleRows(points.n, 4500, deriveSeed(3, 0x5e5)));
    const alone = await resampleHere(sample, { kMax: 6, seed: 3, nInit: 3, stabilityResamples: 4 }, () => undefined, new AbortController().signal);
    expect(Array.from(table.gap.gap)).toEqual(Array.from(alone.gap.gap));
    expect(Array.from(table.stability!.mean)).toEqual(Array.from(alone.stability!.mean));
    expect(table.recommendation.k).toBe(4);
  });

  it('falls back to this thread when the resampling worker cannot start, with the same table', async () => {
    const here = await tableOfK(points, options);
    const worker = new SilentWorker(true);
    const there = await tableOfK(points, { ...options, resample: resamplingOnWorker(() => worker) });
    expect(worker.terminated).toBe(true);
    expect(there.rows).toEqual(here.rows);
  });

  it('a cancel ends the resampling worker and the sweep with it', async () => {
    const worker = new SilentWorker(false);
    const controller = new AbortController();
    const running = tableOfK(points, { ...options, signal: controller.signal, resample: resamplingOnWorker(() => worker) });
    setTimeout(() => controller.abort(new Error('cancelled by the analyst')), 20);
    await expect(running).rejects.toThrow('cancelled by the analyst');
    expect(worker.terminated).toBe(true);
  });
});
