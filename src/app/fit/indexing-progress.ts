import type { Algorithm } from '../../protocol/fit.ts';
import type { Progress, ProgressTask } from '../../view/progress.ts';

const ALGORITHM_NAMES: Record<Algorithm, string> = { kmeans: 'KMeans', dbscan: 'DBSCAN', hdbscan: 'HDBSCAN', gmm: 'a Gaussian mixture' };

/**
 * The progress bar of what comes before a run's first snapshot, with a Cancel that stops the run:
 * the CPU engine indexing new customers (kd-trees: seconds at 10 M), or a whole density run
 * (DBSCAN, HDBSCAN), whose steps are shown once it is done. A newer run shows its own bar.
 */
export function indexingProgress(progress: Progress, n: number, algorithm: Algorithm, isCurrent: () => boolean, cancel: () => void) {
  const customers = `${n.toLocaleString('en-US')} customers`;
  const label = algorithm === 'kmeans' ? `Indexing ${customers} for the CPU engine…` : `Clustering ${customers} with ${ALGORITHM_NAMES[algorithm]}…`;
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
    /** What the HUD says once it was. */
    cancelledMessage: algorithm === 'kmeans' ? 'Cancelled while indexing the customers; nothing ran.' : `${ALGORITHM_NAMES[algorithm]} cancelled before it finished; Fit runs it again.`,
    end: () => task?.end(),
  };
}
