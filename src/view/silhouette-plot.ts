import * as Plot from '@observablehq/plot';
import { clusterColor } from './palette.ts';
import { withChartExport } from './image-export.ts';
import type { ClusterSilhouette } from '../protocol/segments.ts';

/**
 * The classic silhouette plot for the chosen k: each sampled customer's silhouette, sorted
 * within its cluster, clusters stacked; the dashed line is the mean. Names label the clusters.
 */
export function renderSilhouettePlot(root: HTMLElement, s: ClusterSilhouette, names: readonly string[], slots: readonly number[]): void {
  const bars: { row: number; value: number; cluster: string; slot: number }[] = [];
  // Each cluster's name beside its block, so an exported SVG or PNG still says which is which.
  const blockNames: { row: number; name: string; slot: number }[] = [];
  let row = 0;
  for (let c = 0; c < s.k; c++) {
    const values = [...s.values.filter((_, i) => s.labels[i] === c)].sort((a, b) => b - a);
    const first = row;
    for (const value of values) bars.push({ row: row++, value, cluster: names[c] ?? `Cluster ${c + 1}`, slot: slots[c] ?? c });
    if (values.length > 0) blockNames.push({ row: Math.floor((first + row - 1) / 2), name: names[c] ?? `Cluster ${c + 1}`, slot: slots[c] ?? c });
    row += Math.ceil(s.sampleSize / 100);
  }
  const chart = Plot.plot({
    width: 420, height: 260, marginLeft: 20, style: { background: 'transparent', color: '#e6e8ee', fontSize: '11px' },
    x: { label: 'silhouette', domain: [Math.min(-0.1, ...s.values), 1], grid: true },
    y: { axis: null },
    marks: [
      Plot.barX(bars, { x: 'value', y: 'row', fill: (b) => clusterColor(b.slot), title: 'cluster' }),
      Plot.ruleX([s.mean], { stroke: '#fff', strokeDasharray: '4 3' }),
      Plot.ruleX([0]),
      Plot.text(blockNames, { x: 1, y: 'row', text: 'name', textAnchor: 'end', fill: '#e6e8ee', stroke: '#0f1117', strokeWidth: 3, fontSize: 10, dx: -2 }),
    ],
  });
  chart.classList.add('chart-silhouette-clusters');
  const caption = document.createElement('p');
  caption.className = 'sweep-note';
  caption.textContent = `${s.exact ? 'Exact silhouette' : `Silhouette of a seeded sample of ${s.sampleSize.toLocaleString('en-US')} customers`}: ` +
    `mean ${s.mean.toFixed(3)} (dashed; distances on the ${s.backend === 'webgpu' ? 'GPU' : 'CPU'}). Centre-based silhouette over all customers: ${s.simplifiedMean.toFixed(3)}. ` +
    `Per segment: ${names.map((n, c) => `${n} ${s.perCluster[c]!.toFixed(2)}`).join('; ')}.`;
  root.replaceChildren(withChartExport(chart, 'silhouette-per-segment'), caption);
}
