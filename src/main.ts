import { createEngineClient } from './app/engine-client.ts';
import { readRunParams, writeRunParams, type RunParams } from './app/run-params.ts';
import { readViewParams, writeViewParams, type ViewParams } from './app/view-params.ts';
import { createWorkbench } from './app/workbench.ts';
import { CUSTOMER_FEATURES } from './data/features.ts';
import { createHud } from './view/hud.ts';
import { createLegend } from './view/legend.ts';
import { createPanel } from './view/panel.ts';
import { createProgress } from './view/progress.ts';
import { createStage } from './view/scatter/scene.ts';

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

const workbench = createWorkbench(
  {
    engine: createEngineClient(),
    stage: createStage(element<HTMLCanvasElement>('#scatter'), element('#app')),
    hud: createHud(element('#hud')),
    legend: createLegend(element('#legend')),
    progress: createProgress(element('#progress')),
    onParams: syncUrl,
    onPlaying: (playing) => panel.setPlaying(playing),
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

window.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  if (event.key === ' ') {
    event.preventDefault();
    workbench.playPause();
  } else if (event.key === 'ArrowRight') {
    workbench.step();
  } else if (event.key === 'r' || event.key === 'R') {
    panel.setRun(workbench.restart());
  }
});

void workbench.start();
