import { JOB_NAMES, type JobKind } from '../protocol/jobs.ts';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

/**
 * The worker's one job registry: one job of each kind at a time (a new one aborts the old), one
 * `cancel(kind)` for all of them. A job that ends because it was aborted rejects with
 * "<kind> cancelled", which the page tells from a failure.
 */
export function createJobs() {
  const running = new Map<JobKind, AbortController>();
  return {
    async run<T>(kind: JobKind, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
      running.get(kind)?.abort();
      const controller = new AbortController();
      running.set(kind, controller);
      try {
        return await work(controller.signal);
      } catch (error) {
        if (controller.signal.aborted && !(error instanceof CancelledError)) throw new CancelledError(`${JOB_NAMES[kind]} cancelled`);
        throw error;
      } finally {
        if (running.get(kind) === controller) running.delete(kind);
      }
    },
    cancel(kind: JobKind): void {
      running.get(kind)?.abort();
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;

/** `work`, or the signal's abort if that comes first. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return Promise.race([
    work,
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
  ]);
}
