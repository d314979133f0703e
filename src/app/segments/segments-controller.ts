import { segmentProfiles } from '../../analysis/profile.ts';
import { migrationCsv } from '../../analysis/run-comparison.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import { DEFAULTS } from '../../protocol/limits.ts';
import type { ClusterSilhouette, SegmentStabilityReport } from '../../protocol/segments.ts';
import { makeButton } from '../../view/button.ts';
import { downloadBlob } from '../../view/download.ts';
import { renderProfileTable } from '../../view/profile-table.ts';
import { renderRunComparison, type RunLooks } from '../../view/run-comparison.ts';
import { renderSegmentStability } from '../../view/segment-stability.ts';
import { renderSilhouettePlot } from '../../view/silhouette-plot.ts';
import type { EngineClient } from '../engine-client.ts';
import type { Workbench } from '../fit/workbench.ts';
import type { SegmentLooks } from './segment-identity.ts';

// Per-segment stability: 10 subsets of a 5 000 sample (about a second on two cores at k = 4).
const SEGMENT_STABILITY_SAMPLE = 5000;
const SEGMENT_STABILITY_RESAMPLES = 10;

const note = (text: string) => {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
};

/**
 * The Segments tab: each segment's profile (renamed here), its silhouette and its stability under
 * resampling, and the comparison with a pinned run. Every view of a run reads the same names and
 * colours, and a rename redraws them all.
 */
export function createSegmentsController(parts: {
  engine: EngineClient;
  workbench: Workbench;
  root: HTMLElement;
  /** Isolate a segment in the view (a profile row's button). */
  isolate: (cluster: number) => void;
  /** Select these customers (a mask over the drawn rows), as a lasso would: summary, export, keep as filter. */
  selectCustomers: (mask: Uint8Array, count: number) => void;
  /** A mixture's certainty threshold (View: mixture: pale under). */
  paleBelow: () => number;
  /** A run finished or a segment was renamed (the Data tab's summary follows). */
  onShown: (data: DatasetSummary, warnings: readonly string[]) => void;
}) {
  const { engine, workbench } = parts;
  const table = document.createElement('div');
  const silhouetteView = document.createElement('div');
  silhouetteView.className = 'segments-silhouette';
  const stabilityView = document.createElement('div');
  stabilityView.className = 'segments-stability';
  // Run comparison: pin this run, make another, see how the segments moved.
  const compare = document.createElement('section');
  compare.className = 'segments-compare';
  const heading = document.createElement('h3');
  heading.textContent = 'Compare with a pinned run';
  const compareStatus = document.createElement('p');
  compareStatus.className = 'note compare-status';
  compareStatus.textContent = 'Pin a run, then change k, the seed, the features, the outlier policy or apply a model: the segments of both are compared here.';
  const compareView = document.createElement('div');
  compareView.className = 'compare-view';
  compare.append(heading, makeButton('Pin this run', 'pin-run', () => pin()), compareStatus, compareView);
  // A mixture's uncertain customers, selectable as a group (a filter once kept).
  const certainty = document.createElement('section');
  certainty.className = 'segments-certainty';
  certainty.hidden = true;
  const certaintyNote = note('');
  certainty.append(certaintyNote, makeButton('Select the uncertain customers', 'select-uncertain', () => selectUncertain()));
  parts.root.append(table, certainty, silhouetteView, stabilityView, compare);

  /** The customers of the mixture on screen less sure of their segment than the pale threshold. */
  function selectUncertain() {
    const mixture = workbench.outcome()?.mixture;
    if (!mixture) return;
    const below = parts.paleBelow();
    const mask = new Uint8Array(mixture.certainty.length);
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i] = mixture.certainty[i]! < below ? 1 : 0;
    parts.selectCustomers(mask, count);
  }
  // The pinned run's names and colours as they were when it was pinned.
  let pinnedLooks: RunLooks | null = null;
  // The per-segment silhouette and stability of the finished run, kept so a rename redraws them with the new name.
  let silhouetteOfRun: ClusterSilhouette | null = null;
  let stabilityOfRun: { report: SegmentStabilityReport; outcome: FitOutcome } | null = null;
  const currentSlots = (fallback: readonly number[]) => workbench.looks()?.slots ?? fallback;

  // Counts the pins, so a workspace sees a new one without reading its labels.
  let pins = 0;
  const pinned = (k: number, n: number, looks: RunLooks) => {
    pinnedLooks = { names: [...looks.names], slots: [...looks.slots] };
    pins++;
    compareView.replaceChildren();
    compareStatus.textContent = `Pinned: the run with k = ${k} on ${n.toLocaleString('en-US')} customers. Make another run to compare.`;
  };

  function pin() {
    const looks = workbench.looks();
    if (!looks) return;
    void engine.host.segments.pin().then(({ k, n }) => pinned(k, n, looks));
  }

  /** After a run: compare it with the pinned one, if there is one. */
  function showComparison(outcome: FitOutcome): void {
    if (!pinnedLooks) return;
    const pinned = pinnedLooks;
    engine.host.segments.compareWithPinned()
      .then((comparison) => {
        if (!comparison || workbench.outcome() !== outcome) return;
        const current = { names: workbench.names(), slots: currentSlots([]) };
        compareStatus.textContent = `This run (k = ${comparison.migration.kB}) against the pinned one (k = ${comparison.migration.kA}):`;
        renderRunComparison(compareView, comparison, pinned, current, () =>
          downloadBlob(new Blob([migrationCsv(comparison, pinned.names, current.names)], { type: 'text/csv' }), 'segment_migration.csv'));
      })
      .catch((error: unknown) => {
        compareView.replaceChildren();
        compareStatus.textContent = `No comparison: ${error instanceof Error ? error.message : error}.`;
      });
  }

  /** Every view of a finished run reads the same names and colours. */
  function showRunViews(outcome: FitOutcome, data: DatasetSummary, looks: SegmentLooks, warnings: readonly string[]) {
    parts.onShown(data, warnings);
    const profiles = segmentProfiles(data.featureNames, outcome.centroidsInUnits, outcome.result.counts, data.mean, data.scale);
    renderProfileTable(table, data.featureNames, profiles, looks.names, looks.slots, (cluster, name) => {
      workbench.renameSegment(cluster, name);
      showRunViews(outcome, data, workbench.looks()!, workbench.warnings());
    }, parts.isolate);
    if (silhouetteOfRun?.k === outcome.result.k && silhouetteView.dataset.run === String(outcome.result.inertia)) {
      renderSilhouettePlot(silhouetteView, silhouetteOfRun, looks.names, looks.slots);
    }
    if (stabilityOfRun?.outcome === outcome) renderSegmentStability(stabilityView, stabilityOfRun.report, looks.names, looks.slots);
  }

  return {
    /** A run finished: profiles at once, then its silhouette and stability as the worker measures them. */
    onOutcome(outcome: FitOutcome, data: DatasetSummary, looks: SegmentLooks, warnings: readonly string[], run: { initSeed: number; backend: 'auto' | 'webgpu' | 'cpu' }) {
      silhouetteView.replaceChildren();
      silhouetteView.dataset.run = String(outcome.result.inertia);
      silhouetteOfRun = null;
      stabilityOfRun = null;
      // Resampling refits KMeans: for a mixture's overlapping, stretched components it would measure KMeans, not them.
      const resampled = !outcome.mixture;
      certainty.hidden = resampled;
      certaintyNote.textContent = 'A Gaussian mixture is unsure of the customers between its components: those less sure of their segment than View → mixture: pale under are drawn pale. Select them to see who they are, export them or keep them as a filter.';
      stabilityView.replaceChildren(note(resampled ? 'Measuring how stable each segment is under resampling…'
        : 'Stability under resampling refits KMeans, so it is not measured for a Gaussian mixture: the hover card and the pale customers say how sure each membership is.'));
      showRunViews(outcome, data, looks, warnings);
      showComparison(outcome);
      engine.host.segments
        .silhouette(DEFAULTS.silhouetteSample, run.initSeed, run.backend)
        .then((s) => {
          if (workbench.outcome() !== outcome) return; // a newer run replaced this one
          silhouetteOfRun = s;
          renderSilhouettePlot(silhouetteView, s, workbench.names(), currentSlots(looks.slots));
        })
        .then(() => (resampled ? engine.host.segments.stability(SEGMENT_STABILITY_SAMPLE, SEGMENT_STABILITY_RESAMPLES, run.initSeed) : null))
        .then((report) => {
          if (!report || workbench.outcome() !== outcome) return;
          stabilityOfRun = { report, outcome };
          renderSegmentStability(stabilityView, report, workbench.names(), currentSlots(looks.slots));
        })
        .catch(() => undefined); // a newer run replaced this one
    },
    /** How many runs were pinned so far (a workspace saves the pinned run when this changes). */
    pins: () => pins,
    /** The pinned run, for a workspace to keep: its labels per source row and its names and colours then; null: none. */
    async pinnedRun(): Promise<{ k: number; labels: Uint8Array; looks: RunLooks } | null> {
      const looks = pinnedLooks;
      const run = looks ? await engine.host.segments.pinnedLabels() : null;
      return run && looks ? { ...run, looks } : null;
    },
    /** A workspace's pinned run, put back on the customers of the run on screen, and compared with it. */
    async restorePinned(run: { k: number; labels: Uint8Array; looks: RunLooks }) {
      const { k, n } = await engine.host.segments.pinLabels({ k: run.k, labels: run.labels });
      pinned(k, n, run.looks);
      const outcome = workbench.outcome();
      if (outcome) showComparison(outcome);
    },
    /** The run shown so far no longer holds: the tab says the next one's segments come when it ends. */
    onRunCleared() {
      silhouetteOfRun = null;
      stabilityOfRun = null;
      silhouetteView.replaceChildren();
      stabilityView.replaceChildren();
      table.replaceChildren(note('The segments of the run in progress appear here when it ends.'));
    },
  };
}
