import type { Bookmark } from '../../page-state/bookmarks.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import type { Progress } from '../../view/progress.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { EngineClient } from '../engine-client.ts';
import { createBookmarksMenu } from './bookmarks-menu.ts';
import { createHover } from './hover.ts';
import { createLasso } from './lasso.ts';
import { createManualStart } from './manual-start.ts';
import { routePointer } from './pointer.ts';
import type { QueryWorkbench } from './query-workbench.ts';
import { createSearch } from './search.ts';
import { createSelection } from './selection.ts';
import { createViewBookmarks } from './view-bookmarks.ts';
import { makeButton } from '../../view/button.ts';

export interface QueryElements {
  /** Search box, lasso toggle and their status line. */
  readonly toolbar: HTMLElement;
  readonly card: HTMLElement;
  readonly selection: HTMLElement;
  /** The centroids placed for a manual start. */
  readonly placement: HTMLElement;
  /** Saved views. */
  readonly bookmarks: HTMLElement;
  /** Where the pointer is read (the orbit controls' element, over the canvas). */
  readonly surface: HTMLElement;
  readonly canvas: HTMLCanvasElement;
}

/**
 * Asking the 3D view about customers: hover and pin a customer's card, search by id, a lasso
 * selection (summary, export, keep as a filter), isolating segments from the legend, starting
 * centroids placed by hand, and bookmarks of the view. Each tool is a module of its own; this
 * composes them, routes the pointer and Esc, and tells them when the run or the customers change.
 */
export function createViewQuery(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  engine: EngineClient;
  state: PageStateStore;
  progress: Progress;
  elements: QueryElements;
  /** The drawn scene: framing every customer again, and how close a search flies. */
  view: { fitView: () => void; closeUpDistance: () => number };
}) {
  const { stage, workbench, engine, state, elements } = parts;
  const status = document.createElement('p');
  status.className = 'query-status';
  status.setAttribute('role', 'status');
  const say = (text: string) => (status.textContent = text);
  const axes = () => state.get().view.axes;

  const hover = createHover({ stage, workbench, engine, card: elements.card, canvas: elements.canvas, axes });
  const selection = createSelection({
    workbench, engine, state, progress: parts.progress, panel: elements.selection, toolbar: elements.toolbar, say, onKeep: () => lasso.set(false),
  });
  const lasso = createLasso({ stage, workbench, selection, surface: elements.surface, canvas: elements.canvas, onStart: () => manualStart.set(false) });
  const manualStart = createManualStart({ stage, workbench, engine, root: elements.placement, say, onStart: () => lasso.set(false), axes });
  const bookmarks = createViewBookmarks({ stage, workbench, state, selection, lasso, toolbar: elements.toolbar, say });
  const search = createSearch({ stage, workbench, engine, hover, selection, say, onSelected: () => lasso.setShape(null), escape, closeUpDistance: parts.view.closeUpDistance });
  const fitView = makeButton('Fit view', 'fit-view', parts.view.fitView, 'Every customer in view again (F or Home)');
  elements.toolbar.className = 'query-toolbar';
  elements.toolbar.replaceChildren(search, lasso.button, manualStart.button, createBookmarksMenu({ root: elements.bookmarks, ...bookmarks }), fitView, status);
  routePointer(elements.surface, elements.canvas, { hover, lasso, manualStart });

  /** Esc: end placing, the lasso, the selection, then the pinned card; false when there was none of those. */
  function escape(): boolean {
    if (manualStart.active()) manualStart.set(false);
    else if (lasso.active()) lasso.set(false);
    else if (selection.current()) void selection.select(null);
    else if (hover.pinned()) hover.unpin();
    else return false;
    return true;
  }

  return {
    /** A legend entry was clicked: isolate its segment (`add`: toggle it among the isolated ones). */
    isolate: selection.isolate,
    /** Select these customers (a mask over the drawn rows): the selection panel, its export and Keep as filter. */
    selectCustomers(mask: Uint8Array, count: number) {
      lasso.setShape(null);
      void selection.select({ mask, count, kept: false });
    },
    /** Show exactly these segments (empty: all), as undo puts an isolation back. */
    isolateOnly: (only: readonly number[]) => selection.isolateOnly(only),
    /** A run finished: the isolated segments (from the URL) apply to its labels; a pinned card shows its new cluster. */
    onOutcome() {
      selection.onOutcome();
      hover.refresh();
    },
    /** New customers: every question about the old ones ends. */
    onData() {
      hover.unpin();
      lasso.set(false);
      manualStart.reset();
      selection.forget();
      say('');
    },
    escape,
    /** The view now, as a bookmark (what a workspace keeps of it). */
    captureView: () => bookmarks.capture('Workspace', ''),
    /** Put back a bookmark (a link's, once its run has finished). */
    restoreView: (bookmark: Bookmark, here = false) => bookmarks.restore(bookmark, here),
    /** Say something on the tools' status line (a link that could not be read). */
    tell: say,
  };
}

export type ViewQuery = ReturnType<typeof createViewQuery>;
