import { customerId } from '../../data/dataset.ts';
import { ID_COLUMN } from '../../data/features.ts';
import type { Identifier } from '../../data/csv-import.ts';
import { findText, matchingRows, textAt } from '../../data/text-column.ts';
import type { PointMatrix } from '../../kmeans/types.ts';
import type { CustomerSearch } from '../../protocol/query.ts';
import type { SourceData } from '../data/run-exports.ts';

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
   * What `query` finds: the drawn row of the customer its id names (or "row N" of a file without
   * ids); else, in an imported file, every customer whose text in another column is the query
   * ("Female"), or in the column it names ("Gender = Female", "Gender: Female"); or why nothing.
   */
  find(query: string): CustomerSearch {
    const wanted = query.trim();
    if (wanted === '') return { problem: 'Type a customer id, or a text from one of the file\'s columns, to search for.' };
    const named = this.namedColumn(wanted);
    if (named && named.column !== this.source.identifier) return this.findText([named.column], named.value);
    if (named) return this.findId(named.value) ?? { problem: `No customer has the id ${JSON.stringify(named.value)}.` };
    const byId = this.findId(wanted);
    if (byId || !this.source.searchable?.length) return byId ?? { problem: `No customer has the id ${JSON.stringify(wanted)}.` };
    const byText = this.findText(this.source.searchable, wanted);
    return 'problem' in byText ? { problem: `No customer has the id or any text ${JSON.stringify(wanted)} (searched ${this.columnNames()}).` } : byText;
  }

  /** "Header = value" or "Header: value" for one of the file's text columns (the header's case ignored). */
  private namedColumn(query: string): { column: Identifier; value: string } | null {
    const match = /^(.+?)\s*[=:]\s*(.+)$/.exec(query);
    if (!match) return null;
    const header = match[1]!.trim().toLowerCase();
    const column = this.textColumns().find((c) => c.header.trim().toLowerCase() === header);
    return column ? { column, value: match[2]!.trim() } : null;
  }

  /** The file's columns kept as text: the id first, then the ones search looks in. */
  private textColumns(): Identifier[] {
    return [this.source.identifier, ...(this.source.searchable ?? [])].filter((c): c is Identifier => !!c);
  }

  private columnNames(): string {
    return this.textColumns().map((c) => c.header).join(', ');
  }

  /** The customers whose text in the first of `columns` that has any is `value`. */
  private findText(columns: readonly Identifier[], value: string): CustomerSearch {
    for (const column of columns) {
      const found = matchingRows(column.texts, value);
      if (found.count === 0) continue;
      const drawn = this.drawnMask(found.mask);
      const where = `${column.header} = ${JSON.stringify(value)}`;
      const who = found.count === 1 ? `The customer with ${where} is` : `The ${found.count.toLocaleString('en-US')} customers with ${where} are`;
      if (drawn.count === 0) return { problem: `${who} not drawn (dropped at import or as outliers).` };
      return { rows: drawn.mask, count: drawn.count, where, hidden: found.count - drawn.count };
    }
    return { problem: `No customer has ${columns.length === 1 ? `${columns[0]!.header} = ` : ''}${JSON.stringify(value)}.` };
  }

  /** A mask over file data rows as a mask over drawn rows (skipping rows dropped at import or as outliers). */
  private drawnMask(fileMask: Uint8Array): { mask: Uint8Array; count: number } {
    const { fileKept } = this.source;
    const mask = new Uint8Array(this.outlierKept ? countKept(this.outlierKept) : this.source.n);
    let count = 0;
    for (let fileRow = 0, sourceRow = 0, row = 0; fileRow < fileMask.length; fileRow++) {
      if (fileKept && !fileKept[fileRow]) continue;
      const drawn = !this.outlierKept || this.outlierKept[sourceRow] === 1;
      sourceRow++;
      if (!drawn) continue;
      if (fileMask[fileRow]) {
        mask[row] = 1;
        count++;
      }
      row++;
    }
    return { mask, count };
  }

  /** The customer id `wanted` names, or why it is not drawn; null when no customer has that id. */
  private findId(wanted: string): CustomerSearch | null {
    const sourceRow = this.sourceRowOf(wanted);
    if (sourceRow < 0) return null;
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

function countKept(kept: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < kept.length; i++) count += kept[i]!;
  return count;
}

/** The indices of the rows a keep-mask keeps, in order. */
function keptRows(kept: Uint8Array): Uint32Array {
  const rows = new Uint32Array(countKept(kept));
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
