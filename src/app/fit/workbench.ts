import * as Comlink from 'comlink';
import type { OutlierPolicy } from '../../analysis/outliers.ts';
import { inverseTransformRows } from '../../data/scaler.ts';
import { segmentNames } from '../../kmeans/segment-names.ts';
import { runWarnings, warningText } from '../../kmeans/warnings.ts';
import type { RunParams } from '../../page-state/run-params.ts';
import type { PageState } from '../../page-state/state.ts';
import { fitAxes, type ViewParams } from '../../page-state/view-params.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { RunState } from '../../view/hud.ts';
import { isCancelled } from '../engine-client.ts';
import type { SegmentLooks } from '../segments/segment-identity.ts';
import { indexingProgress } from './indexing-progress.ts';
import { createPacer, type Pacer } from './pacer.ts';
import { densityMessage, mixtureMessage, namesByCanonical, outcomeMessage, outcomeState, settledState } from './run-state.ts';
import { createSnapshotPlayer } from './snapshot-player.ts';
import { densityLooks } from './density-looks.ts';
import type { WorkbenchParts } from './workbench-parts.ts';

export type { WorkbenchParts } from './workbench-parts.ts';

/**
 * The run's life on the page: generate customers, run KMeans with a snapshot per iteration,
 * draw each real iteration (the snapshot player), pace it, and restart cleanly; the HUD's state
 * follows from the facts (a fit in flight, the last finished run).
 */
export function createWorkbench(parts: WorkbenchParts) {
  const { engine, stage, scene, hud, legend, progress, state: store, identity } = parts;
  const canvas = stage.renderer.domElement;
  const run = () => store.get().run;
  const view = () => store.get().view;
  const setView = (next: ViewParams) => store.set({ view: next });
  const player = createSnapshotPlayer({ scene, hud, legend, canvas });
  let data: DatasetSummary | null = null;
  let pacer: Pacer = createPacer(view());
  let runId = 0;
  let finished: { outcome: FitOutcome; looks: SegmentLooks; warnings: string[] } | null = null;
  // A fit is in flight (its snapshots are being drawn).
  let fitting = false;
  // Stepping by halves: each iteration shows its assignment and its update as two steps. A whole step or play ends it.
  let halfStepping = false;
  // The page's first run may play slowly (parts.openingSpeed); later runs play at the view's speed.
  let opened = false;
  let state: RunState = 'starting';
  const currentState = (): RunState => (state === 'running' && !pacer.isPlaying() && pacer.isWaiting() ? 'paused' : state);
  const settle = () => (state = settledState({ fitting, finished: finished?.outcome ?? null, hasData: data !== null }));

  stage.onFrame(() => {
    hud.update({ state: currentState(), frameMs: stage.frameMs() });
    return false;
  });

  /** The finished run no longer describes what is on screen (new customers, a new run starting). */
  function forgetRun() {
    if (!finished) return;
    finished = null;
    parts.onRunCleared();
  }

  const applyView = (axesChanged = true) => {
    scene.applyView(view(), axesChanged);
    pacer.setSpeed(view().speed);
  };

  /** Generate customers for `params`; true when they are drawn (false: cancelled, nothing changed). */
  async function generate(params: RunParams): Promise<boolean> {
    state = 'generating';
    hud.update({ state: 'generating', message: '' });
    const task = progress.start(`Generating ${params.n.toLocaleString('en-US')} customers…`, () => void engine.host.cancel('generate'));
    try {
      const generated = await engine.host.data.generate(
        { n: params.n, seed: params.seed, separation: params.separation, shape: params.shape },
        Comlink.proxy((done: number, total: number) => task.update(`Generating ${total.toLocaleString('en-US')} customers…`, done / total)),
      );
      runId++;
      fitting = false;
      pacer.release();
      // The outlier treatment is part of the run, so a link reproduces it too.
      const next = params.outliers === 'keep' ? generated : await engine.host.explore.setOutlierPolicy(params.outliers);
      // Only the data's parameters come from the proposal: anything changed meanwhile (k, the warning share) stays.
      const { n, seed, separation, shape, outliers } = params;
      store.set({ run: { ...run(), n, seed, separation, shape, outliers }, source: { kind: 'generated' }, model: null });
      showData(next);
      return true;
    } catch (error) {
      // Nothing changed: the panel goes back to what is drawn, and the HUD to what is true now.
      store.refresh();
      settle();
      if (!isCancelled(error)) throw error;
      hud.update({ state, message: data ? 'Generation cancelled; the previous customers are kept.' : 'Generation cancelled.' });
      return false;
    } finally {
      task.end();
    }
  }

  function showData(next: DatasetSummary) {
    const changedFeatures = !data || data.featureNames.join('\n') !== next.featureNames.join('\n');
    data = next;
    forgetRun();
    identity.useFeatures(next.featureNames);
    setView({ ...view(), axes: fitAxes(view().axes, next.featureNames.length) });
    if (changedFeatures) parts.onData(next, view());
    // A highlight belonged to the old customers.
    if (scene.setData(next)) parts.onHighlightEnded?.();
    parts.onCustomers?.();
    hud.update({ state: 'running', customers: next.n, warnings: [] });
    applyView();
  }

  /**
   * Colours and names of an iteration in progress, so the legend does not reorder at the end.
   * `givenNames` (a saved model's, in the engine's order) name the clusters that started from its centroids.
   */
  function snapshotLooks(centroids: Float64Array, givenNames?: readonly string[], density = false): SegmentLooks {
    if (density) return densityLooks(identity, data!, inverseTransformRows(centroids, data!), false);
    const units = inverseTransformRows(centroids, data!);
    const looks = identity.preview(units, data!.mean.length, data!.scale, segmentNames(data!.featureNames, units, data!.mean, data!.scale));
    return givenNames ? { slots: looks.slots, names: [...givenNames] } : looks;
  }

  /**
   * Cluster the current customers; from `given` centroids (business units) when a model supplies
   * them, its `givenNames` following the clusters that start from them.
   */
  async function fit(given?: Float64Array, givenNames?: readonly string[], frozen?: readonly number[]): Promise<void> {
    if (!data) return;
    const id = ++runId;
    const params = run();
    pacer.release();
    forgetRun();
    fitting = true;
    // Say "running" at once: the previous run's "converged" must not outlive the click.
    state = 'running';
    hud.update({ state: 'running', run: id, k: params.k, iteration: 0, message: '', warnings: [] });
    await engine.host.cancel('fit');
    const opening = !opened && parts.openingSpeed !== undefined;
    opened = true;
    pacer = createPacer(opening ? { ...view(), speed: parts.openingSpeed! } : view());
    pacer.onChange(() => parts.onPlaying(pacer.isPlaying()));
    parts.onPlaying(pacer.isPlaying());
    const density = !given && (params.algorithm === 'dbscan' || params.algorithm === 'hdbscan');
    // A density run has no centres to draw: its clusters can be any shape (a ring's mean lies outside it).
    scene.newMarkers(density ? 0 : params.k, data.featureNames.length);
    // Certainty is a finished mixture's: while a run plays, every customer is drawn in full colour.
    scene.setCertainty(null);
    scene.setComponents(null, []);
    legend.update([]);
    const onSnapshot = player.play({
      k: params.k, d: data.featureNames.length, restarts: given ? 1 : params.nInit, isCurrent: () => id === runId, pacer,
      looksOf: (centroids) => snapshotLooks(centroids, givenNames, density), halfSteps: () => halfStepping && !pacer.isPlaying(),
      note: opening ? 'The opening run plays slowly to watch it converge (View: slow opening run).' : undefined,
    });
    // New customers on the CPU engine are indexed first (kd-trees): seconds at 10 M, so it shows, with cancel.
    const indexing = indexingProgress(progress, data.n, given ? 'kmeans' : params.algorithm, () => id === runId, () => void engine.host.cancel('fit'));
    let outcome: FitOutcome;
    try {
      outcome = await engine.host.fit.run(
        {
          algorithm: given ? 'kmeans' : params.algorithm, eps: params.eps, minSamples: params.minSamples, minClusterSize: params.minClusterSize, clusterSelection: params.clusterSelection, clusterSelectionEpsilon: params.clusterSelectionEpsilon,
          k: params.k, covariance: params.covariance, init: params.init, nInit: params.nInit, maxIter: params.maxIter, tol: params.tol, seed: params.initSeed, backend: params.backend,
          threads: params.threads, labelsEachIteration: true, ...(given ? { givenCentroids: given } : {}), ...(frozen?.length ? { frozen } : {}),
        },
        Comlink.proxy(onSnapshot),
        Comlink.proxy(indexing.listener),
      );
    } catch (error) {
      if (id === runId) fitting = false;
      if (id === runId && !isCancelled(error)) throw error;
      if (id === runId && indexing.cancelled()) {
        settle();
        hud.update({ state, message: indexing.cancelledMessage });
      }
      return;
    } finally {
      indexing.end();
    }
    if (id !== runId) return;
    fitting = false;
    // Cluster j started from the model's centroid j; canonical numbering moved it to canonical[j].
    showOutcome(outcome, givenNames ? namesByCanonical(givenNames, outcome.result.canonical) : undefined);
  }

  function showOutcome(outcome: FitOutcome, savedNames?: readonly string[]) {
    const { result, density } = outcome;
    const d = data!.featureNames.length;
    const automatic = segmentNames(data!.featureNames, outcome.centroidsInUnits, data!.mean, data!.scale);
    const looks = density ? densityLooks(identity, data!, outcome.centroidsInUnits, true, savedNames) : identity.commit(outcome.centroidsInUnits, d, data!.scale, automatic, savedNames);
    scene.setColorSlots(looks.slots);
    scene.setLabels(outcome.labels);
    scene.setCertainty(outcome.mixture?.certainty ?? null);
    const { mixture } = outcome;
    scene.setComponents(mixture ? { k: result.k, d, means: result.centroids, covariance: mixture.covariance, covariances: mixture.covariances } : null, looks.slots);
    if (!density) {
      // Markers are in the engine's order of the restart that won: marker j is canonical cluster canonical[j].
      const byMarker = Array.from(result.canonical);
      scene.setMarkerSlots(byMarker.map((c) => looks.slots[c]!));
      const centroids = new Float64Array(result.k * d);
      byMarker.forEach((c, j) => centroids.set(result.centroids.subarray(c * d, c * d + d), j * d));
      // Only when an earlier restart won do the markers go back to it (a frame of millions of points is costly).
      const last = player.lastCentroids();
      if (!last || last.some((v, i) => v !== centroids[i])) scene.moveMarkers(centroids, 300, performance.now());
    }
    const warnings = warningsOf(outcome, looks.names);
    finished = { outcome, looks, warnings };
    showLegend();
    parts.onOutcome(outcome, data!, looks, warnings);
    state = outcomeState(outcome);
    hud.update({
      state, backend: result.backend, cpuEngine: outcome.cpuEngine, adapter: outcome.adapter, k: result.k, iteration: result.iterations, inertia: result.inertia,
      gpuMs: result.gpuMsPerIteration, warnings,
      // A density run: its steps are done, it has no inertia or shift, and the HUD says what it found.
      ...(density
        ? { step: 'done', shift: Number.NaN, msPerIteration: result.msTotal, message: densityMessage(density, result.n) }
        : { msPerIteration: result.msPerIteration, message: outcome.mixture ? mixtureMessage(outcome.mixture, result, view().paleBelow) : outcomeMessage(outcome, run().maxIter) }),
    });
  }

  function warningsOf(outcome: FitOutcome, names: readonly string[]): string[] {
    const context = outcome.result.stop === 'scored' ? 'scored' : 'fit';
    // A density run's noise is not a segment: it is not flagged as a small one.
    const counts = outcome.density ? outcome.result.counts.subarray(0, outcome.density.noiseLabel) : outcome.result.counts;
    return runWarnings(counts, run().minShare).map((w) => warningText(w, names, context));
  }

  function showLegend() {
    if (!finished) return;
    const { outcome, looks } = finished;
    legend.update(looks.names.map((name, c) => ({ name, slot: looks.slots[c]!, size: outcome.result.counts[c]! })), true, view().only);
  }

  /** Customers assigned to given centroids (a scored model, a restored run): shown as a finished run, no iterations animated. */
  function showAssigned(next: DatasetSummary, outcome: FitOutcome, names: readonly string[] | undefined,
    how: { model?: { file: string; mode: 'scored' }; settings?: Partial<RunParams>; source?: PageState['source']; note?: string }) {
    return guard(async () => {
      // A run of its own on the HUD, though nothing iterates.
      hud.update({ state: 'running', run: ++runId, iteration: 0, message: '', warnings: [] });
      fitting = false;
      pacer.release();
      await engine.host.cancel('fit');
      // Assigning re-reads the customers untreated (outlier policy reset); density clusters: no markers, no k.
      const k = outcome.density ? 0 : outcome.result.k;
      store.set({ run: { ...run(), ...how.settings, k: k || run().k, outliers: 'keep' }, model: how.model ?? null, ...(how.source ? { source: how.source } : {}) });
      showData(next);
      scene.newMarkers(k, next.featureNames.length, outcome.result.centroids);
      player.forget();
      showOutcome(outcome, names);
      if (how.note) hud.update({ state: currentState(), message: how.note });
    });
  }

  /** Run a user action; an unexpected error becomes a plain sentence in the HUD. */
  async function guard(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      // The panel shows what is committed again, whatever the action had proposed.
      store.refresh();
      state = 'error';
      hud.update({ state: 'error', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** Change the clustering parameters and cluster again (the customers stay). */
  function refit(next: RunParams) {
    store.set({ run: next, model: null });
    return guard(() => fit());
  }

  /** Start from given centroids (business units): k follows them, and the run says where they came from. */
  function fitFrom(centroidsInUnits: Float64Array, model: { file: string; mode: 'refit' | 'placed' }, names?: readonly string[], frozen?: readonly number[]) {
    if (!data) return Promise.resolve();
    const k = centroidsInUnits.length / data.featureNames.length;
    store.set({ run: { ...run(), k, algorithm: 'kmeans' }, model });
    return guard(() => fit(centroidsInUnits, names, frozen));
  }

  /** Pace the run: `playing` or paused, whole or half steps. */
  function pace(action: 'toggle' | 'step' | 'half-step') {
    if (action === 'toggle') {
      if (pacer.isPlaying()) pacer.pause();
      else pacer.play();
    } else {
      halfStepping = action === 'half-step';
      pacer.step();
    }
    setView({ ...view(), playing: pacer.isPlaying() });
  }

  return {
    start: () => guard(async () => (await generate(run())) && fit()),
    /** Generate customers for these parameters (asking first when that would discard an imported file), then cluster. */
    regenerate(next: RunParams) {
      return guard(async () => {
        const source = store.get().source;
        if (source.kind === 'file' && !(await parts.confirmDiscard(source.name))) {
          store.refresh();
          return;
        }
        if (await generate(next)) await fit();
      });
    },
    refit,
    setView(next: ViewParams) {
      const axesChanged = next.axes.join() !== view().axes.join();
      const paleChanged = next.paleBelow !== view().paleBelow;
      setView(next);
      applyView(axesChanged);
      // A finished mixture's HUD counts the customers drawn pale.
      const mixture = finished?.outcome.mixture;
      if (paleChanged && mixture && !fitting) hud.update({ state, message: mixtureMessage(mixture, finished!.outcome.result, next.paleBelow) });
    },
    playPause: () => pace('toggle'),
    step: () => pace('step'),
    /** Half an iteration: the next assignment (points recolour), then its update (centroids move). */
    halfStep: () => pace('half-step'),
    /** Draw new customers from a file (no outlier treatment yet) and cluster them. */
    useData(next: DatasetSummary, source: { name: string; rows: number; sample?: string }) {
      return guard(async () => {
        runId++;
        pacer.release();
        store.set({ run: { ...run(), outliers: 'keep' }, source: { kind: 'file', ...source }, model: null });
        showData(next);
        await fit();
      });
    },
    /** Keep, clip or drop outliers (Explore), then cluster again; the URL remembers the choice. */
    applyOutlierPolicy(policy: OutlierPolicy) {
      return guard(async () => {
        const next = await engine.host.explore.setOutlierPolicy(policy);
        runId++;
        // A fresh k-means++ run on the treated customers: no model is involved any more.
        store.set({ run: { ...run(), outliers: policy }, model: null });
        showData(next);
        await fit();
      });
    },
    /** Draw customers assigned to a saved model's segments: no iterations, the model's k and names. */
    showScored(next: DatasetSummary, outcome: FitOutcome, names: readonly string[], modelFile: string, modelSettings: Partial<RunParams>) {
      return showAssigned(next, outcome, names, { model: { file: modelFile, mode: 'scored' }, settings: modelSettings });
    },
    /**
     * A workspace's KMeans run put back without refitting: its customers assigned to its saved
     * centroids (the labels the run ended with), shown as the run was, under the current parameters.
     */
    showRestored(next: DatasetSummary, outcome: FitOutcome, source: { name: string; rows: number; sample?: string }) {
      return showAssigned(next, outcome, undefined, { source: { kind: 'file', ...source }, note: 'Put back from the workspace without refitting: each customer in the segment of the nearest saved centroid, as the run ended.' });
    },
    /** Cluster again starting from a saved model's centroids (business units); its names follow its segments. */
    refitFrom: (centroidsInUnits: Float64Array, names: readonly string[], modelFile: string) =>
      fitFrom(centroidsInUnits, { file: modelFile, mode: 'refit' }, names),
    /** Cluster from centroids the analyst placed in the view (business units); `frozen` ones never move. */
    fitFromPlaced: (centroidsInUnits: Float64Array, frozen: readonly number[]) =>
      fitFrom(centroidsInUnits, { file: 'centroids placed in the view', mode: 'placed' }, undefined, frozen),
    /** Flag segments under this share of the customers; the finished run's warnings follow at once. */
    setMinShare(share: number) {
      store.set({ run: { ...run(), minShare: share } });
      if (!finished) return; // a run in progress reads the share when it ends
      finished.warnings = warningsOf(finished.outcome, finished.looks.names);
      hud.update({ state: currentState(), warnings: finished.warnings });
      parts.onOutcome(finished.outcome, data!, finished.looks, finished.warnings);
    },
    /** The segment names in use (edited ones included), canonical order; empty before a run ends. */
    names: (): readonly string[] => finished?.looks.names ?? [],
    looks: (): SegmentLooks | null => finished?.looks ?? null,
    warnings: (): readonly string[] => finished?.warnings ?? [],
    outcome: () => finished?.outcome ?? null,
    data: () => data,
    /** Rename a segment (canonical number); the legend follows, and the name follows the segment into later runs. */
    renameSegment(cluster: number, name: string) {
      // A density run's noise keeps its name: it is no segment.
      if (!finished || cluster === finished.outcome.density?.noiseLabel) return;
      const before = [...finished.looks.names];
      identity.rename(cluster, name);
      finished.looks.names[cluster] = name.trim() === '' ? segmentNames(data!.featureNames, finished.outcome.centroidsInUnits, data!.mean, data!.scale)[cluster]! : name;
      finished.warnings = warningsOf(finished.outcome, finished.looks.names);
      hud.update({ state: currentState(), warnings: finished.warnings });
      showLegend();
      if (before[cluster] !== finished.looks.names[cluster]) parts.onRenamed?.(cluster, before, finished.looks.names[cluster]!);
    },
    /** Keep these customers (mask[i] = 1) in colour and fade the others, or end that with null (count on the canvas as data-highlighted). */
    highlight: (mask: Uint8Array | null): number => scene.highlight(mask),
    /** Draw the legend again (the isolated segments changed). */
    refreshLegend: () => showLegend(),
    drawn: () => scene.drawn(),
    extent: () => scene.extent(),
    highlighted: () => scene.highlighted(),
    /** Cluster again with this k (picked on the elbow chart or offered after an import). */
    applyK: (k: number) => refit({ ...run(), algorithm: 'kmeans', k }),
    /** Restart the clustering with a new initialisation seed. */
    restart: () => refit({ ...run(), initSeed: (run().initSeed + 1 + Math.floor(Math.random() * (LIMITS.pickedSeed.max - 1))) % LIMITS.pickedSeed.max }),
    run,
  };
}

export type Workbench = ReturnType<typeof createWorkbench>;
