import * as Comlink from 'comlink';
import type { BadRowChoice } from '../data/csv-import.ts';
import { centroidsFor, parseModel, type SegmentModel } from '../kmeans/model.ts';
import type { DataTab } from '../view/data-tab.ts';
import { viewToPng } from '../view/image-export.ts';
import { chooseBadRowHandling, chooseColumns, formatBytes } from '../view/import-dialogs.ts';
import type { createProgress } from '../view/progress.ts';
import type { DatasetSummary } from '../worker/protocol.ts';
import { downloadBlob } from './download.ts';
import { isCancelled, type EngineClient } from './engine-client.ts';
import type { RunParams } from './run-params.ts';
import { runSummary } from './run-summary.ts';
import type { createWorkbench } from './workbench.ts';

export interface DataFlowParts {
  readonly engine: EngineClient;
  readonly workbench: ReturnType<typeof createWorkbench>;
  readonly tab: DataTab;
  readonly progress: ReturnType<typeof createProgress>;
  readonly canvas: HTMLCanvasElement;
  readonly legend: HTMLElement;
  /** The run's parameters changed here (k from a model): show them in the panel. */
  readonly onRun: (run: RunParams) => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The analyst's data in and out: CSV import (columns, bad rows, staged until accepted), the
 * segmented export, model files (save, load, score, refit) and the copyable run summary.
 * A failed or cancelled import never touches the current customers or run.
 */
export function createDataFlow(parts: DataFlowParts) {
  const { engine, workbench, tab, progress } = parts;
  let model: { model: SegmentModel; file: string } | null = null;
  let busy = false;

  const refreshState = () => tab.setState({ finished: workbench.outcome() !== null, model: model !== null });
  refreshState();

  /** One long action at a time; errors become one sentence in the tab. */
  async function exclusive(action: () => Promise<void>) {
    if (busy) {
      tab.setStatus('Busy with the previous action; try again when it is done.', 'error');
      return;
    }
    busy = true;
    try {
      await action();
    } finally {
      busy = false;
      progress.hide();
      refreshState();
    }
  }

  async function importCsv(file: File) {
    await exclusive(async () => {
      const kept = 'The current customers and run are kept.';
      try {
        const preview = await engine.host.previewCsv(file, file.name, model?.model.features);
        const features = await chooseColumns(preview, model?.model.features ?? null);
        if (!features) return tab.setStatus(`Import of ${file.name} cancelled. ${kept}`);
        const cancel = () => void engine.host.cancelImport();
        progress.show(`Importing ${file.name}…`, 0, cancel);
        const report = await engine.host.importCsv(file, file.name, features, Comlink.proxy((done: number, total: number) =>
          progress.show(`Importing ${file.name}: ${formatBytes(done)} of ${formatBytes(total)}`, done / total, cancel)));
        progress.hide();
        let choice: BadRowChoice = 'drop';
        if (report.badRows > 0) {
          const picked = await chooseBadRowHandling(report);
          if (!picked) {
            await engine.host.discardImport();
            return tab.setStatus(`Import of ${file.name} cancelled. ${kept}`);
          }
          choice = picked;
        }
        const data = await engine.host.commitImport(choice);
        const treated = report.badRows === 0 ? 'no problems found' : choice === 'drop'
          ? `${report.badRows.toLocaleString('en-US')} rows with problems dropped`
          : `${report.badRows.toLocaleString('en-US')} rows with gaps filled with the column ${choice}`;
        tab.setStatus(`Imported ${file.name}: ${report.rows.toLocaleString('en-US')} rows (${formatBytes(report.bytes)}) read in ${seconds(report.ms)}; ${treated}.`);
        await workbench.useData(data);
      } catch (error) {
        tab.setStatus(isCancelled(error) ? `Import of ${file.name} cancelled. ${kept}` : `Import failed: ${message(error)}. ${kept}`, isCancelled(error) ? 'ok' : 'error');
      }
    });
  }

  async function exportCsv() {
    await exclusive(async () => {
      try {
        const started = performance.now();
        const cancel = () => void engine.host.cancelExport();
        progress.show('Writing segmented_customers.csv…', 0, cancel);
        const blob = await engine.host.exportCsv(workbench.names(), Comlink.proxy((done: number, total: number) =>
          progress.show(`Writing segmented_customers.csv: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`, done / total, cancel)));
        downloadBlob(blob, 'segmented_customers.csv');
        tab.setStatus(`segmented_customers.csv: ${formatBytes(blob.size)} written in ${seconds(performance.now() - started)}.`);
      } catch (error) {
        tab.setStatus(isCancelled(error) ? 'Export cancelled; nothing was written.' : `Export failed: ${message(error)}.`, isCancelled(error) ? 'ok' : 'error');
      }
    });
  }

  async function exportModel() {
    try {
      const text = await engine.host.exportModel(workbench.names());
      downloadBlob(new Blob([text], { type: 'application/json' }), 'segmentation-model.json');
      tab.setStatus('Saved segmentation-model.json.');
    } catch (error) {
      tab.setStatus(`Could not save the model: ${message(error)}.`, 'error');
    }
  }

  async function exportPng() {
    const data = workbench.data();
    const layer = document.querySelector<HTMLElement>('.label-layer');
    if (!data || !layer) return;
    const caption = `k = ${workbench.outcome()?.result.k ?? '?'} · ${data.n.toLocaleString('en-US')} customers · ${data.featureNames.join(' · ')}`;
    downloadBlob(await viewToPng(parts.canvas, layer, parts.legend, caption), 'segments-3d.png');
    tab.setStatus('Saved segments-3d.png.');
  }

  async function loadModel(file: File) {
    try {
      const loaded = parseModel(await file.text(), file.name);
      model = { model: loaded, file: file.name };
      const fitted = loaded.metrics;
      tab.setModelInfo(`${file.name}: k = ${loaded.k} on ${loaded.features.join(', ')}; fitted on ${fitted.n.toLocaleString('en-US')} customers ` +
        `(inertia ${fitted.inertia.toPrecision(7)}); segments: ${loaded.segmentNames.join('; ')}.`);
      tab.setStatus(`Loaded ${file.name}. Import customers with its features, then assign them to its segments or refit from its centroids.`);
    } catch (error) {
      tab.setStatus(`Could not load the model: ${message(error)}. The previous model is kept.`, 'error');
    }
    refreshState();
  }

  async function score() {
    if (!model) return;
    const { model: saved, file } = model;
    await exclusive(async () => {
      try {
        const { data, outcome } = await engine.host.score(saved);
        await workbench.showScored(data, outcome, saved.segmentNames);
        tab.setStatus(`Assigned ${data.n.toLocaleString('en-US')} customers to the ${saved.k} segments of ${file} (no refitting).`);
      } catch (error) {
        tab.setStatus(`Could not score with ${file}: ${message(error)}.`, 'error');
      }
    });
  }

  function refitFromModel() {
    const data = workbench.data();
    if (!model || !data) return;
    try {
      const centroids = centroidsFor(model.model, data.featureNames);
      parts.onRun(workbench.refitFrom(centroids, model.model.k));
      tab.setStatus(`Refitting from the ${model.model.k} centroids of ${model.file}.`);
    } catch (error) {
      tab.setStatus(`Could not refit from ${model.file}: ${message(error)}.`, 'error');
    }
  }

  async function copySummary() {
    const text = tab.summary.value;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      tab.summary.select();
      document.execCommand('copy');
    }
    tab.setStatus('Run summary copied.');
  }

  tab.importButton.addEventListener('click', () => tab.csvInput.click());
  tab.csvInput.addEventListener('change', () => {
    const file = tab.csvInput.files?.[0];
    tab.csvInput.value = '';
    if (file) void importCsv(file);
  });
  tab.loadModel.addEventListener('click', () => tab.modelInput.click());
  tab.modelInput.addEventListener('change', () => {
    const file = tab.modelInput.files?.[0];
    tab.modelInput.value = '';
    if (file) void loadModel(file);
  });
  tab.exportCsv.addEventListener('click', () => void exportCsv());
  tab.exportModel.addEventListener('click', () => void exportModel());
  tab.exportPng.addEventListener('click', () => void exportPng());
  tab.score.addEventListener('click', () => void score());
  tab.refit.addEventListener('click', refitFromModel);
  tab.copy.addEventListener('click', () => void copySummary());

  // Drop a CSV (customers) or a JSON (model) anywhere on the page.
  window.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dropping');
  });
  window.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) document.body.classList.remove('dropping');
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dropping');
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    if (/\.json$/i.test(file.name)) void loadModel(file);
    else void importCsv(file);
  });

  return {
    /** A run finished or a segment was renamed: refresh the summary and what can be exported. */
    showRun(run: RunParams, data: DatasetSummary) {
      const outcome = workbench.outcome();
      const source = data.source;
      tab.setSource(source.kind === 'generated'
        ? `Current customers: ${data.n.toLocaleString('en-US')} synthetic (data seed ${source.seed}).`
        : `Current customers: ${source.name}, ${source.rows.toLocaleString('en-US')} rows; ${data.n.toLocaleString('en-US')} clustered on ${data.featureNames.join(', ')}.`);
      if (outcome) tab.summary.value = runSummary({ run, data, outcome, names: workbench.names(), url: location.href, when: new Date() });
      refreshState();
    },
  };
}
