import { openAsBlob } from 'node:fs';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { addedColumnNames, clusterCells, expandLabels, expandValues, NO_CLUSTER } from '../data/csv-export.ts';
import { readCsvBatches } from '../data/csv-stream.ts';
import { customerId, type Dataset } from '../data/dataset.ts';
import { ID_COLUMN } from '../data/features.ts';
import { cellText, isParquet, parquetRowGroups } from '../data/parquet-import.ts';
import { InputError } from './input-error.ts';
import type { Write } from './output-file.ts';

/** Rows per row group: a reader's unit of work (and ours: 1 M rows is about 16 MB in memory). */
const ROW_GROUP_ROWS = 1 << 20;

/** Whether an output name asks for Parquet rather than CSV. */
export const wantsParquet = (path: string | undefined): boolean => Boolean(path && /\.parquet$/i.test(path));

/**
 * A Parquet file written a row group at a time through `write`: `add` takes one group's columns
 * (the first call fixes the schema), `finish` writes the footer. The file never sits in memory whole.
 */
function rowGroupWriter(write: Write) {
  const bytes = new ByteWriter();
  let writer: ParquetWriter | null = null;
  // The writer keeps its own offsets: emptying the buffer (not its count of bytes) after each group is how its file writer works too.
  const drain = async () => {
    const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
    bytes.index = 0;
    await write(chunk);
  };
  return {
    async add(columnData: ColumnSource[], rows: number): Promise<void> {
      writer ??= new ParquetWriter({ writer: bytes, schema: schemaFromColumnData({ columnData }), createdBy: 'kmeans-segmentation-workbench' });
      writer.write({ columnData, rowGroupSize: rows });
      await drain();
    },
    async finish(empty: ColumnSource[]): Promise<void> {
      writer ??= new ParquetWriter({ writer: bytes, schema: schemaFromColumnData({ columnData: empty }), createdBy: 'kmeans-segmentation-workbench' });
      writer.finish();
      await drain();
    },
  };
}

/**
 * Generated customers as Parquet (hyparquet-writer, snappy): the id as a 32-bit integer and each
 * feature as a 32-bit float, the values the CSV writes as text.
 */
export async function writeCustomersParquet(dataset: Dataset, write: Write): Promise<void> {
  const columnsOf = (start: number, end: number): ColumnSource[] => [
    { name: ID_COLUMN, data: Int32Array.from({ length: end - start }, (_, i) => customerId(dataset, start + i)), type: 'INT32', nullable: false },
    ...dataset.featureNames.map((name, f): ColumnSource => ({ name, data: dataset.columns[f]!.subarray(start, end), type: 'FLOAT', nullable: false })),
  ];
  const out = rowGroupWriter(write);
  for (let start = 0; start < dataset.n; start += ROW_GROUP_ROWS) {
    const end = Math.min(dataset.n, start + ROW_GROUP_ROWS);
    await out.add(columnsOf(start, end), end - start);
  }
  await out.finish(columnsOf(0, 0));
}

type KeptType = 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BOOLEAN';

/**
 * The type a column of a Parquet input keeps in the segmented Parquet export, or null for text.
 * Plain numbers and booleans keep theirs (decimals become doubles, as the reader decodes them);
 * dates, timestamps, times, unsigned 32-bit and 64-bit integers and byte arrays are written as
 * the text the CSV export writes.
 */
function keptType(field: SchemaElement): KeptType | null {
  const logical = field.logical_type;
  const converted = field.converted_type;
  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') return 'DOUBLE';
  if (logical && logical.type !== 'INTEGER') return null; // strings, dates, times, timestamps, ...
  if (converted && !/^U?INT_(8|16|32|64)$/.test(converted)) return null;
  // Unsigned 32- and 64-bit integers do not fit the signed type of their width: text.
  const unsignedWide = (logical?.type === 'INTEGER' && !logical.isSigned && logical.bitWidth >= 32) || converted === 'UINT_32' || converted === 'UINT_64';
  if (unsignedWide) return null;
  switch (field.type) {
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
    case 'BOOLEAN':
      return field.type;
    default:
      return null;
  }
}

/**
 * `fit --out` / `assign --out` with a `.parquet` name (writeSegmentedRows' Parquet twin, same
 * arguments: `kept` marks the rows that were clustered): every input row, then `Cluster` (a 32-bit
 * integer) and `Segment` (text), both null on a row that was not clustered; a row group of the
 * output per row group of a Parquet input (1 M rows of a CSV one). From a Parquet input each column
 * keeps its type where `keptType` allows; from a CSV every column is its cells as written, as text
 * (the CSV export's promise: nothing reformatted).
 */
export async function writeSegmentedParquet(
  inputPath: string, write: Write, labels: ArrayLike<number>, names: readonly string[], kept: Uint8Array | null, probability?: Float32Array,
): Promise<void> {
  const clusterOfRow = expandLabels(labels, kept);
  const probabilityOfRow = probability ? expandValues(probability, kept) : null;
  const blob = await openAsBlob(inputPath);
  const out = rowGroupWriter(write);
  // The file is read a second time for the export: one that changed in between would misalign the segments.
  const checkRowCount = (rows: number) => {
    if (rows !== clusterOfRow.length) throw new InputError(`${inputPath}: the file changed while it was read (${rows} rows now, ${clusterOfRow.length} clustered)`);
  };
  let row = 0;
  let headers: string[] = [];
  const added = (rows: number): ColumnSource[] => {
    const [cluster, segment, probabilityName] = addedColumnNames(headers, Boolean(probabilityOfRow));
    const labels = Array.from({ length: rows }, (_, r) => clusterOfRow[row + r]!);
    const columns: ColumnSource[] = [
      { name: cluster!, data: labels.map((label) => (label === NO_CLUSTER ? null : label)), type: 'INT32', nullable: true },
      { name: segment!, data: labels.map((label) => (label === NO_CLUSTER ? null : clusterCells(label, names)[1])), type: 'STRING', nullable: true },
    ];
    if (probabilityOfRow) {
      const values = Array.from(probabilityOfRow.subarray(row, row + rows), (p) => (Number.isNaN(p) ? null : p));
      columns.push({ name: probabilityName!, data: values, type: 'FLOAT', nullable: true });
    }
    return columns;
  };
  if (await isParquet(blob)) {
    let types: (KeptType | null)[] = [];
    const columnsOf = (rows: unknown[][]): ColumnSource[] => headers.map((name, c) => {
      const type = types[c];
      const values = rows.map((cells) => cells[c]);
      return type
        ? { name, data: values.map((v) => (v === undefined ? null : v)), type, nullable: true }
        : { name, data: values.map((v) => (v === null || v === undefined ? null : cellText(v))), type: 'STRING', nullable: true };
    });
    for await (const { fields, rows } of parquetRowGroups(blob, inputPath)) {
      headers = fields.map((field) => field.name);
      types = fields.map(keptType);
      await out.add([...columnsOf(rows), ...added(rows.length)], rows.length);
      row += rows.length;
    }
    checkRowCount(row);
    await out.finish([...columnsOf([]), ...added(0)]);
    return;
  }
  let pending: string[][] = [];
  const columnsOf = (rows: string[][]): ColumnSource[] =>
    headers.map((name, c) => ({ name, data: rows.map((cells) => cells[c] ?? ''), type: 'STRING', nullable: false }));
  const flush = async () => {
    await out.add([...columnsOf(pending), ...added(pending.length)], pending.length);
    row += pending.length;
    pending = [];
  };
  for await (const batch of readCsvBatches(blob)) {
    for (const cells of batch.rows) {
      if (headers.length === 0) headers = cells.map((cell) => cell.trim());
      else pending.push(cells);
      if (pending.length === ROW_GROUP_ROWS) await flush();
    }
  }
  if (pending.length > 0) await flush();
  checkRowCount(row);
  await out.finish([...columnsOf([]), ...added(0)]);
}
