import * as Plot from '@observablehq/plot';
import type { SweepResult } from '../analysis/sweep.ts';
import { plotSvg, withChartExport } from './image-export.ts';

const STYLE = { background: 'transparent', color: '#e6e8ee', fontSize: '12px' };

/**
 * The elbow chart (WCSS against k, elbow marked) and the silhouette chart (sampled or exact,
 * and centre-based) for one sweep. Clicking either chart at a k calls `onPick(k)`.
 */
export function renderElbowCharts(root: HTMLElement, sweep: SweepResult, onPick: (k: number) => void): void {
  const data = sweep.points.map((p) => ({ ...p }));
  const ks = data.map((p) => p.k);
  const width = Math.max(300, Math.min(520, (root.clientWidth - 40) / 2));
  const x = { type: 'linear' as const, label: 'k (clusters)', ticks: ks, tickFormat: 'd', domain: [ks[0]! - 0.3, ks.at(-1)! + 0.3] };
  const elbow = data.find((p) => p.k === sweep.elbowK);
  // Room for the longest WCSS tick ("2,500,000" at a million customers): about 7.5 px a character at 12 px.
  const longestTick = Math.max(...data.map((p) => Math.round(p.wcss).toLocaleString('en-US').length));
  const wcssMargin = Math.max(48, Math.ceil(16 + 7.5 * longestTick));

  const wcss = Plot.plot({
    width, height: 220, marginLeft: wcssMargin, style: STYLE, x,
    y: { label: 'WCSS (inertia, scaled units)', grid: true },
    marks: [
      Plot.line(data, { x: 'k', y: 'wcss', stroke: '#56B4E9' }),
      Plot.dot(data, { x: 'k', y: 'wcss', fill: '#56B4E9', r: 4, title: (p) => `k = ${p.k}: WCSS ${p.wcss.toFixed(1)}` }),
      ...(elbow
        ? [
            Plot.ruleX([elbow.k], { stroke: '#E69F00', strokeDasharray: '4 3' }),
            Plot.dot([elbow], { x: 'k', y: 'wcss', stroke: '#E69F00', r: 8, strokeWidth: 2 }),
            Plot.text([elbow], { x: 'k', y: 'wcss', text: () => `elbow: k = ${elbow.k}`, dx: 12, dy: -12, textAnchor: 'start', fill: '#E69F00' }),
          ]
        : []),
    ],
  });
  const scores = data.filter((p) => p.k > 1).flatMap((p) => [
    { k: p.k, value: p.silhouette, kind: sweep.exact ? 'silhouette (exact)' : `silhouette (sample of ${sweep.sampleSize.toLocaleString('en-US')})` },
    { k: p.k, value: p.simplified, kind: 'centre-based silhouette (all points)' },
  ]);
  const silhouette = Plot.plot({
    width, height: 220, marginLeft: 48, style: STYLE, x,
    y: { label: 'mean silhouette', grid: true, domain: [Math.min(0, ...scores.map((s) => s.value)), 1] },
    // Series named on the chart itself (not an HTML legend), so an SVG or PNG export keeps them.
    color: { range: ['#009E73', '#CC79A7'] },
    marks: [
      Plot.line(scores, { x: 'k', y: 'value', stroke: 'kind' }),
      // A key in the empty corner under the curves, one line per series.
      ...[...new Set(scores.map((s) => s.kind))].map((kind, row, kinds) =>
        Plot.text([kind], { frameAnchor: 'bottom-right', text: (d: string) => `${d} ━`, fill: (d: string) => d, dx: -6, dy: -6 - 16 * (kinds.length - 1 - row) })),
      Plot.dot(scores, { x: 'k', y: 'value', fill: 'kind', r: 3, title: (s) => `k = ${s.k}: ${s.kind} ${s.value.toFixed(3)}` }),
      ...(elbow ? [Plot.ruleX([elbow.k], { stroke: '#E69F00', strokeDasharray: '4 3' })] : []),
    ],
  });

  const pick = (chart: ReturnType<typeof Plot.plot>) => (event: Event) => {
    const box = plotSvg(chart).getBoundingClientRect();
    const k = Math.round(chart.scale('x')!.invert!((event as MouseEvent).clientX - box.left) as number);
    if (ks.includes(k)) onPick(k);
  };
  wcss.addEventListener('click', pick(wcss));
  silhouette.addEventListener('click', pick(silhouette));
  wcss.classList.add('chart', 'chart-wcss');
  silhouette.classList.add('chart', 'chart-silhouette');
  root.replaceChildren(withChartExport(wcss, 'elbow-wcss'), withChartExport(silhouette, 'silhouette-by-k'));
}
