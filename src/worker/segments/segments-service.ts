import { clusterStability } from '../../analysis/cluster-stability.ts';
import { compareRuns, labelsBySourceRow, type RunLabels } from '../../analysis/run-comparison.ts';
import { simplifiedSilhouette } from '../../analysis/silhouette.ts';
import { yieldToEventLoop } from '../../analysis/time-slice.ts';
import { sampleRows } from '../../data/random.ts';
import { gatherRows } from '../../kmeans/gather-rows.ts';
import type { DataSource } from '../../protocol/data.ts';
import type { SegmentsService } from '../../protocol/host.ts';
import type { HostEnvironment } from '../environment.ts';
import { CancelledError } from '../jobs.ts';
import { sampledSilhouette } from '../sampled-silhouette.ts';
import type { Session } from '../session.ts';

/** How good the last run's segments are: silhouettes, stability under resampling, and a pinned run to compare with. */
export function createSegmentsService(env: HostEnvironment, session: Session): SegmentsService {
  // A run pinned for comparison: where its customers came from (a generation or an import: scoring
  // with a model keeps them) and its labels per source row.
  let pinned: { origin: DataSource; run: RunLabels } | null = null;

  return {
    /** Silhouettes of the last run per cluster: on a seeded sample, and centre-based over everyone. */
    async silhouette(sampleSize, seed, backend) {
      const { labels, points: clustered, result } = session.requireRun();
      const { centroids, k } = result;
      const rows = sampleRows(clustered.n, sampleSize, seed);
      const measured = await sampledSilhouette(env, backend, clustered, labels, k, rows);
      const sampled = measured.silhouette;
      const simplified = simplifiedSilhouette(clustered, labels, centroids, k);
      const sampleLabels = Uint8Array.from(rows, (i) => labels[i]!);
      return {
        k, sampleSize: rows.length, exact: rows.length === clustered.n, mean: sampled.mean, perCluster: sampled.perCluster,
        values: sampled.values, labels: sampleLabels, simplifiedMean: simplified.mean, simplifiedPerCluster: simplified.perCluster,
        backend: measured.backend,
      };
    },

    /**
     * How well each segment of the last run survives resampling (clusterboot): `resamples` seeded
     * subsets of 80 % of a seeded sample of at most `sampleSize` customers, each clustered with the
     * same k, and each segment's best Jaccard overlap with their clusters.
     */
    async stability(sampleSize, resamples, seed) {
      const run = session.requireRun();
      const { k } = run.result;
      const rows = sampleRows(run.points.n, sampleSize, seed);
      const sample = gatherRows(run.points, rows);
      const result = await clusterStability(sample, Uint8Array.from(rows, (i) => run.labels[i]!), k, {
        resamples, seed,
        // Between fits: a newer run makes this one moot.
        afterFit: async () => {
          await yieldToEventLoop();
          if (session.lastRun !== run) throw new CancelledError('stability cancelled: a newer run replaced this one');
        },
      });
      return { k, perCluster: result.perCluster, resamples, sampleSize: rows.length, subsetSize: result.subsetSize };
    },

    /** Keep the last run's segments to compare later runs with (the page names them). */
    pin() {
      const run = session.requireRun('no finished run to pin yet');
      pinned = { origin: run.source.source, run: { k: run.result.k, labels: labelsBySourceRow(run.labels, run.outlierKept) } };
      return { k: pinned.run.k, n: pinned.run.labels.length };
    },

    pinnedLabels() {
      if (!pinned) return null;
      const labels = pinned.run.labels.slice();
      return env.transfer({ k: pinned.run.k, labels }, [labels.buffer]);
    },

    pinLabels(run) {
      const last = session.requireRun('no finished run to pin the kept labels to');
      const rows = last.outlierKept ? last.outlierKept.length : last.labels.length;
      if (run.labels.length !== rows) throw new RangeError(`the kept pinned run covers ${run.labels.length} customers, these are ${rows}`);
      pinned = { origin: last.source.source, run: { k: run.k, labels: run.labels } };
      return { k: run.k, n: rows };
    },

    unpin() {
      pinned = null;
    },

    /**
     * The last run against the pinned one, on the customers both clustered: the adjusted Rand
     * index, the migration table and each pinned segment's best match. Null when nothing is pinned.
     */
    compareWithPinned() {
      const run = session.lastRun;
      if (!pinned || !run) return null;
      if (run.source.source !== pinned.origin) throw new Error('the customers changed since the pinned run (new or imported data): pin a run of these customers to compare');
      return compareRuns(pinned.run, { k: run.result.k, labels: labelsBySourceRow(run.labels, run.outlierKept) });
    },
  };
}
