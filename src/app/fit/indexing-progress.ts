import type { Progress, ProgressTask } from '../../view/progress.ts';

/**
 * The progress bar of the CPU engine indexing new customers (kd-trees: seconds at 10 M) before a
 * run's first pass, with a Cancel that stops the run. A newer run shows its own bar (it waits for
 * the same index).
 */
export function indexingProgress(progress: Progress, n: number, isCurrent: () => boolean, cancel: () => void) {
  const label = `Indexing ${n.toLocaleString('en-US')} customers for the CPU engine…`;
  let task: ProgressTask | null = null;
  let cancelled = false;
  return {
    listener(done: number, total: number) {
      if (!isCurrent()) return task?.end();
      task ??= progress.start(label, () => {
        cancelled = true;
        cancel();
      });
      task.update(label, done / total);
      if (done >= total) task.end();
    },
    /** Whether the run was cancelled from this bar. */
    cancelled: () => cancelled,
    end: () => task?.end(),
  };
}
