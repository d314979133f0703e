import type { SelectionSummary } from '../protocol/query.ts';
import type { CardLooks } from './hover-card.ts';
import { makeButton } from './button.ts';
import { clusterColor } from './palette.ts';

export interface SelectionActions {
  readonly exportCsv: () => void;
  readonly keepAsFilter: () => void;
  readonly clear: () => void;
}

const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * What a lasso selected: how many customers, their share per segment (with colour keys) and
 * each feature's mean and range in business units; export, keep as a filter, or clear.
 */
export function renderSelection(root: HTMLElement, summary: SelectionSummary, looks: CardLooks | null, filtering: boolean, actions: SelectionActions) {
  root.className = 'selection-panel';
  root.hidden = false;
  root.dataset.count = String(summary.count);
  const title = document.createElement('div');
  title.className = 'selection-title';
  title.textContent = `${filtering ? 'Filter' : 'Selection'}: ${summary.count.toLocaleString('en-US')} of ${summary.n.toLocaleString('en-US')} customers (${((100 * summary.count) / summary.n).toFixed(1)}%)`;

  const shares = document.createElement('ul');
  shares.className = 'selection-shares';
  summary.perCluster.forEach((count, cluster) => {
    if (count === 0) return;
    const row = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'legend-swatch';
    swatch.style.background = clusterColor(looks?.slots[cluster] ?? cluster);
    const name = document.createElement('span');
    name.textContent = `${looks?.names[cluster] ?? `Cluster ${cluster}`}: ${count.toLocaleString('en-US')} (${((100 * count) / Math.max(1, summary.count)).toFixed(1)}%)`;
    row.append(swatch, name);
    shares.append(row);
  });

  const table = document.createElement('table');
  table.className = 'selection-stats';
  const head = table.createTHead().insertRow();
  for (const text of ['', 'mean', 'min', 'max']) {
    const cell = document.createElement('th');
    cell.textContent = text;
    head.append(cell);
  }
  const body = table.createTBody();
  for (const feature of summary.features) {
    const row = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = feature.name;
    row.append(name);
    for (const value of [feature.mean, feature.min, feature.max]) row.insertCell().textContent = summary.count ? number(value) : '–';
  }

  const buttons = document.createElement('div');
  buttons.className = 'selection-actions';
  buttons.append(makeButton('Export CSV', 'export-selection', actions.exportCsv));
  if (!filtering) buttons.append(makeButton('Keep as filter', 'keep-filter', actions.keepAsFilter));
  buttons.append(makeButton(filtering ? 'Clear filter' : 'Clear', 'clear-selection', actions.clear));
  root.replaceChildren(title, shares, table, buttons);
}
