import type { CustomerCard, DensityCard } from '../protocol/query.ts';
import { makeButton } from './button.ts';
import { clusterColor } from './palette.ts';

/** How the card names and colours a cluster of the finished run. */
export interface CardLooks {
  readonly names: readonly string[];
  readonly slots: readonly number[];
}

const format = (value: number) => (Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/**
 * The card of one customer under the pointer (or pinned by a click or a search): id, values in
 * business units, segment with its colour key, and distances to its centroid and the runner-up.
 * Everything from the data is set as text, never HTML.
 */
export function createHoverCard(root: HTMLElement, onUnpin: () => void) {
  root.className = 'hover-card';
  root.hidden = true;
  root.setAttribute('role', 'status');

  function show(card: CustomerCard, featureNames: readonly string[], looks: CardLooks | null, at: { x: number; y: number }, pinned: boolean) {
    const title = document.createElement('div');
    title.className = 'hover-card-title';
    const id = document.createElement('span');
    id.textContent = `${card.idLabel} ${card.id}`;
    title.append(id);
    if (pinned) {
      const close = makeButton('×', 'unpin', onUnpin);
      close.setAttribute('aria-label', 'Unpin this customer');
      title.append(close);
    }
    const values = document.createElement('dl');
    featureNames.forEach((name, f) => {
      const key = document.createElement('dt');
      key.textContent = name;
      const value = document.createElement('dd');
      value.textContent = format(card.values[f]!);
      values.append(key, value);
    });
    const parts: HTMLElement[] = [title, values];
    if (card.cluster !== null && looks) {
      const segment = document.createElement('div');
      segment.className = 'hover-card-segment';
      const swatch = document.createElement('span');
      swatch.className = 'legend-swatch';
      swatch.style.background = clusterColor(looks.slots[card.cluster] ?? card.cluster);
      const name = document.createElement('span');
      name.textContent = looks.names[card.cluster] ?? `Cluster ${card.cluster}`;
      segment.append(swatch, name);
      const distances = document.createElement('div');
      distances.className = 'hover-card-distances';
      const runnerUp = card.runnerUpCluster >= 0 ? `; to ${looks.names[card.runnerUpCluster] ?? `cluster ${card.runnerUpCluster}`}: ${card.runnerUp.toFixed(2)}` : '';
      distances.textContent = card.density ? densityLine(card.density) : `Distance to its centre: ${card.distance.toFixed(2)}${runnerUp} (standardised units)`;
      // A mixture's card lists the memberships instead: its segment first, then the runners-up.
      parts.push(...(card.memberships ? [membershipList(card.memberships, looks)] : [segment, distances]));
    }
    root.replaceChildren(...parts);
    root.dataset.id = card.id;
    root.dataset.row = String(card.row);
    root.dataset.cluster = card.cluster === null ? '' : String(card.cluster);
    root.classList.toggle('pinned', pinned);
    // Where the customer is on screen (client pixels), for tests and for a pinned card that follows it.
    root.dataset.x = at.x.toFixed(1);
    root.dataset.y = at.y.toFixed(1);
    root.hidden = false;
    // Beside the pointer, kept inside the window.
    const { innerWidth, innerHeight } = window;
    const width = root.offsetWidth;
    const height = root.offsetHeight;
    root.style.left = `${Math.max(4, Math.min(at.x + 14, innerWidth - width - 4))}px`;
    root.style.top = `${Math.max(4, Math.min(at.y + 14, innerHeight - height - 4))}px`;
  }

  return {
    show,
    hide() {
      root.hidden = true;
      delete root.dataset.id;
    },
    get pinned() {
      return !root.hidden && root.classList.contains('pinned');
    },
  };
}

/** A mixture's memberships of a customer: each likely component with its colour key and probability. */
function membershipList(memberships: NonNullable<CustomerCard['memberships']>, looks: CardLooks): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'hover-card-memberships';
  list.setAttribute('aria-label', 'Probability of each segment');
  for (const { cluster, probability } of memberships) {
    const item = document.createElement('li');
    item.dataset.cluster = String(cluster);
    item.dataset.probability = probability.toFixed(6);
    const swatch = document.createElement('span');
    swatch.className = 'legend-swatch';
    swatch.style.background = clusterColor(looks.slots[cluster] ?? cluster);
    const name = document.createElement('span');
    name.textContent = looks.names[cluster] ?? `Cluster ${cluster}`;
    const share = document.createElement('span');
    share.className = 'hover-card-probability';
    share.textContent = probability >= 0.995 && probability < 1 ? '> 99 %' : `${(100 * probability).toFixed(probability < 0.1 ? 1 : 0)} %`;
    item.append(swatch, name, share);
    list.append(item);
  }
  return list;
}

/** What a density run says of a customer, in one line. */
function densityLine(density: DensityCard): string {
  if (density.scored) {
    const membership = density.probability !== undefined && density.scored.clustered ? `; membership ${density.probability.toFixed(2)}` : '';
    return density.scored.clustered ? `Scored by the saved model: joins this cluster${membership}` : 'Scored by the saved model: near none of its clusters';
  }
  if (density.outlierScore !== undefined) {
    return `Outlier score (GLOSH) ${density.outlierScore.toFixed(2)}; membership ${(density.probability ?? 0).toFixed(2)}`;
  }
  if (density.role === 'core') return 'Core point: min_samples customers within eps';
  if (density.role === 'border') return 'Border point: within eps of a core point';
  return 'In no segment: too few customers within eps, and no core point';
}
