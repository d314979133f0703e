import { clusterColor } from './palette.ts';

export interface LegendEntry {
  readonly name: string;
  /** Colour slot in the palette. */
  readonly slot: number;
  readonly size: number;
}

/** Cluster legend: colour, segment name, size and share. Names are set as text, never HTML. */
export function createLegend(root: HTMLElement) {
  return {
    update(entries: readonly LegendEntry[]) {
      const total = entries.reduce((sum, e) => sum + e.size, 0) || 1;
      root.replaceChildren(
        ...entries.map((entry, index) => {
          const row = document.createElement('li');
          row.className = 'legend-row';
          row.dataset.cluster = String(index);
          const swatch = document.createElement('span');
          swatch.className = 'legend-swatch';
          swatch.style.background = clusterColor(entry.slot);
          const name = document.createElement('span');
          name.className = 'legend-name';
          name.textContent = entry.name;
          const size = document.createElement('span');
          size.className = 'legend-size';
          size.textContent = `${entry.size.toLocaleString('en-US')} · ${((100 * entry.size) / total).toFixed(1)}%`;
          row.append(swatch, name, size);
          return row;
        }),
      );
    },
  };
}
