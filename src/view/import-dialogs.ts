import { MAX_FEATURES, MIN_FEATURES, type BadRowChoice, type CsvPreview, type ImportReport } from '../data/csv-import.ts';

/** Build an element with text content only: file contents never reach the page as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function button(text: string, name: string, primary = false): HTMLButtonElement {
  const b = el('button', text, primary ? 'primary' : undefined);
  b.type = 'button';
  b.name = name;
  return b;
}

/** A modal <dialog> that resolves with what the user picked (null for Cancel or Escape). */
function modal<T>(className: string, build: (dialog: HTMLDialogElement, finish: (value: T | null) => void) => void): Promise<T | null> {
  return new Promise((resolve) => {
    const dialog = el('dialog', undefined, `import-dialog ${className}`);
    const finish = (value: T | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    build(dialog, finish);
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A file size people read at a glance: 206 bytes, 3.8 kB, 34.3 MB. */
export const formatBytes = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`);
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Step 1 of an import: the file's first rows with a checkbox per column. Numeric columns can
 * be chosen as features (2 to 8); all columns are carried through to the export anyway.
 */
export function chooseColumns(preview: CsvPreview, modelFeatures: readonly string[] | null): Promise<number[] | null> {
  return modal<number[]>('mapping-dialog', (dialog, finish) => {
    dialog.append(el('h2', `Import ${preview.file}`));
    dialog.append(el('p', `${formatBytes(preview.bytes)}, ${DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}-separated, ${preview.headers.length} columns. ` +
      `Tick the columns to cluster on (${MIN_FEATURES} to ${MAX_FEATURES} numeric columns). Every column is kept in the export.`, 'note'));
    if (modelFeatures) dialog.append(el('p', `The loaded model uses: ${modelFeatures.join(', ')}.`, 'note'));
    const table = el('table', undefined, 'preview-table');
    const head = el('tr');
    const boxes: HTMLInputElement[] = [];
    preview.headers.forEach((header, c) => {
      const th = el('th');
      th.title = header; // the full name when the column is narrow (an attribute: text, not HTML)
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.name = `column-${c}`;
      box.disabled = !preview.numeric[c];
      box.checked = preview.suggested.includes(c);
      boxes.push(box);
      label.append(box, el('span', header || `(column ${c + 1})`, 'column-name'));
      th.append(label);
      if (!preview.numeric[c]) th.append(el('span', 'text', 'column-kind'));
      head.append(th);
    });
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const row of preview.rows.slice(0, 5)) {
      const tr = el('tr');
      preview.headers.forEach((_, c) => tr.append(el('td', row[c] ?? '')));
      tbody.append(tr);
    }
    table.append(thead, tbody);
    const scroller = el('div', undefined, 'preview-scroll');
    scroller.append(table);
    const status = el('p', '', 'dialog-status');
    status.setAttribute('role', 'status');
    const ok = button('Import', 'import', true);
    const cancel = button('Cancel', 'cancel');
    const chosen = () => boxes.flatMap((box, c) => (box.checked ? [c] : []));
    const check = () => {
      const count = chosen().length;
      ok.disabled = count < MIN_FEATURES || count > MAX_FEATURES;
      status.textContent = ok.disabled ? `Choose ${MIN_FEATURES} to ${MAX_FEATURES} numeric columns (${count} chosen).` : `${count} feature columns chosen.`;
    };
    boxes.forEach((box) => box.addEventListener('change', check));
    check();
    ok.addEventListener('click', () => finish(chosen()));
    cancel.addEventListener('click', () => finish(null));
    const actions = el('div', undefined, 'dialog-actions');
    actions.append(cancel, ok);
    dialog.append(scroller, status, actions);
  });
}

const rowList = (rows: readonly { row: number }[], total: number) =>
  `row${rows.length > 1 ? 's' : ''} ${rows.map((r) => r.row).join(', ')}${total > rows.length ? ', …' : ''}`;

/** The report lines for a file with problems: counts per column and the first rows of each kind. */
export function describeProblems(report: ImportReport): string[] {
  const lines: string[] = [];
  const perColumn = (counts: readonly number[]) =>
    counts.flatMap((count, f) => (count > 0 ? [`${report.featureNames[f]} ${count.toLocaleString('en-US')}`] : [])).join(', ');
  const missing = report.missing.reduce((a, b) => a + b, 0);
  if (missing > 0) lines.push(`Missing values: ${missing.toLocaleString('en-US')} (${perColumn(report.missing)}); first at ${rowList(report.firstMissing, missing)}.`);
  const nonNumeric = report.nonNumeric.reduce((a, b) => a + b, 0);
  if (nonNumeric > 0) {
    const examples = report.firstNonNumeric.map((p) => `row ${p.row} ${p.column}: "${p.value}"`).join('; ');
    lines.push(`Not numbers: ${nonNumeric.toLocaleString('en-US')} (${perColumn(report.nonNumeric)}); ${examples}${nonNumeric > report.firstNonNumeric.length ? '; …' : ''}.`);
  }
  if (report.ragged > 0) {
    const examples = report.firstRagged.map((r) => `row ${r.row} has ${r.fields}`).join(', ');
    lines.push(`Rows with a different number of fields than the header: ${report.ragged.toLocaleString('en-US')} (${examples}${report.ragged > report.firstRagged.length ? ', …' : ''}); their cells are read by position.`);
  }
  return lines;
}

/** Step 2, only when rows have problems: drop them, fill the gaps, or cancel the import. */
export function chooseBadRowHandling(report: ImportReport): Promise<BadRowChoice | null> {
  return modal<BadRowChoice>('report-dialog', (dialog, finish) => {
    dialog.append(el('h2', `${report.file}: ${report.badRows.toLocaleString('en-US')} of ${report.rows.toLocaleString('en-US')} rows have problems`));
    const list = el('ul', undefined, 'problem-list');
    for (const line of describeProblems(report)) list.append(el('li', line));
    dialog.append(list, el('p', 'Nothing is imported until you choose. Cancel keeps the current customers and run.', 'note'));
    const actions = el('div', undefined, 'dialog-actions');
    const cancel = button('Cancel import', 'cancel');
    const drop = button(`Drop these rows (${(report.rows - report.badRows).toLocaleString('en-US')} left)`, 'drop', true);
    const mean = button('Fill gaps with the column mean', 'mean');
    const median = button('Fill gaps with the column median', 'median');
    cancel.addEventListener('click', () => finish(null));
    drop.addEventListener('click', () => finish('drop'));
    mean.addEventListener('click', () => finish('mean'));
    median.addEventListener('click', () => finish('median'));
    actions.append(cancel, median, mean, drop);
    dialog.append(actions);
  });
}
