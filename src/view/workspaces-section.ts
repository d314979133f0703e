import { makeButton } from './button.ts';
import { make } from './dom.ts';

/** One saved workspace as the list shows it. */
export interface WorkspaceRow {
  readonly id: string;
  readonly name: string;
  readonly detail: string;
}

/**
 * The Data tab's workspaces: save the current one under a name, the list (open, delete), and the
 * storage it uses. Names are the analyst's text: shown as text, never HTML.
 */
export function createWorkspacesSection(root: HTMLElement, on: {
  save: (name: string) => void; open: (id: string) => void; remove: (id: string) => void; download: () => void; openFile: (file: File) => void;
}) {
  const nameInput = make('input');
  nameInput.name = 'workspace-name';
  nameInput.placeholder = 'workspace name';
  nameInput.maxLength = 120;
  nameInput.setAttribute('aria-label', 'Workspace name');
  const saveRow = make('div', '', 'data-row');
  saveRow.append(nameInput, makeButton('Save workspace', 'save-workspace', () => {
    const name = nameInput.value.trim();
    if (name) on.save(name);
  }));
  const fileInput = make('input');
  fileInput.type = 'file';
  fileInput.name = 'workspace-file';
  fileInput.accept = '.zip,application/zip';
  fileInput.hidden = true;
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) on.openFile(file);
  });
  const fileRow = make('div', '', 'data-row');
  fileRow.append(makeButton('Download workspace (.zip)', 'download-workspace', on.download), makeButton('Open workspace…', 'open-workspace-file', () => fileInput.click()), fileInput);
  const list = make('ul', '', 'workspace-list');
  const usage = make('p', '', 'note workspace-usage');
  root.append(saveRow, fileRow, list, usage);

  return {
    show(rows: readonly WorkspaceRow[]) {
      list.replaceChildren(...rows.map((row) => {
        const item = make('li', '', 'workspace-row');
        item.dataset.id = row.id;
        item.append(make('span', row.name, 'workspace-name'), make('span', row.detail, 'note'),
          makeButton('Open', 'open-workspace', () => on.open(row.id)), makeButton('Delete', 'delete-workspace', () => on.remove(row.id)));
        return item;
      }));
      if (rows.length === 0) list.append(make('li', 'No workspace saved yet.', 'note'));
    },
    setUsage: (text: string) => void (usage.textContent = text),
    clearName: () => void (nameInput.value = ''),
  };
}

export type WorkspacesSection = ReturnType<typeof createWorkspacesSection>;
