import * as Comlink from 'comlink';
import { resampleHere, type ResamplingRequest, type ResamplingResult, type ResamplingRunner } from '../analysis/resampling.ts';
import { measureJob, type AsideMeasures, type MeasureJob } from '../analysis/sweep.ts';
import { timeSlicer } from '../analysis/time-slice.ts';
import type { PointMatrix } from '../kmeans/types.ts';

/** What the resampling worker offers. */
export function createResamplingHost() {
  // The customers the sweep's measures are taken on: sent with the first job of a sweep, kept for the rest.
  let kept: PointMatrix | null = null;
  const noYield = async () => undefined;
  return {
    run: (sample: PointMatrix, request: ResamplingRequest, onFit: () => void): Promise<ResamplingResult> =>
      resampleHere(sample, request, onFit, new AbortController().signal),
    measure: (job: MeasureJob, points: PointMatrix | null): Promise<AsideMeasures> => {
      if (points) kept = points;
      if (!kept) throw new Error('the sweep\'s customers were not sent with its first measures');
      return measureJob(kept, job, noYield);
    },
    /** The customers the next sweep will measure, sent ahead of it. */
    keep: (points: PointMatrix) => void (kept = points),
    /** New customers: the copy of the old ones goes. */
    forget: () => void (kept = null),
  };
}
export type ResamplingHost = ReturnType<typeof createResamplingHost>;

/** What this needs of a browser Worker. */
export interface ResamplingWorker extends Comlink.Endpoint {
  terminate(): void;
}

/** The resampling worker's two services, as the table of k calls them. */
export interface ResamplingThread {
  /** The gap statistic and stability. */
  readonly run: ResamplingRunner;
  /** One k's measures for the sweep (the customers are copied there with the first, and kept until `forget`). */
  readonly measure: (points: PointMatrix, job: MeasureJob, signal: AbortSignal) => Promise<AsideMeasures>;
  /**
   * A sweep of these customers may come (the analyst opened Choose k): start the worker and send
   * it the customers now, so neither waits on the sweep's start.
   */
  readonly prepare: (points: PointMatrix) => void;
  /** The customers changed: drop the worker's copy. */
  readonly forget: () => void;
}

/**
 * The most customers the sweep copies to the resampling worker for its measures: 4 M rows are a
 * 48 MB copy. Past that the measures stay on the engine's thread.
 */
export const MEASURE_ASIDE_MAX_ROWS = 1 << 22;

/**
 * The table of k's gap statistic and stability on a worker of their own (`spawn` starts it; it
 * is kept for the next sweep). The engine worker meanwhile sweeps and measures: on two cores the
 * two halves of the table run side by side instead of one after the other, and once the criteria
 * are done the worker takes the sweep's measures too. Cancelling ends the worker (its fits cannot
 * be interrupted mid-way from outside); a worker that cannot start or dies leaves the work to
 * this thread, which computes the same numbers.
 */
export function resamplingOnWorker(spawn: () => ResamplingWorker): ResamplingThread {
  type Running = {
    worker: ResamplingWorker; remote: Comlink.Remote<ResamplingHost>; died: Promise<never>; kill: (reason: Error) => void; sent: PointMatrix | null;
  };
  let current: Running | null = null;
  const start = (): Running => {
    const worker = spawn();
    let kill!: (reason: Error) => void;
    const died = new Promise<never>((_, reject) => {
      kill = reject;
      worker.addEventListener('error', (event: Event) => {
        event.preventDefault();
        reject(new Error(`the resampling worker failed: ${(event as { message?: string }).message || 'it could not start'}`));
      });
    });
    died.catch(() => undefined);
    return { worker, remote: Comlink.wrap<ResamplingHost>(worker), died, kill, sent: null };
  };
  const end = (ended: Running) => {
    ended.worker.terminate();
    // Calls still waiting on it would wait for ever (a stopped worker never answers): they end too.
    ended.kill(new Error('the resampling worker was stopped'));
    if (current === ended) current = null;
  };

  /** `call` on the worker (started if need be); if the worker fails, `here` on this thread. */
  const onWorker = async <T>(signal: AbortSignal, call: (running: Running) => Promise<T>, here: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    const running = (current ??= start());
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => {
        end(running);
        reject(signal.reason);
      }, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      return await Promise.race([call(running), running.died, aborted]);
    } catch {
      if (signal.aborted) throw signal.reason;
      end(running);
      return here();
    }
  };

  return {
    run: (sample, request, onFit, signal) => onWorker(
      signal,
      (running) => running.remote.run(sample, request, Comlink.proxy(onFit)),
      // The fits it reported count again from zero.
      () => resampleHere(sample, request, onFit, signal),
    ),
    measure: (points, job, signal) => onWorker(
      signal,
      (running) => {
        const send = running.sent === points ? null : points;
        running.sent = points;
        return running.remote.measure(job, send);
      },
      // On this thread, in slices: a cancel must still get in.
      () => {
        const slice = timeSlicer(4);
        return measureJob(points, job, async () => {
          signal.throwIfAborted();
          await slice();
        });
      },
    ),
    prepare: (points) => {
      const running = (current ??= start());
      if (running.sent === points) return;
      running.sent = points;
      running.remote.keep(points).catch(() => {
        // A worker that failed is started again, and sent the customers again, by the next call.
        if (running.sent === points) running.sent = null;
      });
    },
    forget: () => {
      if (!current?.sent) return;
      current.sent = null;
      // A worker that died has nothing to forget.
      current.remote.forget().catch(() => undefined);
    },
  };
}
