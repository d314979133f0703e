import { openAsBlob } from 'node:fs';
import { FORMULA_CELL } from '../data/cells.ts';
import { NO_CLUSTER } from '../data/csv-export.ts';
import { NO_SEGMENT, NOISE } from '../data/labels.ts';
import { readCsvBatches } from '../data/csv-stream.ts';
import { MAX_CLUSTERS } from '../data/features.ts';
import { InputError } from './input-error.ts';
import { requireFile } from './input-file.ts';

/** The segmentation a `fit --out` (or `assign --out`) file carries: each row's cluster and the clusters' names. */
export interface SegmentedLabels {
  /** The file as messages name it. */
  readonly file: string;
  /** The header of the column read ("Cluster", or "Cluster 2" when the input had a Cluster column of its own). */
  readonly clusterColumn: string;
  /** Cluster of each data row; NO_CLUSTER where the cell is empty (a row fit left out, such as with --missing drop). */
  readonly labels: Int16Array;
  readonly rows: number;
  /** One more than the highest cluster number in the file. */
  readonly k: number;
  /** The Segment name of each cluster 0..k-1 ('' where the file names none). */
  readonly names: readonly string[];
}

const ADDED_COLUMN = /^(cluster|segment)(?: (\d+))?$/;
const CLUSTER_NUMBER = /^\d+$/;
const INITIAL_ROWS = 1 << 16;

/**
 * The Cluster and Segment columns the export added. It names them `Cluster`/`Segment`, or with the
 * first free suffix (`Cluster 2`/`Segment 2`) when the input had one of those names, so the pair
 * with the highest suffix is the export's; a Cluster column with no Segment beside it is taken
 * when there is no pair.
 */
function findAddedColumns(headers: readonly string[]): { cluster: number; segment: number } | null {
  const columns = new Map<string, { cluster: number; segment: number }>();
  headers.forEach((header, c) => {
    const match = ADDED_COLUMN.exec(header.trim().toLowerCase());
    if (!match) return;
    const tag = match[2] ?? '1';
    const entry = columns.get(tag) ?? { cluster: -1, segment: -1 };
    if (match[1] === 'cluster') entry.cluster = c;
    else entry.segment = c;
    columns.set(tag, entry);
  });
  const withCluster = [...columns.entries()].filter(([, entry]) => entry.cluster >= 0).sort(([x], [y]) => Number(y) - Number(x));
  return (withCluster.find(([, entry]) => entry.segment >= 0) ?? withCluster[0])?.[1] ?? null;
}

/** A name as the export wrote it: the `'` it puts before a cell a spreadsheet would run as a formula goes. */
const unescapeName = (cell: string) => (cell.startsWith("'") && FORMULA_CELL.test(cell.slice(1)) ? cell.slice(1) : cell);

/**
 * Read the cluster of every row of a segmented CSV file (streamed in batches; any delimiter,
 * BOM or encoding the batch reader handles) and the Segment name of each cluster. Strict, as
 * the feature reader is: a ragged row, or a Cluster cell that is not a whole number from 0 to
 * 255 (or -1, a density run's noise: one more group, "No segment"), stops with one line naming the file, the row
 * (the header is row 1) and the column.
 */
export async function readSegmentedLabels(path: string, file = path): Promise<SegmentedLabels> {
  await requireFile(path, file);

  let headers: string[] | null = null;
  let cluster = -1;
  let segment = -1;
  let labels = new Int16Array(INITIAL_ROWS);
  let rows = 0;
  let noise = 0;
  const names: string[] = [];
  for await (const batch of readCsvBatches(await openAsBlob(path))) {
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r]!;
      if (headers === null) {
        headers = row.map((h) => h.trim());
        const added = findAddedColumns(headers);
        if (!added) {
          throw new InputError(`${file}: row 1: no "Cluster" column (compare reads files written by fit --out); the columns are: ${headers.join(', ')}`);
        }
        ({ cluster, segment } = added);
        continue;
      }
      const rowNumber = batch.rowNumbers[r]!;
      if (row.length !== headers.length) throw new InputError(`${file}: row ${rowNumber} has ${row.length} fields, the header has ${headers.length}`);
      if (rows === labels.length) {
        const grown = new Int16Array(labels.length * 2);
        grown.set(labels);
        labels = grown;
      }
      const cell = row[cluster]!.trim();
      if (cell === '') {
        labels[rows++] = NO_CLUSTER;
        continue;
      }
      // A density run's customers in no segment: one more group, numbered after the clusters below.
      if (cell === String(NOISE)) {
        labels[rows++] = NOISE;
        noise++;
        continue;
      }
      const label = CLUSTER_NUMBER.test(cell) ? Number(cell) : Number.NaN;
      if (!(label < MAX_CLUSTERS)) {
        throw new InputError(`${file}: row ${rowNumber}, column "${headers[cluster]}": ${JSON.stringify(cell)} is not a cluster number (a whole number from 0 to ${MAX_CLUSTERS - 1})`);
      }
      labels[rows++] = label;
      // The first name seen for a cluster is its name (the export writes the same one on every row).
      if (names[label] === undefined) names[label] = segment >= 0 ? unescapeName(row[segment]!.trim()) : '';
    }
  }
  if (headers === null) throw new InputError(`${file}: the file is empty`);
  if (rows === 0) throw new InputError(`${file}: no data rows after the header`);
  if (noise > 0) {
    const noiseGroup = names.length;
    names.push(NO_SEGMENT);
    for (let r = 0; r < rows; r++) if (labels[r] === NOISE) labels[r] = noiseGroup;
  }
  const k = names.length;
  return { file, clusterColumn: headers[cluster]!, labels: labels.slice(0, rows), rows, k, names: Array.from({ length: k }, (_, c) => names[c] ?? '') };
}
