import { customerId } from '../data/dataset.ts';
import { ID_COLUMN } from '../data/features.ts';
import { findText, textAt } from '../data/text-column.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import type { SourceData } from './run-exports.ts';

/**
 * Which customer a drawn point is, and back: the drawn rows are the source rows the outlier
 * policy kept, and an imported file's source rows are its data rows the bad-row choice kept.
 * Row maps are built once per dataset and policy (4 bytes a customer).
 */
export class CustomerRows {
  private drawnToSource: Uint32Array | null = null;
  private sourceToFile: Uint32Array | null = null;

  constructor(readonly source: SourceData, private readonly outlierKept: Uint8Array | null) {}

  /** The source row (business values in source.columns) of drawn row `row`. */
  sourceRow(row: number): number {
    this.drawnToSource ??= this.outlierKept ? keptRows(this.outlierKept) : null;
    return this.drawnToSource ? this.drawnToSource[row]! : row;
  }

  /** The file data row (0-based) of a source row, for an imported file. */
  private fileRow(sourceRow: number): number {
    this.sourceToFile ??= this.source.fileKept ? keptRows(this.source.fileKept) : null;
    return this.sourceToFile ? this.sourceToFile[sourceRow]! : sourceRow;
  }

  /** How customers are named here (the id column's header) and drawn row `row`'s name. */
  identify(row: number): { idLabel: string; id: string } {
    const sourceRow = this.sourceRow(row);
    const { dataset, identifier } = this.source;
    if (dataset) return { idLabel: ID_COLUMN, id: String(customerId(dataset, sourceRow)) };
    const fileRow = this.fileRow(sourceRow);
    if (identifier) return { idLabel: identifier.header, id: textAt(identifier.texts, fileRow) };
    // No id column: the row as a spreadsheet numbers it (the header is row 1).
    return { idLabel: 'Row', id: String(fileRow + 2) };
  }

  /**
   * The drawn row of the customer `query` names (its id, or "row N" of a file without ids), or
   * why there is none.
   */
  find(query: string): { row: number } | { problem: string } {
    const wanted = query.trim();
    if (wanted === '') return { problem: 'Type a customer id to search for.' };
    const sourceRow = this.sourceRowOf(wanted);
    if (sourceRow < 0) return { problem: `No customer has the id ${JSON.stringify(wanted)}.` };
    if (sourceRow >= this.source.n) return { problem: `Customer ${wanted} was left out (a bad row dropped at import).` };
    if (!this.outlierKept) return { row: sourceRow };
    if (!this.outlierKept[sourceRow]) return { problem: `Customer ${wanted} was dropped as an outlier (Explore keeps them again).` };
    let row = 0;
    for (let i = 0; i < sourceRow; i++) row += this.outlierKept[i]!;
    return { row };
  }

  /** Source row of the customer an id names: -1 when none; n or more when it was dropped at import. */
  private sourceRowOf(wanted: string): number {
    const { dataset, identifier, fileKept, n } = this.source;
    if (dataset) {
      if (dataset.ids) return dataset.ids.indexOf(Number(wanted));
      const id = Number(wanted);
      return Number.isInteger(id) && id >= 1 && id <= n ? id - 1 : -1;
    }
    let fileRow = -1;
    if (identifier) fileRow = findText(identifier.texts, wanted);
    else {
      const spreadsheetRow = Number(/^row\s*(\d+)$/i.exec(wanted)?.[1] ?? wanted);
      if (Number.isInteger(spreadsheetRow) && spreadsheetRow >= 2) fileRow = spreadsheetRow - 2;
    }
    if (fileRow < 0 || (fileKept && fileRow >= fileKept.length)) return -1;
    if (!fileKept) return fileRow < n ? fileRow : -1;
    if (!fileKept[fileRow]) return n;
    let sourceRow = 0;
    for (let i = 0; i < fileRow; i++) sourceRow += fileKept[i]!;
    return sourceRow;
  }
}

/** The indices of the rows a keep-mask keeps, in order. */
function keptRows(kept: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < kept.length; i++) count += kept[i]!;
  const rows = new Uint32Array(count);
  for (let i = 0, o = 0; i < kept.length; i++) if (kept[i]) rows[o++] = i;
  return rows;
}

/** Distances (in the standardised units the engine clusters in) from one point to its centroid and the runner-up. */
export function centroidDistances(points: PointMatrix, row: number, centroids: Float64Array, k: number, label: number) {
  const { d, data } = points;
  let own = Number.NaN;
  let runnerUp = Number.POSITIVE_INFINITY;
  let runnerUpCluster = -1;
  for (let c = 0; c < k; c++) {
    let squared = 0;
    for (let f = 0; f < d; f++) squared += (data[row * d + f]! - centroids[c * d + f]!) ** 2;
    const distance = Math.sqrt(squared);
    if (c === label) own = distance;
    else if (distance < runnerUp) {
      runnerUp = distance;
      runnerUpCluster = c;
    }
  }
  return { own, runnerUp: runnerUpCluster < 0 ? Number.NaN : runnerUp, runnerUpCluster };
}
