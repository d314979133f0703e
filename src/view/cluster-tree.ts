import * as Plot from '@observablehq/plot';
import { layoutClusterTree, MIN_EDGE_SHARE, type ClusterTree, type TreeLayout, type TreeNode } from '../analysis/cluster-tree.ts';
import { makeButton } from './button.ts';
import { withChartExport } from './image-export.ts';

const SVG = 'http://www.w3.org/2000/svg';
const STYLE = { background: 'transparent', color: '#e6e8ee', fontSize: '11px' };
/** Room for the "k = 10" labels on the left, and around the nodes. */
const MARGIN = { left: 52, right: 14, top: 20, bottom: 20 };
/** The tree's height for any k up to 10, so it fits the drawer (46 % of an 800 px window) in one view. */
const TREE_HEIGHT = 320;

/**
 * Highlight a node's customers in the 3D view (null: none). Resolves with how many are
 * highlighted, or null when the highlight failed (the tree then shows none).
 */
export type TreeSelect = (node: TreeNode | null) => Promise<number | null>;

export interface ClusterTreeView {
  /** Forget the selected node without asking for a highlight (the customers it named are gone). */
  clearSelection(): void;
}

const customers = (count: number) => `${count.toLocaleString('en-US')} customer${count === 1 ? '' : 's'}`;
const percent = (share: number) => `${(100 * share).toFixed(1)} %`;
const unitValue = (v: number) => Number(v.toPrecision(4)).toLocaleString('en-US');

// One per root: a new sweep's tree replaces the old one's observer.
const observers = new WeakMap<HTMLElement, ResizeObserver>();

/**
 * The clustering tree of a sweep (R's clustree): a row per k, a circle per cluster sized by its
 * customers and coloured by a feature's mean, edges by the share of the child that comes from
 * each parent. Hover or focus shows a node's profile; click highlights its customers. SVG built
 * node by node, text by textContent: nothing from the data becomes markup.
 */
export function renderClusterTree(root: HTMLElement, tree: ClusterTree, onSelect: TreeSelect): ClusterTreeView {
  const layout = layoutClusterTree(tree);
  let feature = 0;
  let selected: TreeNode | null = null;
  let ticket = 0;

  const heading = document.createElement('h3');
  heading.className = 'cluster-tree-title';
  heading.textContent = 'Clustering tree';
  const controls = document.createElement('div');
  controls.className = 'cluster-tree-controls';
  const pick = document.createElement('select');
  pick.name = 'tree-feature';
  tree.featureNames.forEach((name, f) => pick.add(new Option(name, String(f))));
  const pickLabel = document.createElement('label');
  pickLabel.append('colour by mean ', pick);
  const legend = document.createElement('div');
  legend.className = 'cluster-tree-legend';
  const clear = makeButton('Clear highlight', 'clear-highlight', () => void select(null));
  clear.hidden = true;
  const highlighted = document.createElement('span');
  highlighted.className = 'cluster-tree-highlighted';
  controls.append(pickLabel, legend, clear, highlighted);
  const scroller = document.createElement('div');
  scroller.className = 'cluster-tree-scroll';
  const profile = document.createElement('p');
  profile.className = 'cluster-tree-profile';
  profile.setAttribute('role', 'status');
  const note = document.createElement('p');
  note.className = 'sweep-note';
  note.textContent = `One row per k (each k's best fit), one circle per cluster, its area proportional to its customers. ` +
    `An edge's width and opacity say how much of the lower cluster comes from the upper one (under ${percent(MIN_EDGE_SHARE)} hidden). ` +
    `Hover a cluster for its profile; click it to highlight its customers in the 3D view.`;
  // The profile goes under the tree: above it, a line that wraps would move the nodes under the pointer.
  root.replaceChildren(heading, controls, scroller, profile, note);

  const HINT = 'Hover a cluster for its profile; click it to highlight its customers.';
  profile.textContent = HINT;

  const draw = () => {
    const colour = colourScale(tree, feature);
    legend.replaceChildren(Plot.legend({ color: colour.options, width: 220, style: STYLE }));
    scroller.replaceChildren(withChartExport(drawTree(tree, layout, scroller.clientWidth, colour.of, feature, selected, {
      hover: (node) => (profile.textContent = node ? describe(tree, node) : HINT),
      click: (node) => void select(selected && node.k === selected.k && node.cluster === selected.cluster ? null : node),
    }), 'clustering-tree'));
  };

  async function select(node: TreeNode | null) {
    const mine = ++ticket;
    selected = node;
    draw();
    const count = await onSelect(node).catch(() => null);
    if (mine !== ticket) return; // a later click decides
    // Mirrored on the view for tests: how many customers the 3D view keeps in colour.
    if (node && count !== null) root.dataset.highlighted = String(count);
    else delete root.dataset.highlighted;
    if (node && count === null) {
      selected = null;
      draw();
    }
    highlighted.textContent = !node ? '' : count === null
      ? 'Could not highlight those customers (did they change since the sweep?).'
      : `Highlighted in the 3D view: k = ${node.k}, cluster ${node.cluster} (${customers(count)})`;
    clear.hidden = selected === null;
  }

  pick.addEventListener('change', () => {
    feature = Number(pick.value);
    draw();
  });
  observers.get(root)?.disconnect();
  let drawnWidth = -1;
  const observer = new ResizeObserver(() => {
    // Redraw for a new width only: the tree's own height changes must not loop.
    if (scroller.clientWidth === drawnWidth) return;
    drawnWidth = scroller.clientWidth;
    draw();
  });
  observer.observe(scroller);
  observers.set(root, observer);
  drawnWidth = scroller.clientWidth;
  draw();

  return {
    clearSelection() {
      ticket++;
      delete root.dataset.highlighted;
      selected = null;
      clear.hidden = true;
      highlighted.textContent = '';
      draw();
    },
  };
}

/** A node's profile in one line: k, cluster, customers and share, the biggest parent, the centre in business units. */
function describe(tree: ClusterTree, node: TreeNode): string {
  const centre = tree.featureNames.map((name, f) => `${name} ${unitValue(node.centroid[f]!)}`).join(', ');
  const parents = node.k > 1 ? tree.edges[node.k - 2]!.filter((edge) => edge.child === node.cluster) : [];
  const main = parents.reduce<(typeof parents)[number] | null>((best, edge) => (!best || edge.count > best.count ? edge : best), null);
  const from = main ? ` · ${percent(main.childShare)} from k = ${node.k - 1} cluster ${main.parent}` : '';
  return `k = ${node.k} · cluster ${node.cluster} · ${customers(node.size)} (${percent(node.size / tree.n)})${from} · centre: ${centre}`;
}

/** Node colours: a feature's mean, on one viridis scale over every node of the tree. */
function colourScale(tree: ClusterTree, feature: number) {
  const values = tree.rows.flat().filter((node) => node.size > 0).map((node) => node.centroid[feature]!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const options = { type: 'linear' as const, domain: [lo, hi === lo ? lo + 1 : hi], scheme: 'viridis' as const, label: `mean ${tree.featureNames[feature]}` };
  const scale = Plot.scale({ color: options });
  return { options, of: (node: TreeNode) => String(scale.apply(node.centroid[feature]!)) };
}

const TREE_STYLE = [
  '.cluster-tree { font-family: system-ui, sans-serif; }',
  '.cluster-tree .tree-row-label { fill: #9aa3b5; }',
  '.cluster-tree .tree-node { cursor: pointer; outline: none; }',
  '.cluster-tree .tree-node circle { stroke: #11141c; stroke-width: 1; }',
  '.cluster-tree .tree-node:hover circle, .cluster-tree .tree-node:focus-visible circle { stroke: #e6e8ee; stroke-width: 1.5; }',
  '.cluster-tree .tree-node.selected circle { stroke: #fff; stroke-width: 3; }',
  '.cluster-tree .tree-node-number { fill: #fff; stroke: #11141c; stroke-width: 2px; paint-order: stroke; font-size: 10px; font-weight: 600; pointer-events: none; }',
].join('\n');

function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

interface NodeEvents {
  readonly hover: (node: TreeNode | null) => void;
  readonly click: (node: TreeNode) => void;
}

function drawTree(
  tree: ClusterTree, layout: TreeLayout, available: number, fill: (node: TreeNode) => string, feature: number,
  selected: TreeNode | null, events: NodeEvents,
): SVGSVGElement {
  const rows = tree.rows.length;
  const widest = rows;
  // Narrow drawers keep at least 24 px per node of the widest row: the tree scrolls sideways then.
  const width = Math.max(available || 640, MARGIN.left + MARGIN.right + 24 * widest);
  // Rows close up to keep the tree in one view of the drawer, down to 24 px apart (then it scrolls).
  const rowGap = Math.min(40, Math.max(24, (TREE_HEIGHT - MARGIN.top - MARGIN.bottom) / Math.max(1, rows - 1)));
  const height = MARGIN.top + MARGIN.bottom + rowGap * (rows - 1);
  const inner = width - MARGIN.left - MARGIN.right;
  const largest = Math.min(rowGap * 0.5, 20);
  const radius = (node: TreeNode) => Math.max(2.5, largest * Math.sqrt(node.size / Math.max(1, tree.n)));
  const at = (node: TreeNode) => ({ x: MARGIN.left + inner * layout.x[node.k - 1]![node.cluster]!, y: MARGIN.top + rowGap * (node.k - 1) });

  const svg = svgElement('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'cluster-tree', 'data-rows': rows, 'data-feature': feature });
  svg.setAttribute('aria-label', `Clustering tree for k = 1 to ${rows}`);
  const edgeLayer = svgElement('g', { class: 'tree-edges' });
  const nodeLayer = svgElement('g', { class: 'tree-nodes' });
  // The tree's own style travels with it, so its SVG download looks as it does here.
  const style = svgElement('style', {});
  style.textContent = TREE_STYLE;
  svg.append(style, edgeLayer, nodeLayer);

  tree.edges.forEach((between, r) => {
    for (const edge of between) {
      if (edge.childShare < MIN_EDGE_SHARE) continue;
      const parent = tree.rows[r]![edge.parent]!;
      const child = tree.rows[r + 1]![edge.child]!;
      const from = at(parent);
      const to = at(child);
      edgeLayer.append(svgElement('line', {
        x1: from.x, y1: from.y + radius(parent), x2: to.x, y2: to.y - radius(child),
        stroke: '#b8c0d2', 'stroke-width': (0.6 + 4 * edge.childShare).toFixed(2), 'stroke-opacity': (0.15 + 0.8 * edge.childShare).toFixed(2),
        'data-share': edge.childShare.toFixed(4),
      }));
    }
  });

  tree.rows.forEach((row, r) => {
    const label = svgElement('text', { x: 6, y: MARGIN.top + rowGap * r, 'dominant-baseline': 'middle', class: 'tree-row-label' });
    label.textContent = `k = ${r + 1}`;
    nodeLayer.append(label);
    const group = svgElement('g', { class: 'tree-row', 'data-k': r + 1 });
    for (const node of row) group.append(nodeShape(tree, node, at(node), radius(node), fill(node), selected, events));
    nodeLayer.append(group);
  });
  return svg;
}

function nodeShape(
  tree: ClusterTree, node: TreeNode, centre: { x: number; y: number }, r: number, fill: string, selected: TreeNode | null, events: NodeEvents,
): SVGGElement {
  const isSelected = selected !== null && selected.k === node.k && selected.cluster === node.cluster;
  const group = svgElement('g', {
    class: `tree-node${isSelected ? ' selected' : ''}`, tabindex: 0, role: 'button',
    'data-k': node.k, 'data-cluster': node.cluster, 'data-size': node.size,
  });
  group.setAttribute('aria-label', `k = ${node.k}, cluster ${node.cluster}: ${customers(node.size)}; click to highlight them`);
  group.setAttribute('aria-pressed', String(isSelected));
  group.append(svgElement('circle', { cx: centre.x, cy: centre.y, r: r.toFixed(2), fill }));
  if (r >= 9) {
    const number = svgElement('text', { x: centre.x, y: centre.y, 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'tree-node-number' });
    number.textContent = String(node.cluster);
    group.append(number);
  }
  const title = svgElement('title', {});
  title.textContent = describe(tree, node);
  group.append(title);
  group.addEventListener('mouseenter', () => events.hover(node));
  group.addEventListener('focus', () => events.hover(node));
  group.addEventListener('mouseleave', () => events.hover(null));
  group.addEventListener('blur', () => events.hover(null));
  group.addEventListener('click', () => events.click(node));
  group.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    events.click(node);
  });
  return group;
}
