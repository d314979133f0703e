import type { SampleDataset } from '../data/sample-datasets.ts';
import { makeButton } from './button.ts';
import { make } from './dom.ts';

/**
 * The Data tab's shipped real datasets: each with what a row is, the columns clustered, its
 * source and licence, and a button that opens it with that mapping.
 */
export function fillSamplesSection(root: HTMLElement, datasets: readonly SampleDataset[], open: (id: string) => void): void {
  const items = datasets.map((dataset) => {
    const item = make('div', '', 'sample');
    const head = make('div', '', 'data-row');
    head.append(
      makeButton(`Open ${dataset.title}`, `open-sample-${dataset.id}`, () => open(dataset.id)),
      make('span', `${dataset.rows.toLocaleString('en-US')} rows, clustered on ${dataset.features.join(', ')}`, 'note'),
    );
    const source = make('a', dataset.source.text);
    source.href = dataset.source.url;
    source.target = '_blank';
    source.rel = 'noopener noreferrer';
    const credit = make('p', 'Source: ', 'note');
    credit.append(source, `. Licence: ${dataset.licence}.`);
    item.append(head, make('p', dataset.about, 'note'), credit);
    return item;
  });
  root.replaceChildren(...items);
}
