import { applyOutlierPolicy } from '../../analysis/outliers.ts';
import { correlation, histogram, summarise, type FeatureSummary } from '../../analysis/stats.ts';
import { yieldToEventLoop } from '../../analysis/time-slice.ts';
import { sampleRows } from '../../data/random.ts';
import type { ExploreService } from '../../protocol/host.ts';
import { CancelledError, type Jobs } from '../jobs.ts';
import type { Session } from '../session.ts';

/** The Explore tab's histogram bins and pairwise-view sample (the same rows every time). */
const EXPLORE_BINS = 40;
const EXPLORE_SAMPLE = 4000;

/** Statistics over every customer, the same charts by segment once a run has finished, and the outlier policy. */
export function createExploreService(session: Session, jobs: Jobs): ExploreService {
  return {
    /** Statistics, histograms, correlations and a pairwise sample over every customer. */
    explore: (onProgress) => jobs.run('explore', async (signal) => {
      const raw = session.raw;
      if (!raw) throw new Error('no customers loaded yet');
      const { columns, n, featureNames } = raw;
      const d = columns.length;
      const computed: FeatureSummary[] = [];
      for (let f = 0; f < d; f++) {
        computed.push(summarise(columns[f]!, n));
        onProgress?.(f + 1, d + 1);
        await yieldToEventLoop();
        signal.throwIfAborted();
      }
      if (session.raw?.columns !== columns) throw new CancelledError('exploration cancelled: the customers changed');
      session.summaries = computed;
      const histograms = computed.map((s, f) => ({ lo: s.min, hi: s.max, counts: histogram(columns[f]!, n, s.min, s.max, EXPLORE_BINS) }));
      const rows = sampleRows(n, EXPLORE_SAMPLE, 1);
      const sample = columns.map((c) => Float32Array.from(rows, (i) => c[i]!));
      const result = { featureNames, n, summaries: computed, histograms, correlation: correlation(columns, n), sample, outlierPolicy: session.outlierPolicy, dropped: session.dropped };
      onProgress?.(d + 1, d + 1);
      return result;
    }),

    /**
     * The Explore charts split by the finished run's segments (null while no run of these customers
     * has finished): the clusters of the pairwise views' sample, and every histogram per segment.
     */
    bySegment() {
      const { raw, summaries, outlierKept } = session;
      const run = session.runOfPoints();
      if (!raw || !summaries || !run) return null;
      const { columns, n } = raw;
      const { labels } = run;
      const k = run.result.k;
      // Each source row's cluster (-1 where the outlier policy left it out).
      const clusterOf = new Int16Array(n);
      for (let i = 0, drawn = 0; i < n; i++) clusterOf[i] = !outlierKept || outlierKept[i] ? labels[drawn++]! : -1;
      const histograms = summaries.map((s, f) => {
        const counts = new Float64Array(k * EXPLORE_BINS);
        const width = (s.max - s.min) / EXPLORE_BINS || 1;
        const column = columns[f]!;
        for (let i = 0; i < n; i++) {
          const c = clusterOf[i]!;
          const v = column[i]!;
          if (c < 0 || !Number.isFinite(v) || v < s.min || v > s.max) continue;
          counts[c * EXPLORE_BINS + Math.min(EXPLORE_BINS - 1, Math.floor((v - s.min) / width))]!++;
        }
        return counts;
      });
      const sampleClusters = Int16Array.from(sampleRows(n, EXPLORE_SAMPLE, 1), (i) => clusterOf[i]!);
      return { k, sampleClusters, histograms };
    },

    /** Keep, clip or drop outliers (Tukey's fences) before clustering; returns the new points to draw. */
    async setOutlierPolicy(policy) {
      const raw = session.raw;
      if (!raw) throw new Error('no customers loaded yet');
      const summaries = (session.summaries ??= raw.columns.map((c) => summarise(c, raw.n)));
      const treated = applyOutlierPolicy(raw.columns, raw.n, summaries, policy);
      session.outlierPolicy = policy;
      session.outlierKept = treated.kept;
      session.dropped = raw.n - treated.n;
      return session.derivePoints(treated.columns, treated.n);
    },
  };
}
