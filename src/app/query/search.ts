import { drawnPosition } from '../../view/scatter/picking.ts';
import { flyTo } from '../../view/scatter/fly-to.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { EngineClient } from '../engine-client.ts';
import type { Hover } from './hover.ts';
import type { QueryWorkbench } from './query-workbench.ts';
import type { SelectionController } from './selection.ts';

/**
 * Search by id: the camera flies to the customer and pins its card; in an imported file a text from
 * another column ("Female", "Gender = Female") selects every customer that has it.
 */
export function createSearch(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  engine: EngineClient;
  hover: Hover;
  selection: SelectionController;
  say: (text: string) => void;
  /** How far from a found customer the camera stops. */
  closeUpDistance: () => number;
  /** A text search made the selection: it has no lasso. */
  onSelected: () => void;
  /** Esc in an empty box: end what the view shows; false when nothing was. */
  escape: () => boolean;
}) {
  const form = document.createElement('form');
  form.className = 'search';
  form.setAttribute('role', 'search');
  const input = document.createElement('input');
  input.type = 'search';
  input.name = 'customer';
  input.placeholder = 'Find a customer by id';
  input.setAttribute('aria-label', 'Find a customer by id');
  input.title = 'A customer id; in an imported file also a text from its other columns ("Female"), or "Gender = Female"';
  form.append(input);

  async function search(query: string) {
    const found = await parts.engine.host.query.find(query);
    if ('problem' in found) return parts.say(found.problem);
    parts.say('');
    if ('rows' in found) {
      // Several customers (a text such as "Female"): they become the selection, with its summary and export.
      parts.onSelected();
      parts.hover.unpin();
      const hidden = found.hidden > 0 ? ` (${found.hidden.toLocaleString('en-US')} more not drawn: dropped at import or as outliers)` : '';
      parts.say(`${found.count.toLocaleString('en-US')} customers with ${found.where}${hidden}.`);
      await parts.selection.select({ mask: found.rows, count: found.count, kept: false });
      return;
    }
    const drawn = parts.workbench.drawn();
    if (!drawn) return;
    await flyTo(parts.stage, drawnPosition(drawn, found.row), parts.closeUpDistance());
    parts.hover.pin(found.row);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search(input.value);
  });
  // Esc in the search box clears it, then ends what the view shows (the page's own keys skip inputs).
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (input.value !== '') input.value = '';
    else if (!parts.escape()) input.blur();
    parts.say('');
  });
  return form;
}
