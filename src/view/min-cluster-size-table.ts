import type { MinClusterSizeSweep } from '../analysis/density-sweep.ts';

/**
 * The min_cluster_size sweep as a table (the k table's look): clusters, noise share and the
 * silhouette of the clustered customers per size; the best silhouette marked. A click on a row
 * (or Enter on it) calls `onPick` with that size.
 */
export function renderMinClusterSizeTable(root: HTMLElement, sweep: MinClusterSizeSweep, onPick: (minClusterSize: number) => void): void {
  const table = document.createElement('table');
  table.className = 'k-table min-cluster-size-table';
  const head = table.createTHead().insertRow();
  for (const title of ['min_cluster_size', 'on the sample', 'clusters', 'noise', 'silhouette (clustered)', 's']) {
    const cell = document.createElement('th');
    cell.textContent = title;
    head.append(cell);
  }
  const measured = sweep.rows.filter((row) => Number.isFinite(row.silhouette));
  const best = measured.length > 0 ? measured.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)) : null;
  const body = table.createTBody();
  for (const row of sweep.rows) {
    const line = body.insertRow();
    line.tabIndex = 0;
    line.dataset.minClusterSize = String(row.minClusterSize);
    if (row === best) line.classList.add('recommended');
    const cells = [
      row.minClusterSize.toLocaleString('en-US'), String(row.onSample), String(row.clusters), `${(100 * row.noiseShare).toFixed(1)} %`,
      Number.isFinite(row.silhouette) ? row.silhouette.toFixed(3) + (row === best ? ' ★' : '') : '—', (row.ms / 1000).toFixed(1),
    ];
    for (const text of cells) line.insertCell().textContent = text;
    line.title = `Run HDBSCAN with min_cluster_size ${row.minClusterSize}`;
    line.addEventListener('click', () => onPick(row.minClusterSize));
    line.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') onPick(row.minClusterSize);
    });
  }
  const scroller = document.createElement('div');
  scroller.className = 'k-table-scroll';
  scroller.append(table);
  const note = document.createElement('p');
  note.className = 'sweep-note';
  note.textContent = sweep.sampled < sweep.n
    ? `On a seeded sample of ${sweep.sampled.toLocaleString('en-US')} of the ${sweep.n.toLocaleString('en-US')} customers, each size scaled by the sample's share; min_samples ${sweep.minSamples}. ★: the best silhouette.`
    : `On all ${sweep.n.toLocaleString('en-US')} customers; min_samples ${sweep.minSamples}. ★: the best silhouette.`;
  root.replaceChildren(scroller, note);
}
