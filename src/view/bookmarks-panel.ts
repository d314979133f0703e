import type { Bookmark } from '../page-state/bookmarks.ts';
import { makeButton } from './button.ts';

export interface BookmarkActions {
  readonly save: (name: string, notes: string) => void;
  readonly restore: (bookmark: Bookmark) => void;
  readonly copyLink: (bookmark: Bookmark) => void;
  readonly remove: (bookmark: Bookmark) => void;
  readonly download: () => void;
  readonly load: (file: File) => void;
}

/**
 * Saved views: a name and notes to save the current view under, and the list kept in this
 * browser (restore, copy a link, delete), downloadable and loadable as JSON. Names and notes
 * are shown as text, never HTML.
 */
export function renderBookmarks(root: HTMLElement, list: readonly Bookmark[], status: string, actions: BookmarkActions) {
  root.hidden = false;
  const form = document.createElement('form');
  form.className = 'bookmark-form';
  const name = document.createElement('input');
  name.name = 'bookmark-name';
  name.placeholder = 'Name this view';
  name.maxLength = 200;
  name.required = true;
  name.setAttribute('aria-label', 'Bookmark name');
  const notes = document.createElement('textarea');
  notes.name = 'bookmark-notes';
  notes.placeholder = 'Notes (optional)';
  notes.maxLength = 5000;
  notes.rows = 2;
  notes.setAttribute('aria-label', 'Bookmark notes');
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = 'Save view';
  form.append(name, notes, save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    actions.save(name.value.trim(), notes.value);
  });

  const items = document.createElement('ul');
  items.className = 'bookmark-list';
  for (const bookmark of list) {
    const item = document.createElement('li');
    item.dataset.name = bookmark.name;
    const title = document.createElement('strong');
    title.textContent = bookmark.name;
    const text = document.createElement('span');
    text.className = 'bookmark-notes';
    text.textContent = bookmark.notes;
    const buttons = document.createElement('span');
    buttons.className = 'selection-actions';
    for (const [label, action, key] of [['Restore', actions.restore, 'restore'], ['Copy link', actions.copyLink, 'copy'], ['Delete', actions.remove, 'delete']] as const) {
      buttons.append(makeButton(label, `bookmark-${key}`, () => action(bookmark)));
    }
    item.append(title, text, buttons);
    items.append(item);
  }
  const files = document.createElement('div');
  files.className = 'selection-actions';
  const download = makeButton('Download JSON', 'bookmarks-download', actions.download);
  download.disabled = list.length === 0;
  const loadLabel = document.createElement('label');
  loadLabel.className = 'bookmark-load';
  loadLabel.textContent = 'Load JSON…';
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  input.name = 'bookmarks-file';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) actions.load(file);
  });
  loadLabel.append(input);
  files.append(download, loadLabel);
  const line = document.createElement('p');
  line.className = 'query-status';
  line.setAttribute('role', 'status');
  line.textContent = status;
  root.replaceChildren(form, items, files, line);
}
