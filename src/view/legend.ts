import { clusterColor } from './palette.ts';
import { createFoldButton } from './fold-button.ts';

export interface LegendEntry {
  readonly name: string;
  /** Colour slot in the palette. */
  readonly slot: number;
  readonly size: number;
}

/** Cluster legend: colour, segment name, size and share. Names are set as text, never HTML. */
export function createLegend(root: HTMLElement, onPick?: (cluster: number, add: boolean) => void) {
  // A click isolates that segment in the view; Ctrl or Shift adds it to those isolated.
  root.addEventListener('click', (event) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.legend-row');
    if (row?.dataset.cluster !== undefined && row.dataset.pickable === 'true') onPick?.(Number(row.dataset.cluster), event.ctrlKey || event.metaKey || event.shiftKey);
  });
  root.addEventListener('keydown', (event) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.legend-row');
    if ((event.key === 'Enter' || event.key === ' ') && row?.dataset.pickable === 'true') {
      event.preventDefault();
      onPick?.(Number(row.dataset.cluster), event.ctrlKey || event.metaKey || event.shiftKey);
    }
  });
  // Folded, the legend keeps only its colour dots (names in their tooltips), so short windows keep
  // the view; the HUD folds the same way, on short windows by itself.
  const foldItem = document.createElement('li');
  foldItem.className = 'legend-fold';
  foldItem.append(createFoldButton(root, { name: 'fold-legend', foldedClass: 'legend-folded', fold: 'Show only the colour keys', unfold: 'Show the segment names' }));
  return {
    /**
     * `pickable`: a finished run's segments, which a click isolates; `isolated` marks those
     * isolated now (aria-pressed).
     */
    update(entries: readonly LegendEntry[], pickable = false, isolated: readonly number[] = []) {
      const total = entries.reduce((sum, e) => sum + e.size, 0) || 1;
      root.replaceChildren(
        ...entries.map((entry, index) => {
          const row = document.createElement('li');
          row.className = 'legend-row';
          row.dataset.cluster = String(index);
          row.dataset.pickable = String(pickable);
          const share = `${entry.size.toLocaleString('en-US')} · ${((100 * entry.size) / total).toFixed(1)}%`;
          row.title = `${entry.name}: ${share}`;
          if (pickable) {
            row.tabIndex = 0;
            row.setAttribute('role', 'button');
            row.setAttribute('aria-pressed', String(isolated.includes(index)));
            row.title += '. Click to show only this segment (click again for all; Ctrl or Shift adds it)';
          }
          const swatch = document.createElement('span');
          swatch.className = 'legend-swatch';
          swatch.style.background = clusterColor(entry.slot);
          const name = document.createElement('span');
          name.className = 'legend-name';
          name.textContent = entry.name;
          const size = document.createElement('span');
          size.className = 'legend-size';
          size.textContent = share;
          row.append(swatch, name, size);
          return row;
        }),
        ...(entries.length > 0 ? [foldItem] : []),
      );
    },
  };
}

export type Legend = ReturnType<typeof createLegend>;
