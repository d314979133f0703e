import { stabilityReading } from '../analysis/cluster-stability.ts';
import type { SegmentStabilityReport } from '../protocol/segments.ts';
import { clusterColor } from './palette.ts';

/**
 * Each segment's stability under resampling, as the analyst reads it: its colour, its name and
 * a plain sentence ("stable (Jaccard 0.98; never dissolved)"), with how it was measured.
 */
export function renderSegmentStability(root: HTMLElement, report: SegmentStabilityReport, names: readonly string[], slots: readonly number[]): void {
  const heading = document.createElement('h3');
  heading.textContent = 'Stability of each segment';
  const list = document.createElement('ul');
  list.className = 'stability-list';
  report.perCluster.forEach((segment, cluster) => {
    const item = document.createElement('li');
    item.dataset.cluster = String(cluster);
    item.dataset.jaccard = segment.meanJaccard.toFixed(3);
    const swatch = document.createElement('span');
    swatch.className = 'legend-swatch';
    swatch.style.background = clusterColor(slots[cluster] ?? cluster);
    const name = document.createElement('strong');
    name.textContent = names[cluster] ?? `Segment ${cluster}`;
    const text = document.createElement('span');
    text.append(name, `: ${stabilityReading(segment)}`);
    item.append(swatch, text);
    list.append(item);
  });
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = `Each segment's best Jaccard overlap with the clusters of ${report.resamples} seeded subsets of ` +
    `${report.subsetSize.toLocaleString('en-US')} customers (80 % of a sample of ${report.sampleSize.toLocaleString('en-US')}), ` +
    'each clustered again with the same k (Hennig\'s clusterboot): 0.75 and more is stable, under 0.5 the segment dissolved.';
  root.replaceChildren(heading, list, note);
}
