import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { customerId, type Dataset } from '../data/dataset.ts';
import { ID_COLUMN } from '../data/features.ts';
import type { Write } from './output-file.ts';

/** Rows per row group: a reader's unit of work (and ours: 1 M rows is about 16 MB in memory). */
const ROW_GROUP_ROWS = 1 << 20;

/**
 * Generated customers as Parquet (hyparquet-writer, snappy): the id as a 32-bit integer and each
 * feature as a 32-bit float, the values the CSV writes as text. Written a row group at a time
 * through `write`, so a 100 M-customer file never sits in memory whole.
 */
export async function writeCustomersParquet(dataset: Dataset, write: Write): Promise<void> {
  const bytes = new ByteWriter();
  const columnsOf = (start: number, end: number): ColumnSource[] => [
    { name: ID_COLUMN, data: Int32Array.from({ length: end - start }, (_, i) => customerId(dataset, start + i)), type: 'INT32', nullable: false },
    ...dataset.featureNames.map((name, f): ColumnSource => ({ name, data: dataset.columns[f]!.subarray(start, end), type: 'FLOAT', nullable: false })),
  ];
  const writer = new ParquetWriter({ writer: bytes, schema: schemaFromColumnData({ columnData: columnsOf(0, 0) }), createdBy: 'kmeans-segmentation-workbench' });
  // The writer keeps its own offsets: emptying the buffer (not its count of bytes) after each group is how its file writer works too.
  const drain = async () => {
    const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
    bytes.index = 0;
    await write(chunk);
  };
  for (let start = 0; start < dataset.n; start += ROW_GROUP_ROWS) {
    const end = Math.min(dataset.n, start + ROW_GROUP_ROWS);
    writer.write({ columnData: columnsOf(start, end), rowGroupSize: end - start });
    await drain();
  }
  writer.finish();
  await drain();
}
