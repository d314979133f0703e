import type { SegmentProfile } from '../analysis/profile.ts';
import { makeButton } from './button.ts';
import { clusterColor } from './palette.ts';

const format = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${format(Math.abs(v))}`;

/**
 * The segment profile table: size, share, centre in business units and difference from the
 * population average, with an editable name per segment (text inputs: never HTML).
 */
export function renderProfileTable(
  root: HTMLElement,
  featureNames: readonly string[],
  profiles: readonly SegmentProfile[],
  names: readonly string[],
  slots: readonly number[],
  onRename: (cluster: number, name: string) => void,
  onIsolate?: (cluster: number) => void,
): void {
  const table = document.createElement('table');
  table.className = 'profiles';
  const head = table.createTHead().insertRow();
  for (const title of ['', 'Segment', 'Customers', 'Share', ...featureNames.map((f) => `${f} (vs average)`)]) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const profile of profiles) {
    const row = body.insertRow();
    row.dataset.cluster = String(profile.cluster);
    const swatch = row.insertCell();
    const dot = document.createElement('span');
    dot.className = 'legend-swatch';
    dot.style.background = clusterColor(slots[profile.cluster] ?? profile.cluster);
    if (onIsolate) {
      // The colour key isolates its segment in the view, as the legend does.
      const isolate = makeButton('', 'isolate-segment', () => onIsolate(profile.cluster), 'Show only this segment in the view (again for all)');
      isolate.className = 'swatch-button';
      isolate.setAttribute('aria-label', `Show only segment ${profile.cluster + 1} in the view`);
      isolate.append(dot);
      swatch.append(isolate);
    } else swatch.append(dot);
    const nameCell = row.insertCell();
    const input = document.createElement('input');
    input.type = 'text';
    input.value = names[profile.cluster] ?? profile.description;
    input.setAttribute('aria-label', `Name of segment ${profile.cluster + 1}`);
    input.title = `Automatic description: ${profile.description}`;
    input.addEventListener('change', () => onRename(profile.cluster, input.value.trim() || profile.description));
    nameCell.append(input);
    row.insertCell().textContent = profile.size.toLocaleString('en-US');
    row.insertCell().textContent = `${(profile.share * 100).toFixed(1)}%`;
    profile.centre.forEach((v, f) => {
      row.insertCell().textContent = `${format(v)} (${signed(profile.difference[f]!)})`;
    });
  }
  root.replaceChildren(table);
}
