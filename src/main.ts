import { createChooseKController } from './app/choose-k/choose-k-controller.ts';
import { createDensityController } from './app/choose-k/density-controller.ts';
import { createDataController, fetchServed } from './app/data/data-controller.ts';
import { createWorkspaces } from './app/workspace/workspace-controller.ts';
import { createWorkspaceStore } from './app/workspace/workspace-store.ts';
import { createEngineClient } from './app/engine-client.ts';
import { createExploreController } from './app/explore/explore-controller.ts';
import { createWorkbench } from './app/fit/workbench.ts';
import { listenToKeys } from './app/keyboard.ts';
import { createHistoryController } from './app/history/history-controller.ts';
import { keepLinkInStep, readPageLink } from './app/page-link.ts';
import { followPageLayout } from './app/page-layout.ts';
import { createViewQuery } from './app/query/query-controller.ts';
import { createSegmentIdentity } from './app/segments/segment-identity.ts';
import { createSegmentsController } from './app/segments/segments-controller.ts';
import { CUSTOMER_FEATURES } from './data/features.ts';
import { SAMPLE_DATASETS } from './data/sample-datasets.ts';
import { createPageState } from './page-state/state.ts';
import type { Bookmark } from './page-state/bookmarks.ts';
import { OPENING_SPEED } from './page-state/view-params.ts';
import { createChooseKTab } from './view/choose-k-tab.ts';
import { confirmDialog } from './view/confirm-dialog.ts';
import { createDataTab } from './view/data-tab.ts';
import { createDrawer } from './view/drawer.ts';
import { createWorkspacesSection } from './view/workspaces-section.ts';
import { fillSamplesSection } from './view/samples-section.ts';
import { createHud } from './view/hud.ts';
import { createLegend } from './view/legend.ts';
import { createOffer } from './view/offer.ts';
import { createPanel } from './view/panel.ts';
import { createProgress } from './view/progress.ts';
import { createRunScene } from './view/scatter/run-scene.ts';
import { createStage } from './view/scatter/scene.ts';

// Composition only: read the link, build the views, hand them to one controller per capability.
// Opened without a link (no query, no bookmark): the last workspace is offered back.
const openedPlain = location.search === '' && location.hash === '';
const link = readPageLink();
const state = createPageState({ run: link.run, view: link.view, source: { kind: 'generated' }, model: null });
const element = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const engine = createEngineClient();
const progress = createProgress(element('#progress'));
const offer = createOffer(element('#offer'));
const canvas = element<HTMLCanvasElement>('#scatter');
const stage = createStage(canvas, element('#app'));
const drawer = createDrawer(element('#drawer'), [
  { id: 'data', label: 'Data' }, { id: 'explore', label: 'Explore' }, { id: 'choose-k', label: 'Choose k' }, { id: 'segments', label: 'Segments' },
], (id) => {
  if (id === 'explore') void explore.explore();
  if (id === 'choose-k') {
    chooseK.opened();
    chooseDensity.opened();
  }
});
// A view to put back once its run has finished: a link's bookmark, or a workspace's view (`here`: on whatever run it restored).
let bookmark: { view: Bookmark; here: boolean } | null = link.bookmark ? { view: link.bookmark, here: false } : null;

const scene = createRunScene(stage);
const identity = createSegmentIdentity();
const workbench = createWorkbench({
  engine, stage, progress, state, scene,
  hud: createHud(element('#hud')),
  legend: createLegend(element('#legend'), (cluster, add) => viewQuery.isolate(cluster, add)),
  identity,
  onPlaying: (playing) => panel.setPlaying(playing),
  onData: (data, nextView) => panel.setFeatures(data.featureNames, nextView),
  onHighlightEnded: () => {
    chooseK.clearSelection();
    chooseDensity.clearSelection();
  },
  onCustomers: () => viewQuery.onData(),
  // Slow only when the link chose neither a speed nor a paused start.
  openingSpeed: state.get().view.intro && !link.setsPace ? OPENING_SPEED : undefined,
  onRunCleared: () => {
    segments.onRunCleared();
    const data = workbench.data();
    if (data) dataFlow.showRun(data, []);
  },
  onOutcome: (outcome, data, looks, warnings) => {
    viewQuery.onOutcome();
    // A bookmark link is put back once, when its run has finished.
    if (bookmark) viewQuery.restoreView(bookmark.view, bookmark.here);
    bookmark = null;
    void explore.onRunChanged();
    segments.onOutcome(outcome, data, looks, warnings, workbench.run());
    chooseDensity.showRun(outcome, looks);
  },
  onRenamed: (cluster, before, name) => analysisHistory.onRenamed(cluster, before, name),
  confirmDiscard: (file) => confirmDialog(
    'Replace the imported customers?',
    `Generating synthetic customers replaces ${file} and its segmentation on screen. Export what you need first, or cancel to keep it.`,
    'Generate and replace',
  ),
});

const viewQuery = createViewQuery({
  stage, workbench, engine, state, progress, view: scene,
  elements: {
    toolbar: element('#query'), card: element('#hover-card'), selection: element('#selection'), placement: element('#placement'), bookmarks: element('#bookmarks'),
    surface: stage.controls.domElement as HTMLElement, canvas,
  },
});
const analysisHistory = createHistoryController({
  state, root: element('#history'), names: () => workbench.names(), refit: (run) => workbench.refit(run),
  isolateOnly: (only) => viewQuery.isolateOnly(only), rename: (cluster, name) => workbench.renameSegment(cluster, name),
});
element('#query').insertBefore(analysisHistory.button, element('#query button[name="fit-view"]'));
const explore = createExploreController({ engine, workbench, state, progress, root: drawer.panel('explore') });
const chooseKTab = createChooseKTab(drawer.panel('choose-k'));
const chooseK = createChooseKController({ engine, workbench, progress, tab: chooseKTab });
const chooseDensity = createDensityController({ engine, workbench, tab: chooseKTab });
const segments = createSegmentsController({
  engine, workbench, root: drawer.panel('segments'),
  isolate: (cluster) => viewQuery.isolate(cluster, false),
  selectCustomers: (mask, count) => viewQuery.selectCustomers(mask, count),
  paleBelow: () => state.get().view.paleBelow,
  onShown: (data, warnings) => dataFlow.showRun(data, warnings),
});
const dataTab = createDataTab(drawer.panel('data'));
const dataFlow = createDataController({
  engine, workbench, state, offer, progress, tab: dataTab, canvas, legend: element('#legend'),
  onImported: (file, columns, badRows, rows) => workspaces.onImported(file, columns, badRows, rows),
  onWorkspaceFile: (file) => void workspaces.openFile(file),
});
fillSamplesSection(dataTab.samples, SAMPLE_DATASETS, (id) => void dataFlow.openSample(id));
const workspaces = createWorkspaces({
  store: createWorkspaceStore(), state, offer,
  section: createWorkspacesSection(dataTab.workspaces, {
    save: (name) => void workspaces.saveAs(name), open: (id) => workspaces.open(id), remove: (id) => void workspaces.remove(id),
    download: () => void workspaces.download(), openFile: (file) => void workspaces.openFile(file),
  }),
  captureView: () => viewQuery.captureView(),
  restoreAfterRun: (view) => (bookmark = view ? { view, here: true } : null),
  importSaved: (file, columns, badRows, fitted) => dataFlow.importSaved(file, columns, badRows, fitted),
  fittedRun: () => dataFlow.fittedRun(),
  loadedModel: () => dataFlow.loadedModel(),
  loadModel: (file, text) => dataFlow.loadModel(file, text),
  describeRun: () => {
    const data = workbench.data();
    // A run started from a model or placed centroids, or scored by a model: fit cannot repeat it from settings.
    if (!data || !workbench.outcome() || state.get().model) return null;
    const { algorithm, covariance, k, init, nInit, maxIter, tol, initSeed, eps, minSamples, minClusterSize, clusterSelection, clusterSelectionEpsilon, outliers } = state.get().run;
    return {
      algorithm, covariance, features: [...data.featureNames], outliers, k, init, nInit, maxIter, tol, seed: initSeed,
      eps, minSamples, minClusterSize, clusterSelection, clusterSelectionEpsilon, segmentNames: [...workbench.names()],
    };
  },
  segmentMemory: () => identity.memory(),
  rememberSegments: (memory) => identity.remember(memory),
  pins: () => segments.pins(),
  pinnedRun: () => segments.pinnedRun(),
  restorePinned: (run) => segments.restorePinned(run),
  generateAgain: () => workbench.start(),
  say: (text, tone) => dataTab.setStatus(text, tone),
  notify: (text) => offer.show(text),
});
engine.onRestart(() => void workspaces.recover());

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
state.subscribe((next) => panel.show(next));
keepLinkInStep(state);
followPageLayout({ stage, panel: element('#panel'), drawer: element('#drawer'), leftColumn: element('.left-stack'), fold: panel.fold });
listenToKeys({
  playPause: () => workbench.playPause(), step: () => workbench.step(), halfStep: () => workbench.halfStep(), restart: () => void workbench.restart(),
  fitView: scene.fitView,
  // The newest question in the view ends first (lasso, selection, pinned card), then the drawer.
  escape: () => viewQuery.escape() || drawer.show(null),
  undo: () => void analysisHistory.undo(),
});
if (link.bookmarkProblem) viewQuery.tell(`This link's saved view was not applied: ${link.bookmarkProblem}.`);

void workbench.start();
// kmeans open: a workspace file is put back whole; customers or a shipped dataset (and a model) are imported.
const servedData = link.served?.data ?? null;
if (servedData && /\.zip$/i.test(servedData)) void fetchServed('/served/data', servedData).then((file) => workspaces.openFile(file));
else if (link.served || link.sample) void dataFlow.openServed({ data: servedData, model: link.served?.model ?? null, sample: link.sample });
else if (openedPlain) void workspaces.offerLast();
else if (link.linkedFile) dataFlow.offerLinkedFile(link.linkedFile, state.get().run.outliers);
