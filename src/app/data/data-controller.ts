import * as Comlink from 'comlink';
import type { OutlierPolicy } from '../../analysis/outliers.ts';
import type { BadRowChoice } from '../../data/csv-import.ts';
import { clearColumns, namedColumns } from './import-columns.ts';
import { fetchServed } from './served-file.ts';

export { fetchServed } from './served-file.ts';
import { describeModel, modelSettings, sameRun } from './model-description.ts';
import { sampleDataset, sampleNames, type SampleDataset } from '../../data/sample-datasets.ts';
import { centroidsFor } from '../../kmeans/model.ts';
import { readSavedModel, savedModelSql, type SavedModel } from '../../density/saved-model.ts';
import type { DataTab } from '../../view/data-tab.ts';
import { viewToPng } from '../../view/image-export.ts';
import { chooseBadRowHandling, chooseColumns, formatBytes, type ColumnChoice } from '../../view/import-dialogs.ts';
import type { createOffer } from '../../view/offer.ts';
import type { Progress } from '../../view/progress.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import { downloadBlob } from '../../view/download.ts';
import { isCancelled, type EngineClient } from '../engine-client.ts';
import { runSummary } from './run-summary.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import type { Workbench } from '../fit/workbench.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { FittedRun } from '../workspace/workspace-manifest.ts';

export interface DataControllerParts {
  readonly engine: EngineClient;
  readonly workbench: Workbench;
  readonly tab: DataTab;
  readonly progress: Progress;
  readonly state: PageStateStore;
  /** Where a suggested k is offered after an import. */
  readonly offer: ReturnType<typeof createOffer>;
  readonly canvas: HTMLCanvasElement;
  readonly legend: HTMLElement;
  /** An import was committed: the file and how it was read (the workspace keeps them). */
  readonly onImported?: (file: File, columns: ColumnChoice, badRows: BadRowChoice, rows: number) => void;
  /** A workspace file (.zip) was dropped on the page. */
  readonly onWorkspaceFile?: (file: File) => void;
}

/**
 * How an import reads its file: the mapping asked for, skipped where clear (`direct`), given
 * (`preset`, a workspace's), or a shipped dataset's (`sample`: its columns found by name).
 */
interface ImportWay {
  readonly direct?: boolean;
  readonly preset?: { readonly columns: ColumnChoice; readonly badRows: BadRowChoice };
  readonly sample?: SampleDataset;
  /** A workspace's finished KMeans run: its customers are assigned to its centroids, not fitted again. */
  readonly fitted?: FittedRun | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The analyst's data in and out: CSV import (columns, bad rows, staged until accepted), the
 * segmented export, model files (save, load, score, refit) and the copyable run summary.
 * A failed or cancelled import never touches the current customers or run.
 */
export function createDataController(parts: DataControllerParts) {
  const { engine, workbench, tab, progress, state, offer } = parts;
  let model: { saved: SavedModel; file: string; text: string } | null = null;
  let busy = false;
  // The last run as a workspace keeps it, made once per run.
  let keptRun: { outcome: FitOutcome; fitted: FittedRun } | null = null;

  const refreshState = () => tab.setState({ finished: workbench.outcome() !== null, model: model !== null, centroids: model?.saved.kind === 'kmeans' });
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
      refreshState();
    }
  }

  /** Import customers (their file read as `way` says); resolves once the run on them has ended, with whether they were taken. */
  async function importCsv(file: File, way: ImportWay = {}): Promise<boolean> {
    let committed = false;
    await exclusive(async () => {
      const kept = 'The current customers and run are kept.';
      try {
        const preview = await engine.host.data.preview(file, file.name, model?.saved.model.features);
        const clear = way.preset?.columns ?? (way.sample ? namedColumns(preview, way.sample.features)
          : way.direct ? clearColumns(preview, model?.saved.model.features ?? null) : null);
        const columns = clear ?? await chooseColumns(preview, model?.saved.model.features ?? null);
        if (!columns) return tab.setStatus(`Import of ${file.name} cancelled. ${kept}`);
        const task = progress.start(`Importing ${file.name}…`, () => void engine.host.cancel('import'));
        let report;
        try {
          report = await engine.host.data.import(file, file.name, columns.features, Comlink.proxy((done: number, total: number) =>
            task.update(`Importing ${file.name}: ${formatBytes(done)} of ${formatBytes(total)}`, done / total)), columns.formats);
        } finally {
          task.end();
        }
        let choice: BadRowChoice = 'drop';
        if (report.badRows > 0) {
          const picked = way.preset?.badRows ?? way.sample?.badRows ?? await chooseBadRowHandling(report);
          if (!picked) {
            await engine.host.data.discardImport();
            return tab.setStatus(`Import of ${file.name} cancelled. ${kept}`);
          }
          choice = picked;
        }
        const data = await engine.host.data.commitImport(choice);
        committed = true;
        const treated = report.badRows === 0 ? 'no problems found' : choice === 'drop'
          ? `${report.badRows.toLocaleString('en-US')} rows with problems dropped`
          : `${report.badRows.toLocaleString('en-US')} rows with gaps filled with the column ${choice}`;
        tab.setStatus(`Imported ${file.name}: ${report.rows.toLocaleString('en-US')} rows (${formatBytes(report.bytes)}) read in ${seconds(report.ms)}; ${treated}.`);
        offer.hide();
        parts.onImported?.(file, columns, choice, report.rows);
        const source = { name: file.name, rows: report.rows, ...(way.sample ? { sample: way.sample.id } : {}) };
        if (way.fitted && await restoreFitted(way.fitted, source)) return;
        const fitted = workbench.useData(data, source);
        // A workspace read back keeps the k it was saved with: no suggestion.
        if (!way.preset) void offerK(file.name);
        await fitted;
      } catch (error) {
        tab.setStatus(isCancelled(error) ? `Import of ${file.name} cancelled. ${kept}` : `Import failed: ${message(error)}. ${kept}`, isCancelled(error) ? 'ok' : 'error');
      }
    });
    return committed;
  }

  async function exportCsv() {
    await exclusive(async () => {
      try {
        const started = performance.now();
        const task = progress.start('Writing segmented_customers.csv…', () => void engine.host.cancel('export'));
        let blob;
        try {
          blob = await engine.host.data.exportCsv(workbench.names(), Comlink.proxy((done: number, total: number) =>
            task.update(`Writing segmented_customers.csv: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`, done / total)), tab.exportLayout());
        } finally {
          task.end();
        }
        downloadBlob(blob, 'segmented_customers.csv');
        tab.setStatus(`segmented_customers.csv: ${formatBytes(blob.size)} written in ${seconds(performance.now() - started)}.`);
      } catch (error) {
        tab.setStatus(isCancelled(error) ? 'Export cancelled; nothing was written.' : `Export failed: ${message(error)}.`, isCancelled(error) ? 'ok' : 'error');
      }
    });
  }

  async function exportModel() {
    try {
      const text = await engine.host.fit.exportModel(workbench.names());
      downloadBlob(new Blob([text], { type: 'application/json' }), 'segmentation-model.json');
      tab.setStatus('Saved segmentation-model.json.');
    } catch (error) {
      tab.setStatus(`Could not save the model: ${message(error)}.`, 'error');
    }
  }

  async function exportSql() {
    const { table, dialect } = tab.sqlTarget();
    try {
      const saved = readSavedModel(await engine.host.fit.exportModel(workbench.names()), 'this run');
      const name = `scoring-${dialect}.sql`;
      downloadBlob(new Blob([savedModelSql(saved, { table, dialect, source: 'the page\'s current run' })], { type: 'application/sql' }), name);
      tab.setStatus(`Saved ${name}: scores ${table} with this run's ${saved.kind === 'kmeans' ? saved.model.k : saved.model.clusters} segments.`);
    } catch (error) {
      tab.setStatus(`Could not write the scoring SQL: ${message(error)}.`, 'error');
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
      const text = await file.text();
      const saved = readSavedModel(text, file.name);
      model = { saved, file: file.name, text };
      tab.setModelInfo(`${file.name}: ${describeModel(saved)}; segments: ${saved.model.segmentNames.join('; ')}.`);
      tab.setStatus(saved.kind === 'kmeans'
        ? `Loaded ${file.name}. Import customers with its features, then assign them to its segments or refit from its centroids.`
        : `Loaded ${file.name}. Import customers with its features, then assign them to its clusters.`);
    } catch (error) {
      tab.setStatus(`Could not load the model: ${message(error)}. The previous model is kept.`, 'error');
    }
    refreshState();
  }

  async function score() {
    if (!model) return;
    const { saved, file } = model;
    await exclusive(async () => {
      try {
        const { data, outcome } = await engine.host.fit.score(saved);
        await workbench.showScored(data, outcome, saved.model.segmentNames, file, modelSettings(saved));
        const noise = outcome.density ? `; ${outcome.density.noise.toLocaleString('en-US')} near none of them ("No segment")` : '';
        tab.setStatus(`Assigned ${data.n.toLocaleString('en-US')} customers to the ${saved.model.segmentNames.length} segments of ${file} (no refitting)${noise}.`);
      } catch (error) {
        tab.setStatus(`Could not score with ${file}: ${message(error)}.`, 'error');
      }
    });
  }

  function refitFromModel() {
    const data = workbench.data();
    if (!model || model.saved.kind !== 'kmeans' || !data) return;
    const { model: saved } = model.saved;
    try {
      const centroids = centroidsFor(saved, data.featureNames);
      void workbench.refitFrom(centroids, saved.segmentNames, model.file);
      tab.setStatus(`Refitting from the ${saved.k} centroids of ${model.file}.`);
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

  /**
   * After an import: what the elbow and the silhouette say about k for these customers, offered
   * (never applied) when it differs from the k in use.
   */
  async function offerK(name: string) {
    try {
      const suggestion = await engine.host.chooseK.suggestK();
      const k = state.get().run.k;
      if (suggestion.k === null || suggestion.k === k || workbench.data()?.source.kind !== 'file') return;
      const agree = suggestion.elbowK === suggestion.silhouetteK;
      const why = agree ? `the elbow and the silhouette both point at k = ${suggestion.k}` : `the silhouette points at k = ${suggestion.silhouetteK}, the elbow at k = ${suggestion.elbowK ?? 'none'}`;
      const sample = suggestion.sampled < suggestion.n ? ` (a sample of ${suggestion.sampled.toLocaleString('en-US')})` : '';
      offer.show(`For ${name}${sample}, ${why}; you are using k = ${k}.`, `Use k = ${suggestion.k}`, () => void workbench.applyK(suggestion.k!));
    } catch {
      // The customers changed meanwhile, or the sweep failed: no offer is better than a stale one.
    }
  }

  // An offer about k speaks of the customers and the k it was made for: gone when either changes.
  state.subscribe((next, previous) => {
    const describe = (source: typeof next.source) => (source.kind === 'file' ? `file ${source.name}` : 'generated');
    if (describe(next.source) !== describe(previous.source) || next.run.k !== previous.run.k) offer.hide();
  });

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
  tab.exportSql.addEventListener('click', () => void exportSql());
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
    else if (/\.zip$/i.test(file.name)) parts.onWorkspaceFile?.(file);
    else void importCsv(file);
  });

  /**
   * A workspace's KMeans run put back without refitting: its customers assigned to the run's saved
   * centroids give the labels the run ended with. False where that cannot be done (then it refits).
   */
  async function restoreFitted(fitted: FittedRun, source: { name: string; rows: number }): Promise<boolean> {
    try {
      const saved = readSavedModel(fitted.model, 'the workspace\'s run');
      if (saved.kind !== 'kmeans' || !sameRun(saved.model, state.get().run)) return false;
      const { metrics } = saved.model;
      const { data, outcome } = await engine.host.fit.score(saved);
      // Shown as the run was: its iterations, its stop, its inertia.
      const result = { ...outcome.result, iterations: metrics.iterations, converged: metrics.converged, stop: fitted.stop, inertia: metrics.inertia };
      await workbench.showRestored(data, { ...outcome, result }, source);
      // Kept as it came, not made again from the scoring pass (which knows no iterations).
      const shown = workbench.outcome();
      if (shown) keptRun = { outcome: shown, fitted };
      return true;
    } catch {
      return false;
    }
  }

  /** A shipped dataset, fetched from the page's own server and imported with its mapping; an unknown name is said. */
  async function openSample(id: string) {
    const dataset = sampleDataset(id);
    if (!dataset) return tab.setStatus(`There is no shipped dataset named "${id}"; the datasets are ${sampleNames()}.`, 'error');
    let file: File;
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}datasets/${dataset.file}`);
      if (!response.ok) throw new Error(`the page's server answered ${response.status}`);
      file = new File([await response.blob()], dataset.file);
    } catch (error) {
      return tab.setStatus(`Could not fetch ${dataset.title} (${dataset.file}): ${message(error)}. The current customers and run are kept.`, 'error');
    }
    await importCsv(file, { sample: dataset });
  }

  return {
    /** The loaded model as its file said it (a workspace keeps it), or null. */
    loadedModel: (): { file: string; text: string } | null => (model ? { file: model.file, text: model.text } : null),
    /** Load a model a workspace kept. */
    loadModel: (file: string, text: string) => loadModel(new File([text], file)),
    /** A workspace's file, read again exactly as it was (its columns, formats and bad-row choice). */
    /** Resolves with whether the customers were taken (false: busy, failed or cancelled; the page kept what it had). */
    importSaved: (file: File, columns: ColumnChoice, badRows: BadRowChoice, fitted: FittedRun | null) => importCsv(file, { preset: { columns, badRows }, fitted }),
    /** The finished run as a workspace keeps it: a KMeans fit of untreated customers, as its model; null where a restore must refit. */
    async fittedRun(): Promise<FittedRun | null> {
      const outcome = workbench.outcome();
      const { run: params, model: start } = state.get();
      const stop = outcome?.result.stop;
      if (!outcome || outcome.density || outcome.mixture || params.outliers !== 'keep' || start?.mode === 'scored' || !stop || stop === 'scored') return null;
      if (keptRun?.outcome !== outcome) keptRun = { outcome, fitted: { model: await engine.host.fit.exportModel(workbench.names()), stop } };
      return keptRun.fitted;
    },
    /** A shipped real dataset (the Data tab, a `sample=` link), imported with its own mapping. */
    openSample,
    /**
     * What `kmeans open` hands the page: the model loaded, the customers imported (a file it
     * serves, without the mapping step when its columns are clear, or a shipped dataset), then
     * assigned to the model's segments.
     */
    async openServed(opening: { readonly data: string | null; readonly model: string | null; readonly sample: string | null }) {
      const what = opening.sample ?? opening.data ?? opening.model ?? '';
      try {
        if (opening.model) await loadModel(await fetchServed('/served/model', opening.model));
        if (opening.sample) await openSample(opening.sample);
        else if (opening.data) await importCsv(await fetchServed('/served/data', opening.data), { direct: true });
        if (opening.model && model) await score();
      } catch (error) {
        tab.setStatus(`Could not open ${what}: ${message(error)}.`, 'error');
      }
    },
    /** A link made on a file, which a link cannot carry: offer to import it (and treat its outliers as the link did). */
    offerLinkedFile(file: string, outliers: OutlierPolicy) {
      const treatment = outliers === 'keep' ? '' : ` and ${outliers === 'clip' ? 'clip' : 'drop'} its outliers in Explore, as the link did`;
      offer.show(
        `This link was made on the file ${file}, which a link cannot carry: these are synthetic customers. Import ${file}${treatment} to reproduce that run.`,
        `Import ${file}…`,
        () => tab.csvInput.click(),
      );
    },
    /** A run finished or a segment was renamed: refresh the summary and what can be exported. */
    showRun(data: DatasetSummary, warnings: readonly string[]) {
      const { run, model: modelStart } = state.get();
      const outcome = workbench.outcome();
      const source = data.source;
      tab.setSource(source.kind === 'generated'
        ? `Current customers: ${data.n.toLocaleString('en-US')} synthetic (data seed ${source.seed}).`
        : `Current customers: ${source.name}, ${source.rows.toLocaleString('en-US')} rows; ${data.n.toLocaleString('en-US')} clustered on ${data.featureNames.join(', ')}.`);
      tab.summary.value = outcome
        ? runSummary({ run, data, outcome, names: workbench.names(), warnings, model: modelStart, url: location.href, when: new Date() })
        : '';
      refreshState();
    },
  };
}

