import { describe, expect, it } from 'vitest';
import { CancelledError, createJobs, untilAborted } from '../../src/worker/jobs.ts';

/** A job that waits until its signal aborts (or `release` resolves it). */
function waitingJob() {
  let release: (value: string) => void = () => undefined;
  const work = (signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    release = resolve;
    signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
  });
  return { work, release: (value: string) => release(value) };
}

describe('the worker\'s job registry', () => {
  it('cancel(kind) stops that kind\'s job with "<name> cancelled" and leaves the others running', async () => {
    const jobs = createJobs();
    const sweep = waitingJob();
    const exporting = waitingJob();
    const sweeping = jobs.run('sweep', sweep.work);
    const writing = jobs.run('export', exporting.work);
    jobs.cancel('sweep');
    await expect(sweeping).rejects.toThrow(new CancelledError('sweep cancelled'));
    exporting.release('written');
    await expect(writing).resolves.toBe('written');
  });

  it('a new job of a kind replaces the running one; cancelling afterwards touches only the new one', async () => {
    const jobs = createJobs();
    const first = waitingJob();
    const second = waitingJob();
    const older = jobs.run('fit', first.work);
    const newer = jobs.run('fit', second.work);
    await expect(older).rejects.toThrow('run cancelled');
    second.release('done');
    await expect(newer).resolves.toBe('done');
    // Nothing of that kind runs now: a cancel is a no-op, and the next job starts clean.
    jobs.cancel('fit');
    await expect(jobs.run('fit', async () => 'again')).resolves.toBe('again');
  });

  it('a failure that is not a cancel stays the failure; a job\'s own CancelledError keeps its words', async () => {
    const jobs = createJobs();
    await expect(jobs.run('import', async () => { throw new Error('row 3, column 2: "x" is not a number'); })).rejects.toThrow('row 3, column 2');
    const explore = jobs.run('explore', async (signal) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (signal.aborted) throw new CancelledError('exploration cancelled: the customers changed');
      return 'explored';
    });
    jobs.cancel('explore');
    await expect(explore).rejects.toThrow('exploration cancelled: the customers changed');
  });

  it('untilAborted ends a wait at the abort, the work going on', async () => {
    const controller = new AbortController();
    let finished = false;
    const work = new Promise<void>((resolve) => setTimeout(() => {
      finished = true;
      resolve();
    }, 30));
    const waiting = untilAborted(work, controller.signal);
    controller.abort(new Error('new customers'));
    await expect(waiting).rejects.toThrow('new customers');
    await work;
    expect(finished).toBe(true);
  });
});
