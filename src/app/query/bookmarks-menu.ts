import { makeButton } from '../../view/button.ts';
import { renderBookmarks } from '../../view/bookmarks-panel.ts';
import { bookmarkLink, parseBookmarkFile, storeBookmarks, storedBookmarks, type Bookmark } from '../../page-state/bookmarks.ts';
import { downloadBlob } from '../../view/download.ts';

/**
 * The Bookmarks button and its panel: save the current view under a name, restore, copy a link,
 * delete, and download or load the list as JSON. What a view is, and how it comes back, is the
 * caller's (`capture`, `restore`).
 */
export function createBookmarksMenu(parts: {
  root: HTMLElement;
  capture: (name: string, notes: string) => Bookmark;
  restore: (bookmark: Bookmark) => void;
}): HTMLButtonElement {
  const { root } = parts;
  let open = false;
  const button = makeButton('Bookmarks', 'bookmarks', () => show(!open),
    'Save this view (camera, isolated segments, selection, segment names, notes) under a name, or go back to one');
  button.setAttribute('aria-expanded', 'false');

  function show(next: boolean, status = '') {
    open = next;
    button.setAttribute('aria-expanded', String(next));
    if (!next) {
      root.hidden = true;
      return;
    }
    const list = storedBookmarks();
    renderBookmarks(root, list, status, {
      save: (name, notes) => {
        storeBookmarks([...list.filter((b) => b.name !== name), parts.capture(name, notes)]);
        show(true, `Saved "${name}".`);
      },
      restore: (bookmark) => parts.restore(bookmark),
      copyLink: (bookmark) => {
        const link = bookmarkLink(bookmark, `${location.origin}${location.pathname}`);
        root.dataset.link = link;
        void navigator.clipboard?.writeText(link).then(
          () => show(true, `Link to "${bookmark.name}" copied.`),
          () => show(true, `Copy this link: ${link}`),
        );
      },
      remove: (bookmark) => {
        storeBookmarks(list.filter((b) => b !== bookmark));
        show(true, `Deleted "${bookmark.name}".`);
      },
      download: () => downloadBlob(new Blob([JSON.stringify(list, null, 2) + '\n'], { type: 'application/json' }), 'bookmarks.json'),
      load: (file) => void file.text().then((text) => {
        const parsed = parseBookmarkFile(text, file.name);
        if (typeof parsed === 'string') return show(true, parsed);
        const names = new Set(parsed.map((b) => b.name));
        storeBookmarks([...list.filter((b) => !names.has(b.name)), ...parsed]);
        show(true, `Loaded ${parsed.length} bookmark${parsed.length === 1 ? '' : 's'} from ${file.name}.`);
      }),
    });
  }
  return button;
}
