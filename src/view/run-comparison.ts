import type { RunComparison } from '../analysis/run-comparison.ts';
import { makeButton } from './button.ts';
import { clusterColor } from './palette.ts';

/** One run's segments as the comparison names them. */
export interface RunLooks {
  readonly names: readonly string[];
  readonly slots: readonly number[];
}

function named(look: RunLooks, cluster: number): HTMLElement {
  const label = document.createElement('span');
  label.className = 'compare-name';
  const swatch = document.createElement('span');
  swatch.className = 'legend-swatch';
  swatch.style.background = clusterColor(look.slots[cluster] ?? cluster);
  label.append(swatch, ` ${look.names[cluster] ?? `Segment ${cluster}`}`);
  return label;
}

/**
 * The current run against the pinned one: the adjusted Rand index, each pinned segment's best
 * match, and the migration table (who moved from which segment to which), with totals.
 */
export function renderRunComparison(root: HTMLElement, comparison: RunComparison, pinned: RunLooks, current: RunLooks, onExport: () => void): void {
  const { table, kA, kB, rowTotals, columnTotals, n } = comparison.migration;
  const summary = document.createElement('p');
  summary.className = 'compare-ari';
  summary.dataset.ari = comparison.ari.toFixed(6);
  summary.textContent = `Adjusted Rand index ${comparison.ari.toFixed(3)} over ${n.toLocaleString('en-US')} customers ` +
    '(1: the same segments up to their numbers; about 0: no more alike than chance)' +
    (comparison.leftOut > 0 ? `; ${comparison.leftOut.toLocaleString('en-US')} customers one of the runs left out are not compared.` : '.');

  const matches = document.createElement('ul');
  matches.className = 'compare-matches';
  for (const match of comparison.matches) {
    if (match.match < 0) continue;
    const item = document.createElement('li');
    item.append(named(pinned, match.cluster), ' → ', named(current, match.match), ` (Jaccard ${match.jaccard.toFixed(2)})`);
    matches.append(item);
  }

  const migration = document.createElement('table');
  migration.className = 'migration';
  migration.dataset.n = String(n);
  const head = migration.createTHead().insertRow();
  const corner = document.createElement('th');
  corner.textContent = 'pinned ↓ · now →';
  head.append(corner);
  for (let j = 0; j < kB; j++) {
    const th = document.createElement('th');
    th.append(named(current, j));
    head.append(th);
  }
  const totalHead = document.createElement('th');
  totalHead.textContent = 'total';
  head.append(totalHead);
  const body = migration.createTBody();
  const numberCell = (row: HTMLTableRowElement, value: number, className?: string) => {
    const cell = row.insertCell();
    cell.textContent = value.toLocaleString('en-US');
    if (className) cell.className = className;
  };
  for (let i = 0; i < kA; i++) {
    const row = body.insertRow();
    row.dataset.cluster = String(i);
    const th = document.createElement('th');
    th.append(named(pinned, i));
    row.append(th);
    for (let j = 0; j < kB; j++) numberCell(row, table[i * kB + j]!, table[i * kB + j]! > 0 && comparison.matches[i]?.match === j ? 'best' : undefined);
    numberCell(row, rowTotals[i]!, 'total');
  }
  const totals = migration.createTFoot().insertRow();
  const totalLabel = document.createElement('th');
  totalLabel.textContent = 'total';
  totals.append(totalLabel);
  for (let j = 0; j < kB; j++) numberCell(totals, columnTotals[j]!, 'total');
  numberCell(totals, n, 'total');

  const scroll = document.createElement('div');
  scroll.className = 'migration-scroll';
  scroll.append(migration);
  const exportButton = makeButton('Export the migration table (CSV)', 'export-migration', onExport);
  root.replaceChildren(summary, matches, scroll, exportButton);
}
