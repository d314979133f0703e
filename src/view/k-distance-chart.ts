import * as Plot from '@observablehq/plot';
import type { KDistanceCurve } from '../analysis/k-distance.ts';
import { plotSvg, withChartExport } from './image-export.ts';

const STYLE = { background: 'transparent', color: '#e6e8ee', fontSize: '12px' };
/** Points drawn on the curve: enough for its shape at any width. */
const DRAWN = 600;

/** eps as the panel shows it: three significant digits. */
export const roundEps = (eps: number) => Number(eps.toPrecision(3));

/**
 * The sorted k-distance curve, its knee marked with the eps it suggests; a click anywhere on the
 * chart calls `onPick` with the eps at that height of the curve (the knee's, or the analyst's own).
 */
export function renderKDistanceChart(root: HTMLElement, curve: KDistanceCurve, onPick: (eps: number) => void): void {
  const { distances, knee } = curve;
  const step = Math.max(1, Math.floor(distances.length / DRAWN));
  const share = (i: number) => (100 * i) / distances.length;
  const data = Array.from({ length: Math.ceil(distances.length / step) }, (_, j) => ({ share: share(j * step), eps: distances[j * step]! }));
  const kneePoint = knee >= 0 ? { share: share(knee), eps: distances[knee]! } : null;
  const width = Math.max(300, Math.min(640, root.clientWidth - 20));
  const chart = Plot.plot({
    width, height: 240, marginLeft: 52, style: STYLE,
    x: { label: `customers, by distance to their ${curve.k}th neighbour (%)`, domain: [0, 100] },
    y: { label: `distance to the ${curve.k}th neighbour (eps, std. dev.)`, grid: true },
    marks: [
      Plot.line(data, { x: 'share', y: 'eps', stroke: '#56B4E9' }),
      ...(kneePoint
        ? [
            Plot.ruleY([kneePoint.eps], { stroke: '#E69F00', strokeDasharray: '4 3' }),
            Plot.dot([kneePoint], { x: 'share', y: 'eps', stroke: '#E69F00', r: 7, strokeWidth: 2 }),
            Plot.text([kneePoint], {
              x: 'share', y: 'eps', dx: 12, dy: -12, textAnchor: 'start', fill: '#E69F00',
              text: () => `knee: eps ≈ ${roundEps(kneePoint.eps)} (${kneePoint.share.toFixed(1)} % of customers are not core points there)`,
            }),
          ]
        : []),
    ],
  });
  chart.addEventListener('click', (event) => {
    const box = plotSvg(chart).getBoundingClientRect();
    const eps = chart.scale('y')!.invert!((event as MouseEvent).clientY - box.top) as number;
    if (Number.isFinite(eps) && eps > 0) onPick(roundEps(eps));
  });
  chart.classList.add('chart', 'chart-k-distance');
  root.dataset.knee = kneePoint ? String(roundEps(kneePoint.eps)) : '';
  root.replaceChildren(withChartExport(chart, 'k-distance'));
}
