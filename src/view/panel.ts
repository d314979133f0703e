import GUI from 'lil-gui';
import { LIMITS } from '../protocol/limits.ts';
import type { RunParams } from '../page-state/run-params.ts';
import type { PageState } from '../page-state/state.ts';
import { SPEEDS, type ViewParams } from '../page-state/view-params.ts';

export interface PanelHandlers {
  /** Data changed: generate again, then cluster. */
  readonly regenerate: (run: RunParams) => void;
  /** Clustering changed: cluster the same customers again. */
  readonly refit: (run: RunParams) => void;
  readonly view: (view: ViewParams) => void;
  readonly playPause: () => void;
  readonly step: () => void;
  readonly halfStep: () => void;
  readonly restart: () => void;
  /** The smallest segment share before a run is flagged (no refit needed). */
  readonly minShare: (share: number) => void;
}

/** The generator's sizes, up to the page's largest. */
const SIZES: Record<string, number> = Object.fromEntries(Object.entries({
  '1 k': 1_000, '10 k': 10_000, '100 k': 100_000, '200 k': 200_000, '500 k': 500_000,
  '1 M': 1_000_000, '2 M': 2_000_000, '5 M': 5_000_000, '10 M': 10_000_000,
}).filter(([, n]) => n >= LIMITS.customers.min && n <= LIMITS.customers.max));
const SPEED_LABELS: Record<string, number> = Object.fromEntries(
  SPEEDS.map((s) => [Number.isFinite(s) ? `${s} / s` : 'as fast as possible', s]),
);

/** CPU threads the page offers: automatic, then 1 up to the largest. */
const THREADS: Record<string, number> = {
  auto: 0, ...Object.fromEntries(Array.from({ length: LIMITS.threads.max }, (_, i) => [String(i + 1), i + 1])),
};

const MIN_SHARES: Record<string, number> = { off: 0, '0.5 %': 0.005, '1 %': 0.01, '2 %': 0.02, '5 %': 0.05 };

/** What the Data folder says the customers are. */
const describeSource = (state: PageState) =>
  state.source.kind === 'file' ? `${state.source.name} · ${state.source.rows.toLocaleString('en-US')} rows` : 'synthetic (generated)';

/**
 * The lil-gui panel. It shows the page's one state (`show` is called on every change) and sends
 * proposals to the handlers; slow work runs on onFinishChange, view settings apply at once.
 */
export function createPanel(container: HTMLElement, initial: PageState, featureNames: readonly string[], on: PanelHandlers) {
  const gui = new GUI({ container, title: 'Workbench' });
  const { run, view } = initial;
  const r = { ...run, backend: run.backend as string, init: run.init as string, source: describeSource(initial) };
  const v = { ...view, x: view.axes[0], y: view.axes[1], z: view.axes[2], playLabel: '' };
  const runNow = (): RunParams => {
    const { source: _source, ...params } = r;
    return { ...params, backend: r.backend as RunParams['backend'], init: r.init as RunParams['init'] };
  };
  const viewNow = (): ViewParams => ({ ...v, axes: [v.x, v.y, v.z] });

  const data = gui.addFolder('Data');
  const source = data.add(r, 'source').name('customers from').disable();
  const generator = [
    data.add(r, 'n', SIZES).name('customers').onFinishChange(() => on.regenerate(runNow())),
    data.add(r, 'seed', LIMITS.pickedSeed.min, LIMITS.pickedSeed.max, 1).name('data seed').onFinishChange(() => on.regenerate(runNow())),
    data.add(r, 'shape', { 'round segments': 'round', 'bands, ring and noise': 'shaped' }).name('customer shapes').onFinishChange(() => on.regenerate(runNow())),
  ];
  // Separation spreads the round segments; the shaped customers have shapes of their own.
  const separation = data.add(r, 'separation', LIMITS.separation.min, LIMITS.separation.max, 0.05).name('segment separation').onFinishChange(() => on.regenerate(runNow()));
  const regenerate = data.add({ regenerate: () => on.regenerate(runNow()) }, 'regenerate').name('generate again');
  const showSource = (state: PageState) => {
    r.source = describeSource(state);
    source.updateDisplay();
    // A long file name is cut off in the narrow field: the tooltip carries all of it.
    source.domElement.title = r.source;
    // An imported file has no customer count, data seed or separation to show: those would claim generated customers.
    const fromFile = state.source.kind === 'file';
    generator.forEach((c) => c.show(!fromFile));
    separation.show(!fromFile && state.run.shape === 'round');
    regenerate.name(fromFile ? 'generate synthetic customers instead' : 'generate again');
  };
  showSource(initial);

  const clustering = gui.addFolder('Clustering');
  const refit = () => on.refit(runNow());
  clustering.add(r, 'algorithm', { KMeans: 'kmeans', DBSCAN: 'dbscan', HDBSCAN: 'hdbscan', 'Gaussian mixture': 'gmm' }).onFinishChange(() => {
    showAlgorithm();
    refit();
  });
  // k, restarts and the seed serve KMeans and a mixture (whose EM starts from KMeans, with scikit-learn's tol 1e-3 and 100 iterations).
  const sharedControls = [
    clustering.add(r, 'k', LIMITS.k.min, LIMITS.k.max, 1).onFinishChange(refit),
    clustering.add(r, 'nInit', LIMITS.nInit.min, LIMITS.nInit.max, 1).name('n_init').onFinishChange(refit),
    clustering.add(r, 'initSeed', LIMITS.pickedSeed.min, LIMITS.pickedSeed.max, 1).name('init seed').onFinishChange(refit),
  ];
  const kmeansControls = [
    clustering.add(r, 'init', ['k-means++', 'random']).onFinishChange(refit),
    clustering.add(r, 'maxIter', LIMITS.maxIter.min, LIMITS.maxIter.max, 1).name('max iterations').onFinishChange(refit),
    clustering.add(r, 'tol', { '1e-2': 1e-2, '1e-3': 1e-3, '1e-4': 1e-4, '1e-5': 1e-5, '1e-6': 1e-6, '0 (until labels repeat)': 0 }).onFinishChange(refit),
  ];
  const mixtureControls = [
    clustering.add(r, 'covariance', { 'full (any ellipsoid)': 'full', 'diag (axis-aligned)': 'diag', 'spherical (round)': 'spherical' }).name('covariance').onFinishChange(refit),
  ];
  const dbscanControls = [clustering.add(r, 'eps', LIMITS.eps.min, LIMITS.eps.max, 0.005).name('eps (std. dev.)').onFinishChange(refit)];
  const hdbscanControls = [
    clustering.add(r, 'minClusterSize', LIMITS.minClusterSize.min, 2_000, 1).name('min_cluster_size').onFinishChange(refit),
    clustering.add(r, 'clusterSelection', { 'excess of mass': 'eom', leaf: 'leaf' }).name('cluster selection').onFinishChange(refit),
    clustering.add(r, 'clusterSelectionEpsilon', LIMITS.clusterSelectionEpsilon.min, LIMITS.clusterSelectionEpsilon.max, 0.005).name('cluster_selection_epsilon').onFinishChange(refit),
  ];
  const minSamples = clustering.add(r, 'minSamples', LIMITS.minSamples.min, 100, 1).name('min_samples').onFinishChange(refit);
  // The View folder's certainty threshold, made below: a mixture's only.
  let paleBelow: { show(visible: boolean): unknown } | null = null;
  // Each algorithm shows its own parameters only.
  const showAlgorithm = () => {
    sharedControls.forEach((c) => c.show(r.algorithm === 'kmeans' || r.algorithm === 'gmm'));
    kmeansControls.forEach((c) => c.show(r.algorithm === 'kmeans'));
    mixtureControls.forEach((c) => c.show(r.algorithm === 'gmm'));
    dbscanControls.forEach((c) => c.show(r.algorithm === 'dbscan'));
    hdbscanControls.forEach((c) => c.show(r.algorithm === 'hdbscan'));
    minSamples.show(r.algorithm === 'dbscan' || r.algorithm === 'hdbscan');
    paleBelow?.show(r.algorithm === 'gmm');
  };
  showAlgorithm();
  clustering.add(r, 'backend', { auto: 'auto', WebGPU: 'webgpu', CPU: 'cpu' }).onFinishChange(refit);
  clustering.add(r, 'threads', THREADS).name('CPU threads').onFinishChange(refit);
  clustering.add(r, 'minShare', MIN_SHARES).name('warn: segment under').onFinishChange(() => on.minShare(r.minShare));

  const animation = gui.addFolder('Animation');
  const playButton = animation.add({ toggle: () => on.playPause() }, 'toggle').name('pause  (space)');
  animation.add({ step: () => on.step() }, 'step').name('step one iteration  (→)');
  animation.add({ halfStep: () => on.halfStep() }, 'halfStep').name('step half an iteration  (⇧→)');
  animation.add({ restart: () => on.restart() }, 'restart').name('restart, new seed  (R)');
  animation.add(v, 'speed', SPEED_LABELS).name('iterations per second').onChange(() => on.view(viewNow()));

  const viewFolder = gui.addFolder('View');
  const axisOptionsOf = (names: readonly string[]): Record<string, number> => ({
    ...Object.fromEntries(names.map((name, i) => [name, i])),
    ...(names.length < 3 ? { '(none)': -1 } : {}),
  });
  const axisOptions = axisOptionsOf(featureNames);
  viewFolder.add(v, 'pointSize', 0.5, 12, 0.5).name('point size').onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'opacity', 0.05, 1, 0.05).onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'density', { 'auto (from 1 M)': 'auto', on: 'on', off: 'off' }).name('density view').onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'centroids').onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'trails').onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'autoRotate').name('auto-rotate').onChange(() => on.view(viewNow()));
  viewFolder.add(v, 'intro').name('slow opening run').onChange(() => on.view(viewNow()));
  // Only a mixture is unsure of its customers.
  paleBelow = viewFolder.add(v, 'paleBelow', 0, 1, 0.05).name('mixture: pale under').onChange(() => on.view(viewNow()));
  paleBelow.show(r.algorithm === 'gmm');
  const axisController = (key: 'x' | 'y' | 'z', options: Record<string, number>) =>
    viewFolder.add(v, key, options).name(`${key} axis`).onChange(() => on.view(viewNow()));
  let axisControllers = (['x', 'y', 'z'] as const).map((key) => axisController(key, axisOptions));

  return {
    /** Fold the panel to its title bar (a menu the analyst opens), or unfold it. */
    fold(folded: boolean) {
      if (folded) gui.close();
      else gui.open();
    },
    setPlaying(playing: boolean) {
      playButton.name(playing ? 'pause  (space)' : 'play  (space)');
      v.playing = playing;
    },
    /** Show the page's state: after every change, and after a cancelled proposal (the old values again). */
    show(state: PageState) {
      Object.assign(r, state.run);
      const { axes, ...shown } = state.view;
      Object.assign(v, shown, { x: axes[0], y: axes[1], z: axes[2] });
      showSource(state);
      showAlgorithm();
      gui.controllersRecursive().forEach((c) => c.updateDisplay());
    },
    /** New customers with other features (an imported file): offer them on the axes. */
    setFeatures(names: readonly string[], next: ViewParams) {
      [v.x, v.y, v.z] = next.axes;
      axisControllers.forEach((c) => c.destroy());
      axisControllers = (['x', 'y', 'z'] as const).map((key) => axisController(key, axisOptionsOf(names)));
    },
    destroy: () => gui.destroy(),
  };
}

