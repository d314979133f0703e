import { bookmarkFromHash, type Bookmark } from '../page-state/bookmarks.ts';
import { readLinkedFile, readLinkedSample, readRunParams, writeRunParams } from '../page-state/run-params.ts';
import type { PageState, PageStateStore } from '../page-state/state.ts';
import { readViewParams, writeViewParams } from '../page-state/view-params.ts';

/**
 * What the page's address says: the run and view parameters, the file a link was made on (a
 * link cannot carry it), and a bookmark in the fragment (applied when its run has finished).
 */
export function readPageLink() {
  const query = new URLSearchParams(location.search);
  const fromHash = bookmarkFromHash(location.hash);
  if (fromHash !== null) history.replaceState(null, '', `${location.pathname}${location.search}`);
  return {
    run: readRunParams(query),
    view: readViewParams(query),
    linkedFile: readLinkedFile(query),
    /** A shipped dataset to open (`sample=`: its name). */
    sample: readLinkedSample(query),
    /** Files the command line's `kmeans open` serves beside the page (`served=`, `servedModel=`: their names). */
    served: query.get('served') || query.get('servedModel') ? { data: query.get('served'), model: query.get('servedModel') } : null,
    bookmark: typeof fromHash === 'object' ? fromHash : null as Bookmark | null,
    /** Why the link's bookmark could not be read, if it could not. */
    bookmarkProblem: typeof fromHash === 'string' ? fromHash : null,
    /** The link set its own pace (a speed or a paused start): the opening run is not slowed. */
    setsPace: query.has('speed') || query.has('play'),
  };
}

/** The URL shows what is on screen: it follows the one page state. */
export function keepLinkInStep(state: PageStateStore) {
  const write = ({ run, view, source }: PageState) => {
    const search = writeRunParams(run, source);
    writeViewParams(view, search);
    const text = search.toString();
    history.replaceState(null, '', text ? `?${text}` : location.pathname);
  };
  state.subscribe((next) => write(next));
  write(state.get());
}
