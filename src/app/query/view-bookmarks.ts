import { bookmarkLink, type Bookmark } from '../../page-state/bookmarks.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import { cameraPose, screenViewOf, setCameraPose } from '../../view/scatter/camera.ts';
import { selectInPolygon } from '../../view/scatter/picking.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { Lasso } from './lasso.ts';
import type { QueryWorkbench } from './query-workbench.ts';
import type { SelectionController } from './selection.ts';

/** The query string of a link without its isolated segments: two links of one run compare equal. */
const ofRun = (search: string) => {
  const params = new URLSearchParams(search);
  params.delete('only');
  params.sort();
  return params.toString();
};

/** A bookmark's isolated segments (`only=` in its query). */
export const isolatedIn = (search: string): number[] =>
  (new URLSearchParams(search).get('only') ?? '').split(',').filter((t) => t !== '').map(Number).filter(Number.isInteger);

/** Views as bookmarks: what a bookmark captures of the view on screen, and how it comes back. */
export function createViewBookmarks(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  state: PageStateStore;
  selection: SelectionController;
  lasso: Lasso;
  toolbar: HTMLElement;
  say: (text: string) => void;
}) {
  const { stage, workbench, selection, lasso } = parts;
  return {
    /** The current view as a bookmark. */
    capture(name: string, notes: string): Bookmark {
      const selected = selection.current();
      const shape = lasso.shape();
      return {
        name, notes, search: location.search.replace(/^\?/, ''),
        camera: cameraPose(stage),
        segmentNames: [...workbench.names()],
        lasso: selected && shape ? { ...shape, kept: selected.kept } : null,
      };
    },

    /**
     * Go back to a bookmark: on other customers or another clustering, by opening its link; on
     * these, by putting back the camera, the isolated segments, the names and the selection.
     * `here`: put them back on the run on screen whatever its link (a workspace read back).
     */
    restore(bookmark: Bookmark, here = false) {
      if (!here && ofRun(bookmark.search) !== ofRun(location.search)) {
        location.assign(bookmarkLink(bookmark, `${location.origin}${location.pathname}`));
        return;
      }
      setCameraPose(stage, bookmark.camera);
      const current = workbench.names();
      bookmark.segmentNames.forEach((name, c) => {
        if (c < current.length && current[c] !== name) workbench.renameSegment(c, name);
      });
      const only = isolatedIn(bookmark.search);
      selection.isolateOnly(only);
      const drawn = workbench.drawn();
      const onScreen = screenViewOf(stage);
      const saved = bookmark.lasso;
      // The projection the lasso was drawn with selects the same customers; an older bookmark has only the camera, on a canvas of the same size.
      const view = saved?.matrix ? { width: saved.width, height: saved.height, matrix: saved.matrix } : onScreen;
      if (saved && drawn && (saved.matrix || (Math.abs(onScreen.width - saved.width) < 1 && Math.abs(onScreen.height - saved.height) < 1))) {
        // As when it was drawn: only the isolated segments' customers could be selected.
        const selected = selectInPolygon(drawn, view, saved.polygon, selection.isolatedMask(only));
        lasso.setShape({ polygon: [...saved.polygon], width: view.width, height: view.height, matrix: Array.from(view.matrix) });
        void selection.select({ ...selected, kept: saved.kept });
      } else {
        if (saved) parts.say(`The bookmark's selection was drawn on a ${saved.width} x ${saved.height} view; this one differs, so it is not redrawn.`);
        void selection.select(null);
      }
      parts.toolbar.dataset.restored = bookmark.name;
    },
  };
}
