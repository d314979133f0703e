import * as Comlink from 'comlink';
import { resampleHere, type ResamplingRequest, type ResamplingResult, type ResamplingRunner } from '../analysis/resampling.ts';
import type { PointMatrix } from '../kmeans/types.ts';

/** What the resampling worker offers. */
export function createResamplingHost() {
  return {
    run: (sample: PointMatrix, request: ResamplingRequest, onFit: () => void): Promise<ResamplingResult> =>
      resampleHere(sample, request, onFit, new AbortController().signal),
  };
}
export type ResamplingHost = ReturnType<typeof createResamplingHost>;

/** What this needs of a browser Worker. */
export interface ResamplingWorker extends Comlink.Endpoint {
  terminate(): void;
}

/**
 * The table of k's gap statistic and stability on a worker of their own (`spawn` starts it; it
 * is kept for the next sweep). The engine worker meanwhile sweeps and measures: on two cores the
 * two halves of the table run side by side instead of one after the other. Cancelling ends the
 * worker (its fits cannot be interrupted mid-way from outside); a worker that cannot start or
 * dies leaves the work to this thread, which computes the same numbers.
 */
export function resamplingOnWorker(spawn: () => ResamplingWorker): ResamplingRunner {
  let current: { worker: ResamplingWorker; remote: Comlink.Remote<ResamplingHost>; died: Promise<never> } | null = null;
  const start = () => {
    const worker = spawn();
    const died = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event: Event) => {
        event.preventDefault();
        reject(new Error(`the resampling worker failed: ${(event as { message?: string }).message || 'it could not start'}`));
      });
    });
    died.catch(() => undefined);
    return { worker, remote: Comlink.wrap<ResamplingHost>(worker), died };
  };
  const end = (ended: NonNullable<typeof current>) => {
    ended.worker.terminate();
    if (current === ended) current = null;
  };

  return async (sample, request, onFit, signal) => {
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
      return await Promise.race([running.remote.run(sample, request, Comlink.proxy(onFit)), running.died, aborted]);
    } catch {
      if (signal.aborted) throw signal.reason;
      // The worker failed: do the work here instead (fits it reported count again from zero).
      end(running);
      return resampleHere(sample, request, onFit, signal);
    }
  };
}
