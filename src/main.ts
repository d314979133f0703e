import { createEngineClient, isCancelled } from './app/engine-client.ts';
import { readLinkedFile, readRunParams, writeRunParams } from './page-state/run-params.ts';
import { OPENING_SPEED, readViewParams, writeViewParams } from './page-state/view-params.ts';
import { createWorkbench } from './app/workbench.ts';
import { createPageState, type PageState } from './page-state/state.ts';
import { createSegmentIdentity, type SegmentLooks } from './app/segments/segment-identity.ts';
import { CUSTOMER_FEATURES } from './data/features.ts';
import { createHud } from './view/hud.ts';
import { createLegend } from './view/legend.ts';
import { makeButton } from './view/button.ts';
import { createViewQuery, type ViewQuery } from './app/view-query.ts';
import { bookmarkFromHash } from './page-state/bookmarks.ts';
import { createPanel } from './view/panel.ts';
import { createProgress } from './view/progress.ts';
import { createStage } from './view/scatter/scene.ts';
import { segmentProfiles } from './analysis/profile.ts';
import { createDrawer } from './view/drawer.ts';
import { renderElbowCharts } from './view/elbow-chart.ts';
import { renderKTable } from './view/k-table.ts';
import { renderClusterTree, type ClusterTreeView } from './view/cluster-tree.ts';
import { tableOfKCsv, tableOfKDone, type TableOfKProgress } from './analysis/table-of-k.ts';
import { renderProfileTable } from './view/profile-table.ts';
import { renderExploration } from './view/explore-view.ts';
import { renderSilhouettePlot } from './view/silhouette-plot.ts';
import { renderSegmentStability } from './view/segment-stability.ts';
import { renderRunComparison, type RunLooks } from './view/run-comparison.ts';
import { migrationCsv } from './analysis/run-comparison.ts';
import { downloadBlob } from './view/download.ts';
import { confirmDialog } from './view/confirm-dialog.ts';
import { createOffer } from './view/offer.ts';
import * as Comlink from 'comlink';
import { createDataFlow } from './app/data/data-controller.ts';
import { createDataTab } from './view/data-tab.ts';
import type { DatasetSummary } from './protocol/data.ts';
import type { Exploration, ExplorationBySegment } from './protocol/explore.ts';
import type { FitOutcome } from './protocol/fit.ts';
import type { ClusterSilhouette, SegmentStabilityReport } from './protocol/segments.ts';

// Wiring only: read the run from the URL, build the parts, hand them to the workbench.
const query = new URLSearchParams(location.search);
const linkedFile = readLinkedFile(query);
// A bookmark link carries its view in the fragment; it is applied when the run finishes.
const fromHash = bookmarkFromHash(location.hash);
let linkedBookmark = typeof fromHash === 'object' ? fromHash : null;
if (fromHash !== null) history.replaceState(null, '', `${location.pathname}${location.search}`);
const state = createPageState({ run: readRunParams(query), view: readViewParams(query), source: { kind: 'generated' }, model: null });
const element = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

// The URL shows what is on screen: it follows the one page state.
const syncUrl = ({ run, view, source }: PageState) => {
  const search = writeRunParams(run, source);
  writeViewParams(view, search);
  const text = search.toString();
  history.replaceState(null, '', text ? `?${text}` : location.pathname);
};

const engine = createEngineClient();
const progress = createProgress(element('#progress'));
const hud = createHud(element('#hud'));
const offer = createOffer(element('#offer'));
const drawer = createDrawer(
  element('#drawer'),
  [
    { id: 'data', label: 'Data' },
    { id: 'explore', label: 'Explore' },
    { id: 'choose-k', label: 'Choose k' },
    { id: 'segments', label: 'Segments' },
  ],
  (id) => {
    if (id === 'explore') void explore();
    if (id === 'choose-k') void engine.host.chooseK.prepare();
  },
);

// The last exploration and its split by segment: drawn again when the isolated segments or the run change.
let explored: { data: Exploration; bySegment: ExplorationBySegment | null } | null = null;

function showExploration() {
  if (!explored) return;
  const looks = workbench.looks();
  const segments = explored.bySegment && looks ? { bySegment: explored.bySegment, slots: looks.slots, isolated: state.get().view.only } : null;
  renderExploration(drawer.panel('explore'), explored.data, async (policy) => {
    await workbench.applyOutlierPolicy(policy);
    void explore();
  }, segments, (range) => {
    // A histogram bar's customers in the view (positions are scaled: the bar's range is too).
    const shown = workbench.data();
    if (!range || !shown) return void workbench.highlight(null);
    const d = shown.featureNames.length;
    const lo = (range.lo - shown.mean[range.feature]!) / shown.scale[range.feature]!;
    const hi = (range.hi - shown.mean[range.feature]!) / shown.scale[range.feature]!;
    const mask = new Uint8Array(shown.n);
    for (let i = 0; i < shown.n; i++) {
      const v = shown.positions[i * d + range.feature]!;
      mask[i] = v >= lo && v < hi ? 1 : 0;
    }
    workbench.highlight(mask);
  });
}

/** The Explore charts follow the finished run's segments (and forget them while a run is in progress). */
async function refreshExplorationSegments() {
  if (!explored) return;
  explored = { ...explored, bySegment: await engine.host.explore.bySegment() };
  showExploration();
}

/** Explore: statistics over every customer, computed in the worker with progress and a working Cancel. */
async function explore(): Promise<void> {
  const root = drawer.panel('explore');
  delete root.dataset.ready;
  const task = progress.start('Exploring the customers…', () => void engine.host.cancel('explore'));
  try {
    const data = await engine.host.explore.explore(Comlink.proxy((done: number, total: number) => task.update('Exploring the customers…', done / total)));
    explored = { data, bySegment: await engine.host.explore.bySegment() };
    showExploration();
    root.dataset.ready = 'true';
  } catch (error) {
    root.dataset.ready = 'false';
    root.textContent = isCancelled(error)
      ? 'Exploration cancelled. Open the tab again to explore.'
      : `Could not explore the data: ${error instanceof Error ? error.message : error}`;
  } finally {
    task.end();
  }
}

const segmentsTable = document.createElement('div');
const segmentsSilhouette = document.createElement('div');
segmentsSilhouette.className = 'segments-silhouette';
// Per-segment stability: 10 subsets of a 5 000 sample (about a second on two cores at k = 4).
const SEGMENT_STABILITY_SAMPLE = 5000;
const SEGMENT_STABILITY_RESAMPLES = 10;
const segmentsStability = document.createElement('div');
segmentsStability.className = 'segments-stability';
// Run comparison: pin this run, make another, see how the segments moved.
const segmentsCompare = document.createElement('section');
segmentsCompare.className = 'segments-compare';
const compareHeading = document.createElement('h3');
compareHeading.textContent = 'Compare with a pinned run';
const pinButton = makeButton('Pin this run', 'pin-run', () => pinRun());
const compareStatus = document.createElement('p');
compareStatus.className = 'note compare-status';
compareStatus.textContent = 'Pin a run, then change k, the seed, the features, the outlier policy or apply a model: the segments of both are compared here.';
const compareView = document.createElement('div');
compareView.className = 'compare-view';
segmentsCompare.append(compareHeading, pinButton, compareStatus, compareView);
drawer.panel('segments').append(segmentsTable, segmentsSilhouette, segmentsStability, segmentsCompare);
// The pinned run's names and colours as they were when it was pinned.
let pinnedLooks: RunLooks | null = null;

function pinRun() {
  const looks = workbench.looks();
  if (!looks) return;
  void engine.host.segments.pin().then(({ k, n }) => {
    pinnedLooks = { names: [...looks.names], slots: [...looks.slots] };
    compareView.replaceChildren();
    compareStatus.textContent = `Pinned: the run with k = ${k} on ${n.toLocaleString('en-US')} customers. Make another run to compare.`;
  });
}

/** After a run: compare it with the pinned one, if there is one. */
function showComparison(outcome: FitOutcome): void {
  if (!pinnedLooks) return;
  const pinned = pinnedLooks;
  engine.host.segments.compareWithPinned()
    .then((comparison) => {
      if (!comparison || workbench.outcome() !== outcome) return;
      const current = { names: workbench.names(), slots: workbench.looks()?.slots ?? [] };
      compareStatus.textContent = `This run (k = ${comparison.migration.kB}) against the pinned one (k = ${comparison.migration.kA}):`;
      renderRunComparison(compareView, comparison, pinned, current, () =>
        downloadBlob(new Blob([migrationCsv(comparison, pinned.names, current.names)], { type: 'text/csv' }), 'segment_migration.csv'));
    })
    .catch((error: unknown) => {
      compareView.replaceChildren();
      compareStatus.textContent = `No comparison: ${error instanceof Error ? error.message : error}.`;
    });
}
// The per-segment silhouette and stability of the finished run, kept so a rename redraws them with the new name.
let silhouetteOfRun: ClusterSilhouette | null = null;
let stabilityOfRun: { report: SegmentStabilityReport; outcome: FitOutcome } | null = null;

/** Every view of a finished run reads the same names and colours. */
function showRunViews(outcome: FitOutcome, data: DatasetSummary, looks: SegmentLooks, warnings: readonly string[]) {
  dataFlow.showRun(data, warnings);
  const profiles = segmentProfiles(data.featureNames, outcome.centroidsInUnits, outcome.result.counts, data.mean, data.scale);
  renderProfileTable(segmentsTable, data.featureNames, profiles, looks.names, looks.slots, (cluster, name) => {
    workbench.renameSegment(cluster, name);
    const renamed = workbench.looks()!;
    showRunViews(outcome, data, renamed, workbench.warnings());
  }, (cluster) => viewQuery.isolate(cluster, false));
  if (silhouetteOfRun?.k === outcome.result.k && segmentsSilhouette.dataset.run === String(outcome.result.inertia)) {
    renderSilhouettePlot(segmentsSilhouette, silhouetteOfRun, looks.names, looks.slots);
  }
  if (stabilityOfRun?.outcome === outcome) renderSegmentStability(segmentsStability, stabilityOfRun.report, looks.names, looks.slots);
}

const stage = createStage(element<HTMLCanvasElement>('#scatter'), element('#app'));
// The scene is framed for what the panel and the drawer leave visible, and follows them as they open and close.
const panelElement = element('#panel');
const drawerElement = element('#drawer');
const followInsets = () => {
  const right = panelElement.querySelector('.lil-root.lil-closed') ? 0 : panelElement.offsetWidth;
  // The drawer spans the window when the panel is folded (its title bar sits above the drawer).
  document.documentElement.style.setProperty('--panel-width', `${right}px`);
  // The HUD, the legend and the query tools stop above the drawer (the legend scrolls) instead of hiding under it.
  document.documentElement.style.setProperty('--drawer-height', `${drawerElement.offsetHeight}px`);
  // The HUD's column: its width only (panels that come and go below the HUD would shift the view
  // under a lasso being drawn), and only where the window leaves the scene enough room beside it.
  const beside = hudElement.offsetWidth + 24;
  const left = window.innerWidth - right - beside >= 480 ? beside : 0;
  stage.setInsets({ left, right, bottom: drawerElement.offsetHeight });
};
const hudElement = element('#hud');
const insetObserver = new ResizeObserver(followInsets);
insetObserver.observe(panelElement);
insetObserver.observe(drawerElement);
insetObserver.observe(hudElement);

const workbench = createWorkbench({
  engine,
  stage,
  hud,
  legend: createLegend(element('#legend'), (cluster, add) => viewQuery.isolate(cluster, add)),
  progress,
  state,
  identity: createSegmentIdentity(),
  onPlaying: (playing) => panel.setPlaying(playing),
  onData: (data, nextView) => panel.setFeatures(data.featureNames, nextView),
  onHighlightEnded: () => treeView?.clearSelection(),
  onCustomers: () => viewQuery.onData(),
  // Slow only when the link chose neither a speed nor a paused start.
  openingSpeed: state.get().view.intro && !query.has('speed') && !query.has('play') ? OPENING_SPEED : undefined,
  onRunCleared: () => {
    silhouetteOfRun = null;
    stabilityOfRun = null;
    segmentsSilhouette.replaceChildren();
    segmentsStability.replaceChildren();
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = 'The segments of the run in progress appear here when it ends.';
    segmentsTable.replaceChildren(note);
    const data = workbench.data();
    if (data) dataFlow.showRun(data, []);
  },
  onOutcome: (outcome, data, looks, warnings) => {
    viewQuery.onOutcome();
    // A bookmark link is put back once, when its run has finished.
    if (linkedBookmark) {
      const bookmark = linkedBookmark;
      linkedBookmark = null;
      viewQuery.restoreView(bookmark);
    }
    void refreshExplorationSegments();
    segmentsSilhouette.replaceChildren();
    segmentsSilhouette.dataset.run = String(outcome.result.inertia);
    silhouetteOfRun = null;
    stabilityOfRun = null;
    const measuring = document.createElement('p');
    measuring.className = 'note';
    measuring.textContent = 'Measuring how stable each segment is under resampling…';
    segmentsStability.replaceChildren(measuring);
    showRunViews(outcome, data, looks, warnings);
    showComparison(outcome);
    const run = workbench.run();
    engine.host
      .segments.silhouette(2000, run.initSeed, run.backend)
      .then((s) => {
        if (workbench.outcome() !== outcome) return; // a newer run replaced this one
        silhouetteOfRun = s;
        renderSilhouettePlot(segmentsSilhouette, s, workbench.names(), workbench.looks()?.slots ?? looks.slots);
      })
      .then(() => engine.host.segments.stability(SEGMENT_STABILITY_SAMPLE, SEGMENT_STABILITY_RESAMPLES, run.initSeed))
      .then((report) => {
        if (workbench.outcome() !== outcome) return;
        stabilityOfRun = { report, outcome };
        renderSegmentStability(segmentsStability, report, workbench.names(), workbench.looks()?.slots ?? looks.slots);
      })
      .catch(() => undefined); // a newer run replaced this one
  },
  confirmDiscard: (file) => confirmDialog(
    'Replace the imported customers?',
    `Generating synthetic customers replaces ${file} and its segmentation on screen. Export what you need first, or cancel to keep it.`,
    'Generate and replace',
  ),
});

// Questions to the 3D view: hover and pin a customer, search by id, lasso, isolate segments.
const viewQuery: ViewQuery = createViewQuery({
  stage, workbench, engine, state, progress,
  elements: {
    toolbar: element('#query'), card: element('#hover-card'), selection: element('#selection'), placement: element('#placement'), bookmarks: element('#bookmarks'),
    surface: stage.controls.domElement as HTMLElement, canvas: element<HTMLCanvasElement>('#scatter'),
  },
});

const panel = createPanel(element('#panel'), state.get(), CUSTOMER_FEATURES, {
  regenerate: (next) => void workbench.regenerate(next),
  refit: (next) => void workbench.refit(next),
  view: (next) => workbench.setView(next),
  playPause: () => workbench.playPause(),
  step: () => workbench.step(),
  halfStep: () => workbench.halfStep(),
  restart: () => void workbench.restart(),
  minShare: (share) => workbench.setMinShare(share),
});
if (typeof fromHash === 'string') viewQuery.tell(`This link's saved view was not applied: ${fromHash}.`);

// Narrow windows fold the panel to its title bar (a menu that opens it again), so the drawer and
// the scene get the width: at load, and whenever the window becomes that narrow.
const FOLD_BELOW = 1100;
let wasNarrow = window.innerWidth < FOLD_BELOW;
if (wasNarrow) panel.fold(true);
window.addEventListener('resize', () => {
  const narrow = window.innerWidth < FOLD_BELOW;
  if (narrow && !wasNarrow) panel.fold(true);
  wasNarrow = narrow;
});
state.subscribe((next, previous) => {
  if (next.view.only.join() !== previous.view.only.join()) showExploration();
  panel.show(next);
  syncUrl(next);
});
syncUrl(state.get());

const dataFlow = createDataFlow({
  engine,
  workbench,
  state,
  offer,
  tab: createDataTab(drawer.panel('data')),
  progress,
  canvas: element<HTMLCanvasElement>('#scatter'),
  legend: element('#legend'),
});

window.addEventListener('keydown', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  if (document.querySelector('dialog[open]')) return;
  if (event.key === ' ') {
    event.preventDefault();
    workbench.playPause();
  } else if (event.key === 'ArrowRight') {
    if (event.shiftKey) workbench.halfStep();
    else workbench.step();
  } else if (event.key === 'r' || event.key === 'R') {
    void workbench.restart();
  } else if (event.key === 'Escape') {
    // The newest question in the view ends first (lasso, selection, pinned card), then the drawer.
    if (!viewQuery.escape()) drawer.show(null);
  }
});

// Choose k: a sweep over k = 1..K on the active backend, in the worker, with progress and cancel.
const chooseK = drawer.panel('choose-k');
chooseK.innerHTML = `
  <div class="sweep-controls">
    <label>largest k <input type="number" name="kmax" min="2" max="32" value="10" /></label>
    <label>silhouette sample <input type="number" name="sample" min="100" max="20000" step="100" value="2000" /></label>
    <button type="button" name="sweep">Run the sweep</button>
    <span class="sweep-status" role="status"></span>
  </div>
  <p class="sweep-note">Full KMeans (3 restarts) for each k. Silhouette: exact when the customers fit in the sample,
  otherwise on a seeded random sample (scikit-learn's sample_size); the centre-based silhouette uses every customer.
  Then the gap statistic and stability on a seeded sample, and the table of k with one recommendation.
  Click a k on either chart, or a row of the table, to cluster with it.</p>
  <div class="sweep-charts"></div>
  <div class="k-table-view"></div>
  <div class="cluster-tree-view"></div>`;
const input = (name: string) => chooseK.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const status = chooseK.querySelector<HTMLElement>('.sweep-status')!;
const charts = chooseK.querySelector<HTMLElement>('.sweep-charts')!;
const kTableView = chooseK.querySelector<HTMLElement>('.k-table-view')!;
const clusterTreeRoot = chooseK.querySelector<HTMLElement>('.cluster-tree-view')!;
// The clustering tree of the last sweep; its selected node's customers are highlighted in 3D.
let treeView: ClusterTreeView | null = null;
/** The page's gap and stability: 10 resamples of a 5 000 sample keep them to seconds (the CLI takes 20 000). */
const RESAMPLING_SAMPLE = 5_000;
const STABILITY_RESAMPLES = 10;
chooseK.querySelector('button[name="sweep"]')!.addEventListener('click', async () => {
  const kMax = Math.min(32, Math.max(2, Math.round(Number(input('kmax').value) || 10)));
  const sampleSize = Math.min(20000, Math.max(100, Math.round(Number(input('sample').value) || 2000)));
  const started = performance.now();
  status.textContent = '';
  const task = progress.start(`Sweeping k = 1 to ${kMax}…`, () => void engine.host.cancel('sweep'));
  try {
    const table = await engine.host.chooseK.sweep(
      {
        kMax, sampleSize, seed: workbench.run().initSeed, backend: workbench.run().backend, threads: workbench.run().threads,
        resamplingSample: RESAMPLING_SAMPLE, stabilityResamples: STABILITY_RESAMPLES,
      },
      Comlink.proxy((done: TableOfKProgress) =>
        task.update(`Sweeping k = 1 to ${kMax}: ${done.swept} of ${done.kMax} k done; gap and stability ${done.resampled} of ${done.resamplingFits} fits`, tableOfKDone(done))),
    );
    const { sweep } = table;
    charts.dataset.elbow = String(sweep.elbowK ?? '');
    renderElbowCharts(charts, sweep, (k) => void workbench.applyK(k));
    renderKTable(kTableView, table, (k) => void workbench.applyK(k), () => downloadBlob(new Blob([tableOfKCsv(table)], { type: 'text/csv' }), 'table_of_k.csv'));
    // A new sweep's tree starts with nothing highlighted.
    workbench.highlight(null);
    treeView = renderClusterTree(clusterTreeRoot, table.tree, async (node) =>
      node ? workbench.highlight(await engine.host.chooseK.clusterMask(node.k, node.cluster)) : workbench.highlight(null));
    status.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s (the sweep of k = 1 to ${kMax}: ${(table.sweepMs / 1000).toFixed(1)} s, ` +
      `the gap and stability beside it); elbow at k = ${sweep.elbowK ?? 'none'}; ` +
      `silhouette distances on the ${sweep.silhouetteBackend === 'webgpu' ? 'GPU' : 'CPU'}`;
  } catch (error) {
    status.textContent = isCancelled(error) ? 'Sweep cancelled.' : `Sweep failed: ${error instanceof Error ? error.message : error}`;
  } finally {
    task.end();
  }
});

void workbench.start();
if (linkedFile) {
  const outliers = state.get().run.outliers;
  const treatment = outliers === 'keep' ? '' : ` and ${outliers === 'clip' ? 'clip' : 'drop'} its outliers in Explore, as the link did`;
  offer.show(
    `This link was made on the file ${linkedFile}, which a link cannot carry: these are synthetic customers. Import ${linkedFile}${treatment} to reproduce that run.`,
    `Import ${linkedFile}…`,
    () => dataFlow.chooseFile(),
  );
}
