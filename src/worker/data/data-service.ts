import { yieldToEventLoop } from '../../analysis/time-slice.ts';
import { previewCsv, readFeatureColumns, resolveBadRows, type StagedImport } from '../../data/csv-import.ts';
import { createShapedGenerator } from '../../data/density-shapes.ts';
import { createCustomerGenerator, PROGRESS_ROWS } from '../../data/generate.ts';
import { isParquet, previewParquet, readParquetFeatureColumns } from '../../data/parquet-import.ts';
import type { DataSource } from '../../protocol/data.ts';
import type { DataService } from '../../protocol/host.ts';
import type { Jobs } from '../jobs.ts';
import type { Session } from '../session.ts';
import { segmentedCsvBlob } from './run-exports.ts';

/**
 * Customers in and out. A cancelled or failed generation or import leaves the previous
 * customers in place: an imported file is staged until the analyst decides about its bad rows.
 */
export function createDataService(session: Session, jobs: Jobs): DataService {
  // A parsed file waiting for the user's decision about its bad rows; never the live dataset.
  let staged: { import: StagedImport; file: Blob } | null = null;

  return {
    generate: (request, onProgress) => jobs.run('generate', async (signal) => {
      const started = performance.now();
      const generator = request.shape === 'shaped' ? createShapedGenerator({ n: request.n, seed: request.seed }) : createCustomerGenerator(request);
      while (generator.done() < request.n) {
        const done = generator.fill(PROGRESS_ROWS * 4);
        onProgress?.(done, request.n);
        await yieldToEventLoop();
        signal.throwIfAborted();
      }
      const { dataset } = generator;
      const source: DataSource = { kind: 'generated', seed: request.seed, separation: request.separation, shape: request.shape };
      const summary = session.replaceData({ columns: dataset.columns as Float32Array[], n: dataset.n, featureNames: dataset.featureNames, source, dataset, fileKept: null });
      return { ...summary, ms: performance.now() - started };
    }),

    async preview(file, name, wanted) {
      return (await isParquet(file)) ? previewParquet(file, name, wanted) : previewCsv(file, name, wanted);
    },

    /**
     * Read the chosen columns of a whole file into typed arrays, in the background, and report
     * its bad rows. `formats`: every column's number format as the user confirmed it (detected when absent).
     */
    import: (file, name, features, onProgress, formats) => {
      staged = null;
      return jobs.run('import', async (signal) => {
        const read = (await isParquet(file)) ? readParquetFeatureColumns : readFeatureColumns;
        const result = await read(file, name, features, {
          formats,
          signal,
          onProgress: async (done, total) => {
            onProgress?.(done, total);
            await yieldToEventLoop();
          },
        });
        signal.throwIfAborted();
        staged = { import: result, file };
        return result.report;
      });
    },

    /** Make the staged file the current customers, dropping or filling its bad rows as chosen. */
    commitImport(choice) {
      if (!staged) throw new Error('no file is waiting to be imported');
      const { import: parsed, file } = staged;
      const resolved = resolveBadRows(parsed, choice);
      const { report } = parsed;
      const source: DataSource = {
        kind: 'file', name: report.file, rows: report.rows, bytes: report.bytes, ms: report.ms,
        droppedRows: report.rows - resolved.n, imputedRows: resolved.kept ? 0 : report.badRows,
      };
      staged = null;
      return session.replaceData({
        columns: resolved.columns, n: resolved.n, featureNames: report.featureNames, source, file, fileKept: resolved.kept,
        fileFormats: parsed.formats, identifier: parsed.identifier, searchable: parsed.searchable,
      });
    },

    /** Forget a staged file; the current customers were never touched. */
    discardImport() {
      staged = null;
    },

    /**
     * segmented_customers.csv of the last run: every source column, then Cluster and Segment,
     * built chunk by chunk into a Blob (the browser keeps big blobs out of the JS heap).
     * `layout`: an imported file's delimiter, decimal mark and BOM as imported, or comma and dot.
     */
    async exportCsv(names, onProgress, layout, selection) {
      const run = session.requireRun('no finished run to export yet');
      if (selection && selection.length !== run.points.n) throw new RangeError(`a selection of ${selection.length} customers for ${run.points.n}`);
      return jobs.run('export', (signal) => segmentedCsvBlob(run, names, onProgress, async () => {
        await yieldToEventLoop();
        signal.throwIfAborted();
      }, layout, selection));
    },
  };
}
