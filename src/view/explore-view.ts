import * as Plot from '@observablehq/plot';
import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { Exploration, ExplorationBySegment } from '../protocol/explore.ts';
import { withChartExport } from './image-export.ts';
import { clusterColor } from './palette.ts';

const STYLE = { background: 'transparent', color: '#e6e8ee', fontSize: '11px' };
const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : '–');

/**
 * The Explore tab: per-feature statistics with outlier counts (Tukey's fences), a histogram
 * per feature, the correlation matrix, pairwise views on a seeded sample, and the choice of
 * what to do with outliers before clustering.
 */
/** The Explore charts coloured by the finished run's segments, with the legend's isolation. */
export interface ExploreSegments {
  readonly bySegment: ExplorationBySegment;
  readonly slots: readonly number[];
  /** Segments isolated in the view (empty: all shown). */
  readonly isolated: readonly number[];
}

/** A histogram bar clicked: feature f's range [lo, hi) in business units; null clears. */
export type OnBin = (range: { feature: number; lo: number; hi: number } | null) => void;

const FADED = '#3a4152';

/** A feature name as part of a file name: letters and digits, dashes between. */
const slug = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'feature';

export function renderExploration(
  root: HTMLElement, data: Exploration, onPolicy: (policy: OutlierPolicy) => void, segments: ExploreSegments | null = null, onBin?: OnBin,
): void {
  const shown = (c: number) => !segments || segments.isolated.length === 0 || segments.isolated.includes(c);
  const colourOf = (c: number) => (c < 0 || !shown(c) ? FADED : clusterColor(segments!.slots[c] ?? c));
  const { featureNames, summaries } = data;
  const table = document.createElement('table');
  table.className = 'profiles stats';
  const head = table.createTHead().insertRow();
  for (const title of ['Feature', 'count', 'missing', 'mean', 'std', 'min', '25%', '50%', '75%', 'max', 'outliers (1.5 IQR)']) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  summaries.forEach((s, f) => {
    const row = body.insertRow();
    row.insertCell().textContent = featureNames[f]!;
    for (const v of [s.count, s.missing]) row.insertCell().textContent = v.toLocaleString('en-US');
    for (const v of [s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max]) row.insertCell().textContent = fmt(v);
    row.insertCell().textContent = `${s.outliers.toLocaleString('en-US')} (outside ${fmt(s.lowFence)} to ${fmt(s.highFence)})`;
  });

  const controls = document.createElement('div');
  controls.className = 'sweep-controls';
  const label = document.createElement('label');
  label.textContent = 'Outliers before clustering ';
  const select = document.createElement('select');
  for (const [value, text] of [['keep', 'keep them'], ['clip', 'clip to the fences'], ['drop', 'drop those customers']] as const) {
    const option = new Option(text, value, false, value === data.outlierPolicy);
    select.append(option);
  }
  label.append(select);
  const apply = document.createElement('button');
  apply.type = 'button';
  apply.textContent = 'Apply and cluster again';
  apply.addEventListener('click', () => onPolicy(select.value as OutlierPolicy));
  const note = document.createElement('span');
  note.className = 'sweep-status';
  note.textContent = `${data.n.toLocaleString('en-US')} customers; current policy: ${data.outlierPolicy}` +
    (data.dropped ? `, ${data.dropped.toLocaleString('en-US')} left out` : '');
  controls.append(label, apply, note);

  const histograms = document.createElement('div');
  histograms.className = 'sweep-charts';
  data.histograms.forEach((h, f) => {
    const binCount = h.counts.length;
    const width = (h.hi - h.lo) / binCount;
    // By segment: one stacked bar per segment and bin, in the segment's colour (isolated ones only in colour).
    const bins = segments
      ? Array.from({ length: segments.bySegment.k * binCount }, (_, j) => {
        const c = Math.floor(j / binCount);
        const b = j % binCount;
        return { x1: h.lo + b * width, x2: h.lo + (b + 1) * width, count: segments.bySegment.histograms[f]![j]!, fill: colourOf(c) };
      })
      : Array.from(h.counts, (count, b) => ({ x1: h.lo + b * width, x2: h.lo + (b + 1) * width, count, fill: '#56B4E9' }));
    const chart = Plot.plot({
      width: 260, height: 150, marginLeft: 48, style: STYLE,
      x: { label: featureNames[f] }, y: { label: 'customers', grid: true }, color: { type: 'identity' },
      marks: [Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fill: 'fill', inset: 0.5 }), Plot.ruleY([0])],
    });
    chart.classList.add('chart-histogram');
    chart.dataset.feature = String(f);
    if (onBin) {
      // A click on a bar's range shows those customers in the view; a click on the same range again clears.
      chart.style.cursor = 'pointer';
      chart.addEventListener('click', (event: Event) => {
        const x = chart.scale('x');
        const svg = chart.tagName === 'svg' ? chart : chart.querySelector('svg');
        if (!x?.invert || !svg) return;
        const value = Number(x.invert((event as MouseEvent).clientX - svg.getBoundingClientRect().left));
        const b = Math.floor((value - h.lo) / width);
        if (!(b >= 0 && b < binCount)) return onBin(null);
        const range = { feature: f, lo: h.lo + b * width, hi: h.lo + (b + 1) * width };
        const same = root.dataset.binRange === `${f}:${b}`;
        root.dataset.binRange = same ? '' : `${f}:${b}`;
        onBin(same ? null : range);
      });
    }
    histograms.append(withChartExport(chart, `histogram-${slug(featureNames[f]!)}`));
  });

  const d = featureNames.length;
  const cells = featureNames.flatMap((a, i) => featureNames.map((b, j) => ({ a, b, r: data.correlation[i * d + j]! })));
  // Rows carry the names with a number; columns only the number, so long names never collide or clip
  // however narrow the drawer. Each cell's tooltip names both features.
  const numbered = (name: string) => featureNames.indexOf(name) + 1;
  const rowLabel = (name: string) => `${numbered(name)} · ${name}`;
  const longestLabel = Math.max(...featureNames.map((name) => rowLabel(name).length));
  const marginLeft = Math.min(220, 20 + 7 * longestLabel);
  const heatmap = Plot.plot({
    width: marginLeft + 46 * d + 10, height: 44 * d + 50, marginLeft, marginBottom: 30, style: STYLE,
    x: { label: 'feature number →', domain: featureNames, tickFormat: numbered }, y: { label: null, domain: featureNames, tickFormat: rowLabel },
    color: { type: 'diverging', scheme: 'BuRd', domain: [-1, 1] },
    marks: [
      Plot.cell(cells, { x: 'b', y: 'a', fill: 'r', title: (c) => `${c.a} and ${c.b}: r = ${c.r.toFixed(3)}` }),
      Plot.text(cells, { x: 'b', y: 'a', text: (c) => c.r.toFixed(2), fill: (c) => (Math.abs(c.r) > 0.5 ? '#fff' : '#111') }),
    ],
  });
  heatmap.classList.add('chart-correlation');
  const heatmapBox = withChartExport(heatmap, 'correlation');

  const pairs = document.createElement('div');
  pairs.className = 'sweep-charts';
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      const points = Array.from(data.sample[a]!, (x, i) => ({
        x, y: data.sample[b]![i]!, fill: segments ? colourOf(segments.bySegment.sampleClusters[i]!) : '#9aa3b5',
      }));
      // Faded customers first, so the segments in colour are drawn over them.
      if (segments) points.sort((p, q) => Number(p.fill !== FADED) - Number(q.fill !== FADED));
      const chart = Plot.plot({
        width: 240, height: 200, marginLeft: 44, style: STYLE, color: { type: 'identity' },
        x: { label: featureNames[a] }, y: { label: featureNames[b] },
        marks: [Plot.dot(points, { x: 'x', y: 'y', r: 1, fill: 'fill', fillOpacity: 0.6 })],
      });
      chart.classList.add('chart-pair');
      pairs.append(withChartExport(chart, `pairs-${slug(featureNames[a]!)}-${slug(featureNames[b]!)}`));
    }
  }
  const pairNote = document.createElement('p');
  pairNote.className = 'sweep-note';
  pairNote.textContent = `Pairwise views show a seeded sample of ${data.sample[0]!.length.toLocaleString('en-US')} customers` +
    (segments ? ', coloured by segment as in the view. Click a histogram bar to show those customers in the view (again to clear).' : '.');
  root.dataset.segments = segments ? String(segments.bySegment.k) : '';
  root.dataset.isolated = segments ? segments.isolated.join(',') : '';
  const row = document.createElement('div');
  row.className = 'sweep-charts';
  row.append(heatmapBox, pairs);
  root.replaceChildren(table, controls, histograms, row, pairNote);
}
