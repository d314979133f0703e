import * as Plot from '@observablehq/plot';
import type { CondensedNodes } from '../density/condensed-nodes.ts';
import { layoutIcicle, type IcicleRect } from './icicle-layout.ts';
import { plotSvg, withChartExport } from './image-export.ts';
import { clusterColor } from './palette.ts';

const STYLE = { background: 'transparent', color: '#e6e8ee', fontSize: '12px' };
const UNSELECTED = '#3a4050';

export interface CondensedTreeView {
  clearSelection(): void;
}

/**
 * Draws the condensed tree; selected clusters in their segment's colour. A click on a cluster
 * calls `onPick` with its node (again, or elsewhere: null).
 */
export function renderCondensedTree(
  root: HTMLElement, nodes: CondensedNodes, looks: { slots: readonly number[]; names: readonly string[] }, onPick: (node: number | null) => void,
): CondensedTreeView {
  const rects = layoutIcicle(nodes);
  let picked: number | null = null;
  const draw = () => {
    const width = Math.max(320, Math.min(900, root.clientWidth - 20));
    const chart = Plot.plot({
      width, height: 280, marginLeft: 56, style: STYLE,
      x: { label: 'customers →', axis: null },
      y: { label: 'λ = 1 / distance (denser ↓)', reverse: true, grid: true },
      marks: [
        Plot.rect(rects, {
          x1: 'x0', x2: 'x1', y1: 'birth', y2: 'death', inset: 0.5,
          fill: (r: IcicleRect) => (r.label >= 0 ? clusterColor(looks.slots[r.label] ?? r.label) : UNSELECTED),
          stroke: (r: IcicleRect) => (r.node === picked ? '#ffffff' : 'none'), strokeWidth: 2,
          title: (r: IcicleRect) => `${r.size.toLocaleString('en-US')} customers from distance ${(1 / r.birth).toPrecision(3)}` +
            (r.label >= 0 ? `: selected, ${looks.names[r.label] ?? `cluster ${r.label}`}` : ''),
        }),
      ],
    });
    chart.addEventListener('click', (event) => {
      const box = plotSvg(chart).getBoundingClientRect();
      const x = chart.scale('x')!.invert!((event as MouseEvent).clientX - box.left) as number;
      const y = chart.scale('y')!.invert!((event as MouseEvent).clientY - box.top) as number;
      // The deepest cluster under the pointer.
      const hit = rects.filter((r) => x >= r.x0 && x < r.x1 && y >= r.birth && y <= r.death).at(-1);
      picked = hit && hit.node !== picked ? hit.node : null;
      onPick(picked);
      draw();
    });
    chart.classList.add('chart', 'chart-condensed-tree');
    root.dataset.nodes = String(rects.length);
    root.dataset.picked = picked === null ? '' : String(picked);
    root.replaceChildren(withChartExport(chart, 'condensed-tree'));
  };
  draw();
  return {
    clearSelection() {
      if (picked === null) return;
      picked = null;
      draw();
    },
  };
}
