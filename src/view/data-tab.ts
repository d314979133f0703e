import type { ExportLayout } from '../data/csv-export.ts';
import { SQL_DIALECTS, type SqlDialect } from '../kmeans/scoring-sql.ts';
import { makeButton } from './button.ts';
import { make } from './dom.ts';

const DIALECT_NAMES: Record<SqlDialect, string> = { duckdb: 'DuckDB', spark: 'Spark SQL', bigquery: 'BigQuery', ansi: 'standard SQL' };

/** The Data tab's controls: import, export, saved model, run summary. Text only, never HTML. */
export function createDataTab(root: HTMLElement) {
  const fileInput = (name: string, accept: string) => {
    const input = make('input');
    input.type = 'file';
    input.name = name;
    input.accept = accept;
    input.hidden = true;
    return input;
  };
  const group = (title: string, ...children: HTMLElement[]) => {
    const section = make('div', '', 'data-group');
    section.append(make('h3', title), ...children);
    return section;
  };

  const source = make('p', '', 'data-source');
  const csvInput = fileInput('csv-file', '.csv,.tsv,.txt,text/csv,.parquet');
  const importButton = makeButton('Import customers (CSV or Parquet)…', 'import');
  const importRow = make('div', '', 'data-row');
  importRow.append(importButton, csvInput, make('span', 'or drop a CSV or Parquet file anywhere on the page', 'note'));

  const exportCsv = makeButton('segmented_customers.csv', 'export-csv');
  const exportModel = makeButton('Model (JSON)', 'export-model');
  const exportPng = makeButton('3D view (PNG)', 'export-png');
  const exportRow = make('div', '', 'data-row');
  exportRow.append(exportCsv, exportModel, exportPng);
  // How an imported file's CSV comes back: as it came (a European spreadsheet opens it as it opened the input), or comma and dot.
  const exportFormat = make('select', '', 'export-format');
  exportFormat.name = 'export-format';
  exportFormat.append(new Option('as imported (delimiter, decimal mark, BOM)', 'as-imported', true, true), new Option('comma-separated, decimal point', 'comma-dot'));
  const formatLabel = make('label', 'CSV format ', 'data-row');
  formatLabel.append(exportFormat);

  const modelInput = fileInput('model-file', '.json,.ndjson,.csv,application/json,text/csv');
  const loadModel = makeButton('Load a model…', 'load-model');
  loadModel.title = 'A model saved here (JSON), BigQuery\'s ML.CENTROIDS output (CSV or JSON), or Spark\'s clusterCenters as a CSV with a header row of feature names';
  const modelInfo = make('p', 'No model loaded.', 'model-info');
  const score = makeButton("Assign the current customers to the model's segments", 'score');
  const refit = makeButton("Refit from the model's centroids", 'refit-model');
  const modelRow = make('div', '', 'data-row');
  modelRow.append(loadModel, modelInput, score, refit);

  // The query that scores the customers where they live (the warehouse), with this run's model and names.
  const sqlTable = make('input');
  sqlTable.name = 'sql-table';
  sqlTable.value = 'customers';
  sqlTable.setAttribute('aria-label', 'Table to score');
  sqlTable.size = 18;
  const sqlDialect = make('select');
  sqlDialect.name = 'sql-dialect';
  sqlDialect.setAttribute('aria-label', 'SQL dialect');
  sqlDialect.append(...SQL_DIALECTS.map((dialect) => new Option(DIALECT_NAMES[dialect], dialect)));
  const exportSql = makeButton('Scoring SQL', 'export-sql');
  const sqlRow = make('div', '', 'data-row');
  sqlRow.append(make('span', 'table'), sqlTable, sqlDialect, exportSql);

  const workspaces = make('div', '', 'workspaces');
  const samples = make('div', '', 'samples');

  const summary = make('textarea', '', 'run-summary');
  summary.readOnly = true;
  summary.rows = 9;
  summary.setAttribute('aria-label', 'Run summary');
  const copy = makeButton('Copy run summary', 'copy-summary');
  const status = make('p', '', 'data-status');
  status.setAttribute('role', 'status');

  root.append(
    source,
    status,
    group('Import', importRow),
    group('Real datasets', samples),
    group('Workspaces', workspaces, make('p', 'Your work (the imported file, the run, names, view and selection) is kept in this browser as you go, and offered back when you open the page again. Save a copy under a name to keep several.', 'note')),
    group('Export', exportRow, formatLabel, make('p', 'Every original column, then Cluster and Segment (your segment names). Cells that a spreadsheet would run as formulas are neutralised. ' +
      'An imported file keeps its delimiter, decimal mark and BOM unless you choose comma and decimal point; generated customers are always comma and point.', 'note')),
    group('Saved model', modelRow, modelInfo),
    group('Score in the warehouse', sqlRow, make('p', 'One SELECT that keeps every column of the table and adds cluster and segment, computed as this page computes them ' +
      '(the scaling, the distances, ties to the lower number). Run it where the customers live: DuckDB, Spark SQL, BigQuery or standard SQL.', 'note')),
    group('Run summary', summary, copy),
  );

  return {
    csvInput, importButton, workspaces, samples, exportCsv, exportModel, exportPng, exportSql, modelInput, loadModel, score, refit, copy, summary,
    /** The table and dialect the scoring SQL is written for. */
    sqlTarget: () => ({ table: sqlTable.value.trim(), dialect: sqlDialect.value as SqlDialect }),
    /** The CSV layout chosen for an imported file's export. */
    exportLayout: () => exportFormat.value as ExportLayout,
    setSource: (text: string) => void (source.textContent = text),
    setModelInfo: (text: string) => void (modelInfo.textContent = text),
    setStatus(text: string, kind: 'ok' | 'error' = 'ok') {
      status.textContent = text;
      status.dataset.kind = kind;
    },
    /** Enable what makes sense now. */
    /** `centroids`: the loaded model has centroids to refit from (a density model has none). */
    setState(state: { finished: boolean; model: boolean; centroids: boolean }) {
      for (const b of [exportCsv, exportModel, exportSql]) b.disabled = !state.finished;
      score.disabled = !state.model;
      refit.disabled = !state.centroids;
      refit.title = state.model && !state.centroids ? 'A density model has no centroids to refit from: fit again with the panel' : '';
      copy.disabled = !state.finished;
    },
  };
}

export type DataTab = ReturnType<typeof createDataTab>;
