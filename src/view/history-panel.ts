import type { AnalysisStep } from '../page-state/history.ts';
import { makeButton } from './button.ts';
import { make } from './dom.ts';

/**
 * The analysis history: the changes that can be stepped back through, newest first, and one
 * button (or Ctrl+Z) that undoes the newest. Labels hold segment names: text, never HTML.
 */
export function renderHistory(root: HTMLElement, steps: readonly AnalysisStep[], status: string, undo: () => void): void {
  root.hidden = false;
  const heading = make('h3', 'History');
  const list = make('ol', '', 'history-list');
  list.append(...[...steps].reverse().map((step) => make('li', step.label)));
  const back = makeButton('Undo the newest (Ctrl+Z)', 'undo', undo);
  back.disabled = steps.length === 0;
  const note = make('p', status || (steps.length === 0
    ? 'Nothing to undo yet: changes to the clustering, the isolated segments and the names are listed here.'
    : 'New customers (generated or imported) start a new history.'), 'note');
  root.dataset.steps = String(steps.length);
  root.replaceChildren(heading, ...(steps.length > 0 ? [list] : []), back, note);
}
