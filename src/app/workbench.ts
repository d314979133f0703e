import * as Comlink from 'comlink';
import * as THREE from 'three';
import { segmentNames } from '../kmeans/segment-names.ts';
import { createAxes, type AxisSpec } from '../view/scatter/axes.ts';
import { createCentroidMarkers, type CentroidMarkers } from '../view/scatter/centroids.ts';
import { createPointCloud, type PointCloud } from '../view/scatter/points.ts';
import type { Stage } from '../view/scatter/scene.ts';
import type { createHud } from '../view/hud.ts';
import type { createLegend } from '../view/legend.ts';
import type { createProgress } from '../view/progress.ts';
import type { DatasetSummary, FitOutcome, SnapshotListener } from '../worker/protocol.ts';
import { isCancelled, type EngineClient } from './engine-client.ts';
import { createPacer, type Pacer } from './pacer.ts';
import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { RunParams } from './run-params.ts';
import { fitAxes, type ViewParams } from './view-params.ts';

export interface WorkbenchParts {
  readonly engine: EngineClient;
  readonly stage: Stage;
  readonly hud: ReturnType<typeof createHud>;
  readonly legend: ReturnType<typeof createLegend>;
  readonly progress: ReturnType<typeof createProgress>;
  /** Called whenever the run or view changes, to keep the URL in step. */
  readonly onParams: (run: RunParams, view: ViewParams) => void;
  readonly onPlaying: (playing: boolean) => void;
  /** A run finished: its outcome, the segment names in use and each cluster's colour slot. */
  readonly onOutcome: (outcome: FitOutcome, data: DatasetSummary, names: readonly string[], slots: readonly number[]) => void;
  /** New customers are drawn (generated, imported, scored): their features may differ. */
  readonly onData: (data: DatasetSummary, view: ViewParams) => void;
}


/**
 * The workbench's behaviour: generate customers, run KMeans with a snapshot per iteration,
 * draw each real iteration (labels recolour, centroids glide), pace it, and restart cleanly.
 */
export function createWorkbench(parts: WorkbenchParts, initialRun: RunParams, initialView: ViewParams) {
  const { engine, stage, hud, legend, progress } = parts;
  let run = initialRun;
  let view = initialView;
  let data: DatasetSummary | null = null;
  // Scaled-space extent of each feature: one scan per dataset, reused by every axis rebuild.
  let extent: { min: number; max: number }[] = [];
  let cloud: PointCloud | null = null;
  let markers: CentroidMarkers | null = null;
  let axes: ReturnType<typeof createAxes> | null = null;
  let pacer: Pacer = createPacer(view);
  let runId = 0;
  let lastSnapshotAt = 0;
  let finished: { outcome: FitOutcome; names: string[]; slots: number[] } | null = null;

  stage.onFrame((now) => {
    hud.update({ state: currentState(), frameMs: stage.frameMs() });
    return markers?.update(now) ?? false;
  });
  let state: 'starting' | 'generating' | 'running' | 'converged' | 'stopped' | 'scored' | 'error' = 'starting';
  const currentState = () => (state === 'running' && !pacer.isPlaying() && pacer.isWaiting() ? 'paused' : state);

  function applyView(axesChanged = true) {
    // Few customers get bigger dots: 200 rows drawn at the size made for 200 000 would vanish.
    const boost = data ? Math.min(4, Math.max(1, (200_000 / data.n) ** 0.25)) : 1;
    cloud?.setStyle({ pointSize: view.pointSize * boost, opacity: view.opacity, pixelRatio: stage.renderer.getPixelRatio() });
    cloud?.setAxes(...view.axes);
    markers?.setAxes(...view.axes);
    markers?.setVisible(view.centroids, view.trails);
    stage.controls.autoRotate = view.autoRotate;
    pacer.setSpeed(view.speed);
    if (axesChanged) rebuildAxes();
    stage.requestRender();
  }

  function rebuildAxes() {
    if (!data) return;
    axes?.dispose();
    if (axes) stage.scene.remove(axes.group);
    const spec = (f: number): AxisSpec =>
      f < 0 ? { name: '', min: 0, max: 0, mean: 0, scale: 1 } : { name: data!.featureNames[f]!, ...extent[f]!, mean: data!.mean[f]!, scale: data!.scale[f]! };
    axes = createAxes([spec(view.axes[0]), spec(view.axes[1]), spec(view.axes[2])]);
    stage.scene.add(axes.group);
  }

  async function generate(): Promise<boolean> {
    state = 'generating';
    runId++;
    pacer.release();
    hud.update({ state: 'generating', message: '' });
    const cancel = () => void engine.host.cancel();
    progress.show(`Generating ${run.n.toLocaleString('en-US')} customers…`, 0, cancel);
    try {
      const generated = await engine.host.generate(
        { n: run.n, seed: run.seed, separation: run.separation },
        Comlink.proxy((done: number, total: number) => progress.show(`Generating ${total.toLocaleString('en-US')} customers…`, done / total, cancel)),
      );
      // The outlier treatment is part of the run, so a link reproduces it too.
      const next = run.outliers === 'keep' ? generated : await engine.host.setOutlierPolicy(run.outliers);
      showData(next);
      return true;
    } catch (error) {
      if (!isCancelled(error)) throw error;
      state = data ? 'stopped' : 'error';
      hud.update({ state, message: data ? 'Generation cancelled; the previous customers are kept.' : 'Generation cancelled.' });
      return false;
    } finally {
      progress.hide();
    }
  }

  function showData(next: DatasetSummary) {
    const d = next.featureNames.length;
    const changedFeatures = !data || data.featureNames.join('\n') !== next.featureNames.join('\n');
    data = next;
    extent = featureExtent(next);
    view = { ...view, axes: fitAxes(view.axes, d) };
    if (changedFeatures) parts.onData(next, view);
    if (cloud) {
      stage.scene.remove(cloud.object);
      cloud.dispose();
    }
    cloud = createPointCloud(next.positions, next.n, d);
    stage.scene.add(cloud.object);
    const center = new THREE.Vector3(...view.axes.map((f) => (f < 0 ? 0 : (extent[f]!.min + extent[f]!.max) / 2)));
    // Half the drawn box's diagonal: a cube of tight clusters needs more room than its widest side.
    const radius = Math.hypot(...view.axes.map((f) => (f < 0 ? 0 : extent[f]!.max - extent[f]!.min))) / 2;
    stage.frame(center, radius);
    hud.update({ state: 'running', customers: next.n });
    applyView();
  }

  /** Cluster the current customers; from `given` centroids (business units) when a model supplies them. */
  async function fit(given?: Float64Array): Promise<void> {
    if (!data) return;
    const id = ++runId;
    pacer.release();
    // Say "running" at once: the previous run's "converged" must not outlive the click.
    state = 'running';
    hud.update({ state: 'running', k: run.k, iteration: 0, message: '' });
    await engine.host.cancel();
    pacer = createPacer(view);
    pacer.onChange(() => parts.onPlaying(pacer.isPlaying()));
    parts.onPlaying(pacer.isPlaying());
    if (markers) {
      stage.scene.remove(markers.group);
      markers.dispose();
    }
    markers = createCentroidMarkers(run.k, data.featureNames.length);
    stage.scene.add(markers.group);
    cloud?.setColorSlots(Array.from({ length: 32 }, (_, j) => j));
    applyView();
    state = 'running';
    hud.update({ state: 'running', k: run.k, iteration: 0, message: '' });
    legend.update([]);

    const onSnapshot: SnapshotListener = async (snapshot, backend, labels) => {
      if (id !== runId) return;
      const now = performance.now();
      if (snapshot.iteration === 1 && snapshot.restart === 0) markers!.reset(snapshot.centroids);
      const glide = Math.min(600, Math.max(60, lastSnapshotAt ? (now - lastSnapshotAt) * 0.8 : 300));
      lastSnapshotAt = now;
      markers!.moveTo(snapshot.centroids, glide, now);
      if (labels) cloud?.setLabels(labels);
      stage.requestRender();
      hud.update({
        state: 'running', backend, iteration: snapshot.iteration, inertia: snapshot.inertia, shift: snapshot.shift,
        changed: snapshot.changed, msPerIteration: snapshot.ms, restart: snapshot.restart,
        message: snapshot.fallbackReason ? sentence(snapshot.fallbackReason) : undefined,
      });
      legend.update(Array.from(snapshot.counts, (size, j) => ({ name: `Cluster ${j + 1}`, slot: j, size })));
      await pacer.gate();
    };

    let outcome: FitOutcome;
    try {
      outcome = await engine.host.fit(
        {
          k: run.k, init: run.init, nInit: run.nInit, maxIter: run.maxIter, tol: run.tol, seed: run.initSeed, backend: run.backend, threads: run.threads,
          labelsEachIteration: true, ...(given ? { givenCentroids: given } : {}),
        },
        Comlink.proxy(onSnapshot),
      );
    } catch (error) {
      if (id === runId && !isCancelled(error)) throw error;
      return;
    }
    if (id !== runId) return;
    showOutcome(outcome);
  }

  function showOutcome(outcome: FitOutcome, savedNames?: readonly string[]) {
    const { result } = outcome;
    // Keep each cluster's colour from the animation: canonical cluster c was engine cluster j.
    const slots = new Array<number>(result.k);
    result.canonical.forEach((c, j) => (slots[c] = j));
    cloud?.setColorSlots(slots);
    cloud?.setLabels(outcome.labels);
    stage.requestRender();
    const names = savedNames ? [...savedNames] : segmentNames(data!.featureNames, outcome.centroidsInUnits, data!.mean, data!.scale);
    finished = { outcome, names, slots };
    showLegend();
    parts.onOutcome(outcome, data!, names, slots);
    state = result.stop === 'scored' ? 'scored' : result.converged ? 'converged' : 'stopped';
    const message = result.stop === 'scored'
      ? `Assigned to the model's ${result.k} saved segments (no refitting).`
      : outcome.fallbackReason ? sentence(outcome.fallbackReason) : result.converged ? '' : `Stopped at the iteration limit (${run.maxIter}).`;
    hud.update({
      state, backend: result.backend, cpuEngine: outcome.cpuEngine, k: result.k, iteration: result.iterations, inertia: result.inertia,
      msPerIteration: result.msPerIteration, message,
    });
  }

  function showLegend() {
    if (!finished) return;
    const { outcome, names, slots } = finished;
    legend.update(names.map((name, c) => ({ name, slot: slots[c]!, size: outcome.result.counts[c]! })));
  }

  /** Run a user action; an unexpected error becomes a plain sentence in the HUD. */
  async function guard(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      state = 'error';
      hud.update({ state: 'error', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  return {
    start: () => guard(async () => (await generate()) && fit()),
    regenerate(next: RunParams) {
      run = next;
      parts.onParams(run, view);
      return guard(async () => (await generate()) && fit());
    },
    refit(next: RunParams) {
      run = next;
      parts.onParams(run, view);
      return guard(fit);
    },
    setView(next: ViewParams) {
      const axesChanged = next.axes.join() !== view.axes.join();
      view = next;
      applyView(axesChanged);
      parts.onParams(run, view);
    },
    playPause() {
      if (pacer.isPlaying()) pacer.pause();
      else pacer.play();
      view = { ...view, playing: pacer.isPlaying() };
      parts.onParams(run, view);
    },
    step() {
      pacer.step();
      view = { ...view, playing: false };
      parts.onParams(run, view);
    },
    /** Draw new customers (imported: no outlier treatment yet) and cluster them. */
    useData(next: DatasetSummary) {
      run = { ...run, outliers: 'keep' };
      parts.onParams(run, view);
      return guard(async () => {
        showData(next);
        await fit();
      });
    },
    /** Keep, clip or drop outliers (Explore), then cluster again; the URL remembers the choice. */
    applyOutlierPolicy(policy: OutlierPolicy) {
      return guard(async () => {
        const next = await engine.host.setOutlierPolicy(policy);
        run = { ...run, outliers: policy };
        parts.onParams(run, view);
        showData(next);
        await fit();
      });
    },
    /** Draw customers assigned to a saved model's segments: no iterations, the model's names. */
    showScored(next: DatasetSummary, outcome: FitOutcome, names: readonly string[]) {
      return guard(async () => {
        runId++;
        pacer.release();
        await engine.host.cancel();
        showData(next);
        if (markers) {
          stage.scene.remove(markers.group);
          markers.dispose();
        }
        markers = createCentroidMarkers(outcome.result.k, next.featureNames.length);
        markers.reset(outcome.result.centroids);
        stage.scene.add(markers.group);
        applyView(false);
        showOutcome(outcome, names);
      });
    },
    /** Cluster again starting from these centroids (business units), e.g. a saved model's. */
    refitFrom(centroidsInUnits: Float64Array, k: number): RunParams {
      run = { ...run, k };
      parts.onParams(run, view);
      void guard(() => fit(centroidsInUnits));
      return run;
    },
    /** The segment names in use (edited ones included), canonical order; empty before a run ends. */
    names: (): readonly string[] => finished?.names ?? [],
    outcome: () => finished?.outcome ?? null,
    data: () => data,
    /** Rename a segment (canonical number); the legend follows. */
    renameSegment(cluster: number, name: string) {
      if (!finished) return;
      finished.names[cluster] = name;
      showLegend();
    },
    /** Cluster again with this k (picked on the elbow chart). */
    applyK(k: number): RunParams {
      run = { ...run, k };
      void this.refit(run);
      return run;
    },
    /** Restart the clustering with a new initialisation seed. */
    restart(): RunParams {
      run = { ...run, initSeed: (run.initSeed + 1 + Math.floor(Math.random() * 99_998)) % 99_999 };
      void this.refit(run);
      return run;
    },
    run: () => run,
  };
}

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
