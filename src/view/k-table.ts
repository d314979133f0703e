import { GAP_REFERENCES } from '../analysis/gap.ts';
import type { ColumnBest, KRow } from '../analysis/recommend.ts';
import { STABILITY_FRACTION } from '../analysis/stability.ts';
import type { TableOfK } from '../analysis/table-of-k.ts';

/** The mark after each column's best value (bold too; the cell's title says why). */
const BEST_MARK = '★';

interface Column {
  /** data-column of its cells. */
  readonly id: string;
  readonly title: string;
  /** Which of the column marks is this column's, or null (no best: the smallest share). */
  readonly best: keyof ColumnBest | null;
  /** Why the marked value is the best, for the cell's title and screen readers. */
  readonly why: string;
  /** NaN where undefined (k = 1's silhouette): shown as a dash. */
  readonly value: (row: KRow) => number;
  readonly text: (value: number, row: KRow) => string;
}

/** Large sums without an exponent, small ones with six significant digits (as the CLI prints them). */
const magnitude = (v: number) => (Math.abs(v) >= 1e5 ? v.toFixed(0) : v.toPrecision(6));
const fixed = (v: number) => v.toFixed(3);
const withSpread = (spread: (row: KRow) => number) => (v: number, row: KRow) => `${v.toFixed(3)} ± ${spread(row).toFixed(3)}`;

const COLUMNS: readonly Column[] = [
  { id: 'wcss', title: 'WCSS', best: 'elbow', why: 'the elbow of the WCSS curve (Kneedle)', value: (r) => r.wcss, text: magnitude },
  { id: 'silhouette', title: 'silhouette', best: 'silhouette', why: 'the highest silhouette', value: (r) => r.silhouette, text: fixed },
  { id: 'simplified', title: 'centre-based silhouette', best: 'simplifiedSilhouette', why: 'the highest centre-based silhouette', value: (r) => r.simplifiedSilhouette, text: fixed },
  { id: 'calinski-harabasz', title: 'Calinski-Harabasz', best: 'calinskiHarabasz', why: 'the highest Calinski-Harabasz index', value: (r) => r.calinskiHarabasz, text: magnitude },
  { id: 'davies-bouldin', title: 'Davies-Bouldin', best: 'daviesBouldin', why: 'the lowest Davies-Bouldin index', value: (r) => r.daviesBouldin, text: fixed },
  { id: 'gap', title: 'gap ± se', best: 'gap', why: "the gap rule's k: the smallest k with gap(k) ≥ gap(k+1) − se(k+1)", value: (r) => r.gap, text: withSpread((r) => r.gapSe) },
  { id: 'stability', title: 'stability ± sd', best: 'stability', why: 'the highest stability', value: (r) => r.stability, text: withSpread((r) => r.stabilitySd) },
  { id: 'smallest-share', title: 'smallest share', best: null, why: '', value: (r) => r.smallestShare, text: (v) => `${(100 * v).toFixed(1)} %` },
];

const customers = (count: number) => `${count.toLocaleString('en-US')} customer${count === 1 ? '' : 's'}`;

/**
 * The table of k: one row per k with every criterion, each column's best marked, and the
 * recommendation sentence above it. Clicking a row, or Enter on it, calls `onPick(k)`.
 * Text only (textContent): nothing from the data becomes HTML.
 */
export function renderKTable(root: HTMLElement, table: TableOfK, onPick: (k: number) => void, onExport?: () => void): void {
  const { n } = table;
  const recommendation = document.createElement('p');
  recommendation.className = 'k-recommendation';
  recommendation.dataset.k = String(table.recommendation.k ?? '');
  recommendation.textContent = `Recommendation: ${table.recommendation.sentence}.`;

  const columns = COLUMNS.filter((column) => column.id !== 'stability' || table.stability !== null);
  const element = document.createElement('table');
  element.className = 'k-table';
  const head = element.createTHead().insertRow();
  for (const title of ['k', ...columns.map((column) => column.title)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    tr.dataset.k = String(row.k);
    tr.tabIndex = 0;
    tr.title = `Cluster with k = ${row.k}`;
    if (row.k === table.recommendation.k) tr.classList.add('recommended');
    tr.addEventListener('click', () => onPick(row.k));
    tr.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      onPick(row.k);
    });
    const kCell = document.createElement('th');
    kCell.scope = 'row';
    kCell.textContent = String(row.k);
    tr.append(kCell);
    for (const column of columns) tr.append(cell(column, row, table.best));
  }

  const scroller = document.createElement('div');
  // Nine columns overflow a narrow drawer: the table scrolls sideways, the page does not.
  scroller.className = 'k-table-scroll';
  scroller.append(element);
  const note = document.createElement('p');
  note.className = 'sweep-note k-table-note';
  note.textContent = `${BEST_MARK} the best of its column: the elbow of WCSS, the highest silhouettes, Calinski-Harabasz and stability, ` +
    `the lowest Davies-Bouldin, and the gap rule. Gap (${GAP_REFERENCES} uniform reference sets) and stability ` +
    (table.stability
      ? `(mean adjusted Rand index between ${table.stability.resamples} subsets of ${Math.round(STABILITY_FRACTION * 100)} %) `
      : '') +
    `on ${table.resamplingSampleSize >= n ? `all ${customers(n)}` : `a seeded sample of ${customers(table.resamplingSampleSize)}`}; ` +
    `the indices and smallest share on every customer. Click a row (or press Enter on it) to cluster with that k.`;
  root.replaceChildren(recommendation, scroller, note);
  if (onExport) {
    const download = document.createElement('button');
    download.type = 'button';
    download.name = 'export-k-table';
    download.textContent = 'Download the table (CSV)';
    download.addEventListener('click', onExport);
    root.append(download);
  }
}

function cell(column: Column, row: KRow, best: ColumnBest): HTMLTableCellElement {
  const td = document.createElement('td');
  td.dataset.column = column.id;
  const value = column.value(row);
  if (!Number.isFinite(value)) {
    td.textContent = '–';
    td.title = 'not defined at this k';
    return td;
  }
  td.textContent = column.text(value, row);
  if (column.best !== null && best[column.best] === row.k) {
    td.classList.add('best');
    td.title = `Best of its column: ${column.why}`;
    const mark = document.createElement('span');
    mark.className = 'best-mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = ` ${BEST_MARK}`;
    // Screen readers hear why instead of the star.
    const why = document.createElement('span');
    why.className = 'visually-hidden';
    why.textContent = ` (best: ${column.why})`;
    td.append(mark, why);
  }
  return td;
}
