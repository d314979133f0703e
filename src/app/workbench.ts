import * as Comlink from 'comlink';
import * as THREE from 'three';
import { canonicalOrder } from '../kmeans/canonical.ts';
import { segmentNames } from '../kmeans/segment-names.ts';
import { runWarnings, warningText } from '../kmeans/warnings.ts';
import { createAxes, type AxisSpec } from '../view/scatter/axes.ts';
import { createCentroidMarkers, type CentroidMarkers } from '../view/scatter/centroids.ts';
import { createPointCloud, type PointCloud } from '../view/scatter/points.ts';
import type { Stage } from '../view/scatter/scene.ts';
import type { createHud } from '../view/hud.ts';
import type { createLegend } from '../view/legend.ts';
import type { Progress, ProgressTask } from '../view/progress.ts';
import type { DatasetSummary } from '../protocol/data.ts';
import type { FitOutcome, SnapshotListener } from '../protocol/fit.ts';
import { isCancelled, type EngineClient } from './engine-client.ts';
import { createPacer, type Pacer } from './fit/pacer.ts';
import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { RunParams } from '../page-state/run-params.ts';
import type { SegmentIdentity, SegmentLooks } from './segments/segment-identity.ts';
import type { PageStateStore } from '../page-state/state.ts';
import { fitAxes, isFlatView, sceneAxes, type ViewParams } from '../page-state/view-params.ts';
import { inverseTransformRows } from '../data/scaler.ts';

export interface WorkbenchParts {
  readonly engine: EngineClient;
  readonly stage: Stage;
  readonly hud: ReturnType<typeof createHud>;
  readonly legend: ReturnType<typeof createLegend>;
  readonly progress: Progress;
  /** The one state the panel and the URL show; the workbench commits to it. */
  readonly state: PageStateStore;
  /** Names and colours that follow segments across runs. */
  readonly identity: SegmentIdentity;
  readonly onPlaying: (playing: boolean) => void;
  /** A run finished: its outcome, the segment names in use, each cluster's colour slot and the run's warnings. */
  readonly onOutcome: (outcome: FitOutcome, data: DatasetSummary, looks: SegmentLooks, warnings: readonly string[]) => void;
  /** The finished run shown so far no longer holds (new customers, or a new run started). */
  readonly onRunCleared: () => void;
  /** Before discarding imported customers: true to go ahead. */
  readonly confirmDiscard: (file: string) => Promise<boolean>;
  /** New customers are drawn (generated, imported, scored): their features may differ. */
  readonly onData: (data: DatasetSummary, view: ViewParams) => void;
  /** A highlight of some customers ended because other customers replaced them. */
  readonly onHighlightEnded?: () => void;
  /** Other customers are drawn (generated, imported, scored, treated for outliers). */
  readonly onCustomers?: () => void;
  /** Iterations per second of the page's first run (slowed so it can be watched); absent: the view's speed. */
  readonly openingSpeed?: number;
}


/**
 * The workbench's behaviour: generate customers, run KMeans with a snapshot per iteration,
 * draw each real iteration (labels recolour, centroids glide), pace it, and restart cleanly.
 */
export function createWorkbench(parts: WorkbenchParts) {
  const { engine, stage, hud, legend, progress, state: store, identity } = parts;
  const run = () => store.get().run;
  const view = () => store.get().view;
  const setView = (next: ViewParams) => store.set({ view: next });
  let data: DatasetSummary | null = null;
  // Scaled-space extent of each feature: one scan per dataset, reused by every axis rebuild.
  let extent: { min: number; max: number }[] = [];
  let cloud: PointCloud | null = null;
  let markers: CentroidMarkers | null = null;
  let axes: ReturnType<typeof createAxes> | null = null;
  let pacer: Pacer = createPacer(view());
  let runId = 0;
  let lastSnapshotAt = 0;
  // Where the markers were last sent (engine order), to tell whether the finished run's centroids differ.
  let lastSnapshotCentroids: Float64Array | null = null;
  let finished: { outcome: FitOutcome; looks: SegmentLooks; warnings: string[] } | null = null;
  // A fit is in flight (its snapshots are being drawn).
  let fitting = false;
  // Stepping by halves: each iteration shows its assignment (points recolour) and its update
  // (centroids move) as two steps. A whole step or play ends it.
  let halfStepping = false;
  // The page's first run may play slowly (parts.openingSpeed); later runs play at the view's speed.
  let opened = false;
  // Mirrored on the canvas for tests: which half was drawn last, and how often labels were applied.
  let labelsApplied = 0;

  /** The finished run no longer describes what is on screen (new customers, a new run starting). */
  function forgetRun() {
    if (!finished) return;
    finished = null;
    parts.onRunCleared();
  }

  stage.onFrame((now) => {
    hud.update({ state: currentState(), frameMs: stage.frameMs() });
    return markers?.update(now) ?? false;
  });
  let state: 'starting' | 'generating' | 'running' | 'converged' | 'stopped' | 'scored' | 'error' = 'starting';
  const halfSteps = () => halfStepping && !pacer.isPlaying();
  const currentState = () => (state === 'running' && !pacer.isPlaying() && pacer.isWaiting() ? 'paused' : state);

  /** What the run is doing, from the facts: a fit in flight, the last finished run, or nothing. */
  function settledState(): typeof state {
    if (fitting) return 'running';
    if (finished) return outcomeState(finished.outcome);
    return data ? 'stopped' : 'error';
  }

  const isFlat = () => isFlatView(view().axes);
  const drawnAxes = () => sceneAxes(view().axes);

  function applyView(axesChanged = true) {
    const v = view();
    // Few customers get bigger dots: 200 rows drawn at the size made for 200 000 would vanish.
    const boost = data ? Math.min(4, Math.max(1, (200_000 / data.n) ** 0.25)) : 1;
    cloud?.setStyle({ pointSize: v.pointSize * boost, opacity: v.opacity, pixelRatio: stage.renderer.getPixelRatio() });
    cloud?.setAxes(...drawnAxes());
    markers?.setAxes(...drawnAxes());
    markers?.setVisible(v.centroids, v.trails);
    stage.controls.autoRotate = v.autoRotate && !isFlat();
    pacer.setSpeed(v.speed);
    if (axesChanged) {
      rebuildAxes();
      frameData();
    }
    stage.requestRender();
  }

  function rebuildAxes() {
    if (!data) return;
    axes?.dispose();
    if (axes) stage.scene.remove(axes.group);
    const spec = (f: number): AxisSpec =>
      f < 0 ? { name: '', min: 0, max: 0, mean: 0, scale: 1 } : { name: data!.featureNames[f]!, ...extent[f]!, mean: data!.mean[f]!, scale: data!.scale[f]! };
    const [x, y, z] = drawnAxes();
    axes = createAxes([spec(x), spec(y), spec(z)], isFlat());
    stage.scene.add(axes.group);
  }

  /** Aim the camera at the drawn box: at an angle in 3D, face-on when flat. */
  function frameData() {
    if (!data) return;
    const drawn = drawnAxes();
    const center = new THREE.Vector3(...drawn.map((f) => (f < 0 ? 0 : (extent[f]!.min + extent[f]!.max) / 2)));
    // Half the drawn box's diagonal: a cube of tight clusters needs more room than its widest side.
    const radius = Math.hypot(...drawn.map((f) => (f < 0 ? 0 : extent[f]!.max - extent[f]!.min))) / 2;
    stage.frame(center, radius, isFlat());
    // Mirrored for tests, as the HUD mirrors the run.
    stage.renderer.domElement.dataset.projection = isFlat() ? 'flat' : '3d';
  }

  /** Generate customers for `params`; true when they are drawn (false: cancelled, nothing changed). */
  async function generate(params: RunParams): Promise<boolean> {
    state = 'generating';
    hud.update({ state: 'generating', message: '' });
    const cancel = () => void engine.host.cancel('generate');
    const task = progress.start(`Generating ${params.n.toLocaleString('en-US')} customers…`, cancel);
    try {
      const generated = await engine.host.data.generate(
        { n: params.n, seed: params.seed, separation: params.separation },
        Comlink.proxy((done: number, total: number) => task.update(`Generating ${total.toLocaleString('en-US')} customers…`, done / total)),
      );
      runId++;
      fitting = false;
      pacer.release();
      // The outlier treatment is part of the run, so a link reproduces it too.
      const next = params.outliers === 'keep' ? generated : await engine.host.explore.setOutlierPolicy(params.outliers);
      // Only the data's parameters come from the proposal: anything changed meanwhile (k, the warning share) stays.
      const { n, seed, separation, outliers } = params;
      store.set({ run: { ...run(), n, seed, separation, outliers }, source: { kind: 'generated' }, model: null });
      showData(next);
      return true;
    } catch (error) {
      // Nothing changed: the panel goes back to what is drawn, and the HUD to what is true now.
      store.refresh();
      state = settledState();
      if (!isCancelled(error)) throw error;
      hud.update({ state, message: data ? 'Generation cancelled; the previous customers are kept.' : 'Generation cancelled.' });
      return false;
    } finally {
      task.end();
    }
  }

  function showData(next: DatasetSummary) {
    const d = next.featureNames.length;
    const changedFeatures = !data || data.featureNames.join('\n') !== next.featureNames.join('\n');
    data = next;
    forgetRun();
    identity.useFeatures(next.featureNames);
    extent = featureExtent(next);
    setView({ ...view(), axes: fitAxes(view().axes, d) });
    if (changedFeatures) parts.onData(next, view());
    if (cloud) {
      stage.scene.remove(cloud.object);
      cloud.dispose();
    }
    // A highlight belonged to the old customers.
    if (stage.renderer.domElement.dataset.highlighted !== undefined) {
      delete stage.renderer.domElement.dataset.highlighted;
      parts.onHighlightEnded?.();
    }
    cloud = createPointCloud(next.positions, next.n, d);
    stage.scene.add(cloud.object);
    parts.onCustomers?.();
    hud.update({ state: 'running', customers: next.n, warnings: [] });
    applyView();
  }

  /**
   * Colours and names of an iteration in progress, so the legend does not reorder at the end.
   * `givenNames` (a saved model's, in the engine's order) name the clusters that started from its centroids.
   */
  function snapshotLooks(centroids: Float64Array, givenNames?: readonly string[]): SegmentLooks {
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
    const openingNote = !opened && parts.openingSpeed !== undefined ? 'The opening run plays slowly to watch it converge (View: slow opening run).' : undefined;
    const opening = !opened && parts.openingSpeed !== undefined;
    opened = true;
    pacer = createPacer(opening ? { ...view(), speed: parts.openingSpeed! } : view());
    pacer.onChange(() => parts.onPlaying(pacer.isPlaying()));
    parts.onPlaying(pacer.isPlaying());
    if (markers) {
      stage.scene.remove(markers.group);
      markers.dispose();
    }
    markers = createCentroidMarkers(params.k, data.featureNames.length);
    lastSnapshotCentroids = null;
    stage.scene.add(markers.group);
    applyView(false);
    legend.update([]);
    const d = data.featureNames.length;

    const onSnapshot: SnapshotListener = async (snapshot, backend, labels) => {
      if (id !== runId) return;
      const looks = snapshotLooks(snapshot.centroids, givenNames);
      const canvas = stage.renderer.domElement;
      if (halfSteps() && labels && snapshot.iteration > 1) {
        // The assignment half: customers take the colour of their nearest centroid, which stays put.
        cloud?.setLabels(labels);
        labelsApplied++;
        canvas.dataset.phase = 'assign';
        canvas.dataset.labelsApplied = String(labelsApplied);
        stage.requestRender();
        hud.update({ state: 'running', backend, iteration: snapshot.iteration, changed: snapshot.changed, inertia: snapshot.inertia });
        await pacer.gate();
        if (id !== runId) return;
      }
      const now = performance.now();
      // Each restart starts afresh: its markers jump to their new start instead of gliding.
      if (snapshot.iteration === 1) markers!.reset(snapshot.centroids);
      const glide = Math.min(600, Math.max(60, lastSnapshotAt ? (now - lastSnapshotAt) * 0.8 : 300));
      lastSnapshotAt = now;
      markers!.moveTo(snapshot.centroids, glide, now);
      lastSnapshotCentroids = snapshot.centroids;
      canvas.dataset.centroids = Array.from(snapshot.centroids, (v) => v.toFixed(5)).join(',');
      cloud?.setColorSlots(looks.slots);
      markers!.setColorSlots(looks.slots);
      if (labels && canvas.dataset.phase !== 'assign') {
        cloud?.setLabels(labels);
        labelsApplied++;
        canvas.dataset.labelsApplied = String(labelsApplied);
      }
      // The update half (or the whole iteration): the centroids glide to their new places.
      canvas.dataset.phase = 'update';
      stage.requestRender();
      hud.update({
        state: 'running', backend, iteration: snapshot.iteration, inertia: snapshot.inertia, shift: snapshot.shift,
        changed: snapshot.changed, msPerIteration: snapshot.ms, gpuMs: snapshot.gpuMs, restart: snapshot.restart, restarts: given ? 1 : params.nInit,
        message: snapshot.fallbackReason ? sentence(snapshot.fallbackReason) : openingNote,
      });
      // The legend lists clusters in the order the finished run will number them.
      const order = canonicalOrder(snapshot.centroids, params.k, d);
      const byRank = Array.from(order, (rank, j) => ({ rank, j })).sort((a, b) => a.rank - b.rank);
      legend.update(byRank.map(({ j }) => ({ name: looks.names[j]!, slot: looks.slots[j]!, size: snapshot.counts[j]! })));
      await pacer.gate();
    };

    // New customers on the CPU engine are indexed first (kd-trees): seconds at 10 M, so it shows, with cancel.
    const indexLabel = `Indexing ${data.n.toLocaleString('en-US')} customers for the CPU engine…`;
    const indexing: { task: ProgressTask | null; cancelled: boolean } = { task: null, cancelled: false };
    const onIndexing = (done: number, total: number) => {
      // A newer run shows its own bar (it waits for the same index).
      if (id !== runId) return indexing.task?.end();
      indexing.task ??= progress.start(indexLabel, () => {
        indexing.cancelled = true;
        void engine.host.cancel('fit');
      });
      indexing.task.update(indexLabel, done / total);
      if (done >= total) indexing.task.end();
    };
    let outcome: FitOutcome;
    try {
      outcome = await engine.host.fit.run(
        {
          k: params.k, init: params.init, nInit: params.nInit, maxIter: params.maxIter, tol: params.tol, seed: params.initSeed, backend: params.backend,
          threads: params.threads, labelsEachIteration: true, ...(given ? { givenCentroids: given } : {}), ...(frozen?.length ? { frozen } : {}),
        },
        Comlink.proxy(onSnapshot),
        Comlink.proxy(onIndexing),
      );
    } catch (error) {
      if (id === runId) fitting = false;
      if (id === runId && !isCancelled(error)) throw error;
      if (id === runId && indexing.cancelled) {
        state = settledState();
        hud.update({ state, message: 'Cancelled while indexing the customers; nothing ran.' });
      }
      return;
    } finally {
      indexing.task?.end();
    }
    if (id !== runId) return;
    fitting = false;
    // Cluster j started from the model's centroid j; canonical numbering moved it to canonical[j].
    const byCanonical = givenNames ? Array.from(outcome.result.canonical, (_, c) => givenNames[outcome.result.canonical.indexOf(c)]!) : undefined;
    showOutcome(outcome, byCanonical);
  }

  function showOutcome(outcome: FitOutcome, savedNames?: readonly string[]) {
    const { result } = outcome;
    const d = data!.featureNames.length;
    const automatic = segmentNames(data!.featureNames, outcome.centroidsInUnits, data!.mean, data!.scale);
    const looks = identity.commit(outcome.centroidsInUnits, d, data!.scale, automatic, savedNames);
    cloud?.setColorSlots(looks.slots);
    cloud?.setLabels(outcome.labels);
    if (markers) {
      // Markers are in the engine's order of the restart that won: marker j is canonical cluster canonical[j].
      const byMarker = Array.from(result.canonical, (c) => c);
      markers.setColorSlots(byMarker.map((c) => looks.slots[c]!));
      const centroids = new Float64Array(result.k * d);
      byMarker.forEach((c, j) => centroids.set(result.centroids.subarray(c * d, c * d + d), j * d));
      // Only when an earlier restart won do the markers go back to it (a frame of millions of points is costly).
      if (!lastSnapshotCentroids || lastSnapshotCentroids.some((v, i) => v !== centroids[i])) markers.moveTo(centroids, 300, performance.now());
    }
    stage.requestRender();
    const warnings = warningsOf(outcome, looks.names);
    finished = { outcome, looks, warnings };
    showLegend();
    parts.onOutcome(outcome, data!, looks, warnings);
    state = outcomeState(outcome);
    const message = result.stop === 'scored'
      ? `Assigned to the model's ${result.k} saved segments (no refitting).`
      : outcome.fallbackReason ? sentence(outcome.fallbackReason) : result.converged ? '' : `Stopped at the iteration limit (${run().maxIter}).`;
    hud.update({
      state, backend: result.backend, cpuEngine: outcome.cpuEngine, adapter: outcome.adapter, k: result.k, iteration: result.iterations, inertia: result.inertia,
      msPerIteration: result.msPerIteration, gpuMs: result.gpuMsPerIteration, message, warnings,
    });
  }

  function warningsOf(outcome: FitOutcome, names: readonly string[]): string[] {
    const context = outcome.result.stop === 'scored' ? 'scored' : 'fit';
    return runWarnings(outcome.result.counts, run().minShare).map((w) => warningText(w, names, context));
  }

  function showLegend() {
    if (!finished) return;
    const { outcome, looks } = finished;
    legend.update(looks.names.map((name, c) => ({ name, slot: looks.slots[c]!, size: outcome.result.counts[c]! })), true, view().only);
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
      setView(next);
      applyView(axesChanged);
    },
    playPause() {
      if (pacer.isPlaying()) pacer.pause();
      else pacer.play();
      setView({ ...view(), playing: pacer.isPlaying() });
    },
    step() {
      halfStepping = false;
      pacer.step();
      setView({ ...view(), playing: false });
    },
    /** Half an iteration: the next assignment (points recolour), then its update (centroids move). */
    halfStep() {
      halfStepping = true;
      pacer.step();
      setView({ ...view(), playing: false });
    },
    /** Draw new customers from a file (no outlier treatment yet) and cluster them. */
    useData(next: DatasetSummary, source: { name: string; rows: number }) {
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
    showScored(next: DatasetSummary, outcome: FitOutcome, names: readonly string[], modelFile: string) {
      return guard(async () => {
        runId++;
        fitting = false;
        pacer.release();
        await engine.host.cancel('fit');
        // Scoring re-reads the customers untreated (the worker resets the outlier policy): say so.
        store.set({ run: { ...run(), k: outcome.result.k, outliers: 'keep' }, model: { file: modelFile, mode: 'scored' } });
        showData(next);
        if (markers) {
          stage.scene.remove(markers.group);
          markers.dispose();
        }
        markers = createCentroidMarkers(outcome.result.k, next.featureNames.length);
        markers.reset(outcome.result.centroids);
        lastSnapshotCentroids = null;
        stage.scene.add(markers.group);
        applyView(false);
        showOutcome(outcome, names);
      });
    },
    /** Cluster again starting from a saved model's centroids (business units); its names follow its segments. */
    refitFrom(centroidsInUnits: Float64Array, names: readonly string[], modelFile: string) {
      if (!data) return Promise.resolve();
      const k = centroidsInUnits.length / data.featureNames.length;
      store.set({ run: { ...run(), k }, model: { file: modelFile, mode: 'refit' } });
      return guard(() => fit(centroidsInUnits, names));
    },
    /** Cluster from centroids the analyst placed in the view (business units); `frozen` ones never move. */
    fitFromPlaced(centroidsInUnits: Float64Array, frozen: readonly number[]) {
      if (!data) return Promise.resolve();
      const k = centroidsInUnits.length / data.featureNames.length;
      store.set({ run: { ...run(), k }, model: { file: 'centroids placed in the view', mode: 'placed' } });
      return guard(() => fit(centroidsInUnits, undefined, frozen));
    },
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
      if (!finished) return;
      identity.rename(cluster, name);
      finished.looks.names[cluster] = name.trim() === '' ? segmentNames(data!.featureNames, finished.outcome.centroidsInUnits, data!.mean, data!.scale)[cluster]! : name;
      finished.warnings = warningsOf(finished.outcome, finished.looks.names);
      hud.update({ state: currentState(), warnings: finished.warnings });
      showLegend();
    },
    /**
     * Keep these customers (mask[i] = 1) in colour and fade the others, or end that with null. The
     * count is mirrored on the canvas (data-highlighted) for tests.
     */
    highlight(mask: Uint8Array | null): number {
      const count = cloud?.highlight(mask) ?? 0;
      const canvas = stage.renderer.domElement;
      if (mask && cloud) canvas.dataset.highlighted = String(count);
      else delete canvas.dataset.highlighted;
      stage.requestRender();
      return count;
    },
    /** Draw the legend again (the isolated segments changed). */
    refreshLegend: () => showLegend(),
    /** Where each customer is drawn (for picking on screen); null before customers are drawn. */
    drawn: () => cloud?.drawn() ?? null,
    /** Each feature's range in the scaled space the view draws (one scan per dataset). */
    extent: (): readonly { readonly min: number; readonly max: number }[] => extent,
    /** The customers a highlight keeps in colour, or null when none is on. */
    highlighted: () => cloud?.highlighted() ?? null,
    /** Cluster again with this k (picked on the elbow chart or offered after an import). */
    applyK: (k: number) => refit({ ...run(), k }),
    /** Restart the clustering with a new initialisation seed. */
    restart: () => refit({ ...run(), initSeed: (run().initSeed + 1 + Math.floor(Math.random() * 99_998)) % 99_999 }),
    run,
  };
}

/** The HUD state a finished outcome leaves. */
const outcomeState = (outcome: FitOutcome) => (outcome.result.stop === 'scored' ? 'scored' : outcome.result.converged ? 'converged' : 'stopped');

/** Scaled-space min and max of each feature. */
function featureExtent(data: DatasetSummary): { min: number; max: number }[] {
  const d = data.featureNames.length;
  const extent = Array.from({ length: d }, () => ({ min: Infinity, max: -Infinity }));
  const { positions } = data;
  for (let i = 0; i < positions.length; i++) {
    const e = extent[i % d]!;
    const v = positions[i]!;
    if (v < e.min) e.min = v;
    if (v > e.max) e.max = v;
  }
  return extent;
}

const sentence = (reason: string) => `Running on the CPU: ${reason.replace(/^(running|continued) on the CPU because /, '')}.`;
