import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { resampleHere, resamplingFits } from '../../src/analysis/resampling.ts';
import { JobQueue } from '../../src/analysis/job-queue.ts';
import { tableOfK } from '../../src/analysis/table-of-k.ts';
import { deriveSeed, sampleRows } from '../../src/data/random.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { gatherRows } from '../../src/kmeans/gather-rows.ts';
import { createResamplingHost, resamplingOnWorker, type ResamplingWorker } from '../../src/worker/resampling-thread.ts';
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

/** The resampling worker's host behind a message channel in this thread: the real protocol, every message cloned. */
function channelWorker() {
  const { port1, port2 } = new MessageChannel();
  const host = createResamplingHost();
  const calls = { measure: 0, sentPoints: 0, kept: 0, terminated: false };
  Comlink.expose({
    ...host,
    keep: (points: Parameters<typeof host.keep>[0]) => {
      calls.kept++;
      host.keep(points);
    },
    measure: (...args: Parameters<typeof host.measure>) => {
      calls.measure++;
      if (args[1]) calls.sentPoints++;
      return host.measure(...args);
    },
  }, port2);
  const worker: ResamplingWorker = Object.assign(port1, {
    terminate: () => {
      calls.terminated = true;
      port1.close();
      port2.close();
    },
  });
  return { worker, port: port1, calls };
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
    const there = await tableOfK(points, { ...options, resample: resamplingOnWorker(() => worker).run });
    expect(worker.terminated).toBe(true);
    expect(there.rows).toEqual(here.rows);
  });

  it('a cancel ends the resampling worker and the sweep with it', async () => {
    const worker = new SilentWorker(false);
    const controller = new AbortController();
    const running = tableOfK(points, { ...options, signal: controller.signal, resample: resamplingOnWorker(() => worker).run });
    setTimeout(() => controller.abort(new Error('cancelled by the analyst')), 20);
    await expect(running).rejects.toThrow('cancelled by the analyst');
    expect(worker.terminated).toBe(true);
  });

  /** A resampling worker on a message channel, and fits from k = 3 on that wait for its criteria (so it is free for their measures). */
  function sharedSetup() {
    const { worker, port, calls } = channelWorker();
    const thread = resamplingOnWorker(() => worker);
    let criteriaDone: Promise<unknown> = Promise.resolve();
    const resample: typeof thread.run = (...args) => {
      const running = thread.run(...args);
      criteriaDone = running;
      return running;
    };
    const engineFor = async (k: number) => {
      if (k >= 3) await criteriaDone;
      return options.engineFor(k);
    };
    return { worker, port, calls, thread, resample, engineFor };
  }
  const quick = { ...options, resamplingSample: 300, stabilityResamples: 2 };

  for (const fitsHere of [true, false]) {
    it(`once its criteria are done, the resampling worker shares the sweep's measures (fits ${fitsHere ? 'on' : 'off'} this thread): the same table`, async () => {
      const here = await tableOfK(points, quick);
      const { worker, calls, thread, resample, engineFor } = sharedSetup();
      try {
        const there = await tableOfK(points, { ...quick, engineFor, resample, measureAside: { measure: thread.measure, fitsHere } });
        expect(calls.measure).toBeGreaterThan(0);
        // The customers cross once, with the first measures.
        expect(calls.sentPoints).toBe(1);
        expect(there.rows).toEqual(here.rows);
        // A second sweep of the same customers finds them there.
        const before = calls.measure;
        const again = await tableOfK(points, { ...quick, engineFor, resample, measureAside: { measure: thread.measure, fitsHere } });
        expect(calls.measure).toBeGreaterThan(before);
        expect(calls.sentPoints).toBe(1);
        expect(again.rows).toEqual(here.rows);
      } finally {
        worker.terminate();
      }
    });
  }

  it('opening Choose k sends the customers ahead: the sweep\'s measures then carry none', async () => {
    const here = await tableOfK(points, quick);
    const { worker, calls, thread, resample, engineFor } = sharedSetup();
    try {
      thread.prepare(points);
      thread.prepare(points);
      const there = await tableOfK(points, { ...quick, engineFor, resample, measureAside: { measure: thread.measure, fitsHere: true } });
      expect(calls.kept).toBe(1);
      expect(calls.measure).toBeGreaterThan(0);
      expect(calls.sentPoints).toBe(0);
      expect(calls.terminated).toBe(false);
      expect(there.rows).toEqual(here.rows);
      // New customers: the worker's copy goes, and the next sweep sends them again.
      thread.forget();
      await tableOfK(points, { ...quick, engineFor, resample, measureAside: { measure: thread.measure, fitsHere: true } });
      expect(calls.sentPoints).toBe(1);
    } finally {
      worker.terminate();
    }
  });

  it('a worker that dies while measuring leaves the measures to this thread, with the same table', async () => {
    const here = await tableOfK(points, quick);
    const { worker, port, thread, resample, engineFor } = sharedSetup();
    let asked = 0;
    // The worker reports its death as the first measures are sent.
    const measure: typeof thread.measure = (p, job, signal) => {
      asked++;
      const measured = thread.measure(p, job, signal);
      port.dispatchEvent(new Event('error', { cancelable: true }));
      return measured;
    };
    const there = await tableOfK(points, { ...quick, engineFor, resample, measureAside: { measure, fitsHere: true } });
    expect(asked).toBeGreaterThan(0);
    expect(there.rows).toEqual(here.rows);
    worker.terminate();
  });
});

describe('the job queue the sweep shares its measures through', () => {
  it('hands each job to one taker, in order, and null to all once closed and empty', async () => {
    const queue = new JobQueue<number>();
    const taken: [string, number][] = [];
    const taker = async (name: string) => {
      for (let job = await queue.next(); job !== null; job = await queue.next()) {
        taken.push([name, job]);
        await new Promise((resolve) => setTimeout(resolve, name === 'slow' ? 6 : 1));
      }
    };
    const takers = [taker('slow'), taker('quick')];
    for (let job = 0; job < 12; job++) {
      queue.push(job);
      if (job % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    queue.close();
    await Promise.all(takers);
    expect(taken.map(([, job]) => job)).toEqual([...Array(12).keys()]);
    expect(new Set(taken.map(([name]) => name))).toEqual(new Set(['slow', 'quick']));
    expect(await queue.next()).toBeNull();
  });
});
