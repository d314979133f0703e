import { createEngineClient, isCancelled } from './app/engine-client.ts';
import { readRunParams, writeRunParams, type RunParams } from './app/run-params.ts';
import { readViewParams, writeViewParams, type ViewParams } from './app/view-params.ts';
import { createWorkbench } from './app/workbench.ts';
import { CUSTOMER_FEATURES } from './data/features.ts';
import { createHud } from './view/hud.ts';
import { createLegend } from './view/legend.ts';
import { createPanel } from './view/panel.ts';
import { createProgress } from './view/progress.ts';
import { createStage } from './view/scatter/scene.ts';
import { segmentProfiles } from './analysis/profile.ts';
import { createDrawer } from './view/drawer.ts';
import { renderElbowCharts } from './view/elbow-chart.ts';
import { renderProfileTable } from './view/profile-table.ts';
import { renderExploration } from './view/explore-view.ts';
import { renderSilhouettePlot } from './view/silhouette-plot.ts';
import * as Comlink from 'comlink';
import { createDataFlow } from './app/data-flow.ts';
import { createDataTab } from './view/data-tab.ts';

// Wiring only: read the run from the URL, build the parts, hand them to the workbench.
const query = new URLSearchParams(location.search);
const run = readRunParams(query);
const view = readViewParams(query);
const element = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

const syncUrl = (nextRun: RunParams, nextView: ViewParams) => {
  const search = writeRunParams(nextRun);
  writeViewParams(nextView, search);
  const text = search.toString();
  history.replaceState(null, '', text ? `?${text}` : location.pathname);
};

const engine = createEngineClient();
const progress = createProgress(element('#progress'));
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
  },
);

/** Explore: statistics over every customer, computed in the worker with progress. */
async function explore(): Promise<void> {
  const root = drawer.panel('explore');
  const cancel = () => void engine.host.cancel();
  progress.show('Exploring the customers…', 0, cancel);
  try {
    const data = await engine.host.explore(Comlink.proxy((done: number, total: number) => progress.show('Exploring the customers…', done / total, cancel)));
    renderExploration(root, data, async (policy) => {
      await workbench.applyOutlierPolicy(policy);
      void explore();
    });
    root.dataset.ready = 'true';
  } catch (error) {
    root.textContent = `Could not explore the data: ${error instanceof Error ? error.message : error}`;
  } finally {
    progress.hide();
  }
}

const segmentsTable = document.createElement('div');
const segmentsSilhouette = document.createElement('div');
segmentsSilhouette.className = 'segments-silhouette';
drawer.panel('segments').append(segmentsTable, segmentsSilhouette);

const workbench = createWorkbench(
  {
    engine,
    stage: createStage(element<HTMLCanvasElement>('#scatter'), element('#app')),
    hud: createHud(element('#hud')),
    legend: createLegend(element('#legend')),
    progress,
    onParams: syncUrl,
    onPlaying: (playing) => panel.setPlaying(playing),
    onData: (data, nextView) => panel.setFeatures(data.featureNames, nextView),
    onOutcome: (outcome, data, names, slots) => {
      dataFlow.showRun(workbench.run(), data);
      const profiles = segmentProfiles(data.featureNames, outcome.centroidsInUnits, outcome.result.counts, data.mean, data.scale);
      renderProfileTable(segmentsTable, data.featureNames, profiles, names, slots, (cluster, name) => {
        workbench.renameSegment(cluster, name);
        dataFlow.showRun(workbench.run(), data);
      });
      segmentsSilhouette.replaceChildren();
      engine.host
        .clusterSilhouette(2000, workbench.run().initSeed, workbench.run().backend)
        .then((s) => renderSilhouettePlot(segmentsSilhouette, s, names, slots))
        .catch(() => undefined); // a newer run replaced this one
    },
  },
  run,
  view,
);

const panel = createPanel(element('#panel'), run, view, CUSTOMER_FEATURES, {
  regenerate: (next) => void workbench.regenerate(next),
  refit: (next) => void workbench.refit(next),
  view: (next) => workbench.setView(next),
  playPause: () => workbench.playPause(),
  step: () => workbench.step(),
  restart: () => panel.setRun(workbench.restart()),
});

const dataFlow = createDataFlow({
  engine,
  workbench,
  tab: createDataTab(drawer.panel('data')),
  progress,
  canvas: element<HTMLCanvasElement>('#scatter'),
  legend: element('#legend'),
  onRun: (next) => panel.setRun(next),
});

window.addEventListener('keydown', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  if (document.querySelector('dialog[open]')) return;
  if (event.key === ' ') {
    event.preventDefault();
    workbench.playPause();
  } else if (event.key === 'ArrowRight') {
    workbench.step();
  } else if (event.key === 'r' || event.key === 'R') {
    panel.setRun(workbench.restart());
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
  Click a k on either chart to cluster with it.</p>
  <div class="sweep-charts"></div>`;
const input = (name: string) => chooseK.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const status = chooseK.querySelector<HTMLElement>('.sweep-status')!;
const charts = chooseK.querySelector<HTMLElement>('.sweep-charts')!;
chooseK.querySelector('button[name="sweep"]')!.addEventListener('click', async () => {
  const kMax = Math.min(32, Math.max(2, Math.round(Number(input('kmax').value) || 10)));
  const sampleSize = Math.min(20000, Math.max(100, Math.round(Number(input('sample').value) || 2000)));
  const cancel = () => void engine.host.cancel();
  const started = performance.now();
  status.textContent = '';
  progress.show(`Sweeping k = 1 to ${kMax}…`, 0, cancel);
  try {
    const sweep = await engine.host.sweep(
      { kMax, sampleSize, seed: workbench.run().initSeed, backend: workbench.run().backend, threads: workbench.run().threads },
      Comlink.proxy((done: number, total: number) => progress.show(`Sweeping k = 1 to ${total}: ${done} done`, done / total, cancel)),
    );
    charts.dataset.elbow = String(sweep.elbowK ?? '');
    renderElbowCharts(charts, sweep, (k) => panel.setRun(workbench.applyK(k)));
    status.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s; elbow at k = ${sweep.elbowK ?? 'none'}; ` +
      `silhouette distances on the ${sweep.silhouetteBackend === 'webgpu' ? 'GPU' : 'CPU'}`;
  } catch (error) {
    status.textContent = isCancelled(error) ? 'Sweep cancelled.' : `Sweep failed: ${error instanceof Error ? error.message : error}`;
  } finally {
    progress.hide();
  }
});

void workbench.start();
