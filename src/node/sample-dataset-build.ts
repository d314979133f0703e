import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import type { SampleDataset } from '../data/sample-datasets.ts';

/**
 * A shipped dataset rebuilt from the R package it came from: R prints the data frame as typed
 * text (doubles to 17 significant digits, so every value comes back exact), and the columns are
 * written as Parquet with fixed settings, so the same source gives the same bytes.
 */

const run = promisify(execFile);

/** R's side: names, then types (int, double or text), then one tab-separated line per row; NA is an empty field, text starts with `s`. */
const R_PRINTER = `
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(args[1], character.only = TRUE))
e <- new.env()
data(list = args[2], package = args[1], envir = e)
d <- as.data.frame(get(args[2], envir = e))
kind <- function(x) if (is.factor(x) || is.character(x)) "text" else if (is.integer(x)) "int" else if (is.double(x)) "double" else stop("unexpected column type")
cell <- function(x) {
  k <- kind(x)
  out <- if (k == "text") paste0("s", as.character(x)) else if (k == "int") as.character(x) else sprintf("%.17g", x)
  if (any(grepl("[\\t\\n\\r]", out))) stop("a cell holds a tab or a line break")
  out[is.na(x)] <- ""
  out
}
cat(paste(names(d), collapse = "\\t"), "\\n", sep = "")
cat(paste(vapply(d, kind, ""), collapse = "\\t"), "\\n", sep = "")
cols <- lapply(d, cell)
writeLines(do.call(paste, c(cols, sep = "\\t")))
`;

export type RColumn = { readonly name: string; readonly type: 'int' | 'double' | 'text'; readonly values: (number | string | null)[] };

/** The data frame R prints for `dataset`, column by column. Fails with R's own message where the package is missing. */
export async function readRDataset(dataset: SampleDataset, rscript = process.env.RSCRIPT ?? 'Rscript'): Promise<RColumn[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(rscript, ['-e', R_PRINTER, dataset.r.package, dataset.r.dataset], { maxBuffer: 256 << 20 }));
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(`R could not print ${dataset.r.package}::${dataset.r.dataset} (Debian's ${dataset.r.debian} brings it): ${detail}`, { cause: error });
  }
  const [nameLine = '', typeLine = '', ...rows] = stdout.replace(/\n$/, '').split('\n');
  const names = nameLine.split('\t');
  const types = typeLine.split('\t') as RColumn['type'][];
  const columns = names.map((name, c): RColumn => ({ name, type: types[c]!, values: [] }));
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells.length !== columns.length) throw new Error(`R printed ${cells.length} cells on a row of ${dataset.r.dataset}, not ${columns.length}`);
    cells.forEach((text, c) => {
      const column = columns[c]!;
      column.values.push(text === '' ? null : column.type === 'text' ? text.slice(1) : Number(text));
    });
  }
  return columns;
}

/** The columns as one Parquet file: integers INT32, doubles DOUBLE, text STRING, all nullable; snappy, one row group. */
export function datasetParquet(columns: readonly RColumn[]): Uint8Array {
  const columnData: ColumnSource[] = columns.map((column) => ({
    name: column.name,
    data: column.values,
    type: column.type === 'int' ? 'INT32' : column.type === 'double' ? 'DOUBLE' : 'STRING',
    nullable: true,
  }));
  const rows = Math.max(1, columns[0]?.values.length ?? 1);
  return new Uint8Array(parquetWriteBuffer({ columnData, codec: 'SNAPPY', rowGroupSize: rows, createdBy: 'kmeans-segmentation-workbench datasets' }));
}

/** One shipped file, rebuilt. */
export async function buildSampleDataset(dataset: SampleDataset, rscript?: string): Promise<Uint8Array> {
  const columns = await readRDataset(dataset, rscript);
  const rows = columns[0]?.values.length ?? 0;
  if (rows !== dataset.rows) throw new Error(`${dataset.r.package}::${dataset.r.dataset} has ${rows} rows; the catalogue says ${dataset.rows}`);
  const missing = dataset.features.filter((feature) => !columns.some((column) => column.name === feature && column.type !== 'text'));
  if (missing.length > 0) throw new Error(`${dataset.r.dataset} has no numeric column ${missing.join(', ')}`);
  return datasetParquet(columns);
}
