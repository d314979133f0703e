import { MAX_FEATURES, MIN_FEATURES, type BadRowChoice, type ColumnChoice, type CsvPreview, type ImportReport } from '../data/csv-import.ts';
import { formatFloat32 } from '../data/format.ts';
import { describeProblems } from '../data/import-problems.ts';
import { DECIMAL_MARKS, decimalName, formatExample, numberReader, type DecimalMark, type NumberFormat } from '../data/number-format.ts';

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

/** What step 1 decides: the feature columns, and how every column writes its numbers (null: text). */
export type { ColumnChoice } from '../data/csv-import.ts';

/** Why a column's format is what it is, for the picker's tooltip. */
function formatReason(format: NumberFormat, delimiter: string): string {
  if (format.basis === 'column') return `Detected from this column's numbers: ${decimalName(format.decimal)}.`;
  const either = "This column's first numbers read the same either way (or could be either, like 1.234); ";
  if (format.basis === 'file') return `${either}the file's other columns use a ${decimalName(format.decimal)}.`;
  return `${either}${DELIMITER_NAMES[delimiter] ?? delimiter}-separated files usually use a ${decimalName(format.decimal)}.`;
}

/** The first previewed cell of a column that shows its format best: one with a separator, else any number. */
function sampleCell(preview: CsvPreview, c: number): string | null {
  const cells = preview.rows.map((row) => row[c]?.trim() ?? '').filter((cell) => /\d/.test(cell));
  return cells.find((cell) => /[.,'\s]/.test(cell)) ?? cells[0] ?? null;
}

/**
 * The number format of one numeric column: a select (decimal point or comma, with the example
 * of how that writes 1234.5 and the separator seen) set to what was detected, and what a cell
 * of the file reads as under the chosen format, so a wrong guess shows at a glance.
 */
function formatPicker(preview: CsvPreview, c: number, detected: NumberFormat): { element: HTMLElement; format: () => NumberFormat } {
  const select = el('select', undefined, 'number-format');
  select.name = `format-${c}`;
  select.title = formatReason(detected, preview.delimiter);
  select.setAttribute('aria-label', `Number format of ${preview.headers[c] || `column ${c + 1}`}`);
  for (const mark of DECIMAL_MARKS) {
    const group = mark === detected.decimal ? detected.group : '';
    select.append(new Option(`${decimalName(mark)} · ${formatExample(mark, group || (mark === ',' ? '.' : ','))}`, mark, false, mark === detected.decimal));
  }
  const cell = sampleCell(preview, c);
  const reading = el('span', '', 'format-reading');
  const show = () => {
    if (cell === null) return;
    const value = numberReader(select.value as DecimalMark)(cell);
    reading.textContent = `"${cell}" → ${typeof value === 'number' ? formatFloat32(value) : 'not a number'}`;
    reading.dataset.ok = String(typeof value === 'number');
  };
  select.addEventListener('change', show);
  show();
  const element = el('div', undefined, 'format-picker');
  element.append(select, reading);
  const format = (): NumberFormat => {
    const decimal = select.value as DecimalMark;
    return decimal === detected.decimal ? detected : { decimal, group: '', basis: 'chosen' };
  };
  return { element, format };
}

/**
 * Step 1 of an import: the file's first rows with a checkbox per column. Numeric columns can
 * be chosen as features (2 to 8), and show how their numbers are written, which the user can
 * change; all columns are carried through to the export anyway.
 */
export function chooseColumns(preview: CsvPreview, modelFeatures: readonly string[] | null): Promise<ColumnChoice | null> {
  return modal<ColumnChoice>('mapping-dialog', (dialog, finish) => {
    dialog.append(el('h2', `Import ${preview.file}`));
    const encoding = preview.encoding === 'utf-8' ? '' : ', Windows-1252 text (kept in the export)';
    // A Parquet file has no delimiter: its columns and their types come from its schema.
    const layout = preview.delimiter === '' ? 'Parquet' : `${DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}-separated${encoding}`;
    const parquet = preview.delimiter === '';
    dialog.append(el('p', `${formatBytes(preview.bytes)}, ${layout}, ${preview.headers.length} columns. ` +
      `Tick the columns to cluster on (${MIN_FEATURES} to ${MAX_FEATURES} numeric columns). Every column is kept in the export. ` +
      (parquet ? 'Each column\'s type comes from the file: numbers are read as stored.'
        : 'Under each numeric column: its decimal mark as detected and what a cell reads as; change the mark if a value reads wrong.'), 'note'));
    if (modelFeatures) dialog.append(el('p', `The loaded model uses: ${modelFeatures.join(', ')}.`, 'note'));
    const table = el('table', undefined, 'preview-table');
    const head = el('tr');
    const boxes: HTMLInputElement[] = [];
    const pickers: ({ format: () => NumberFormat } | null)[] = [];
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
      const detected = preview.formats[c];
      if (detected && parquet) {
        // Stored as numbers: no decimal mark to choose.
        th.append(el('span', 'number', 'column-kind'));
        pickers.push({ format: () => detected });
      } else if (detected) {
        const picker = formatPicker(preview, c, detected);
        th.append(picker.element);
        pickers.push(picker);
      } else {
        const kind = el('span', 'text', 'column-kind');
        const sample = preview.firstText[c];
        if (sample) kind.title = `"${sample.value}" at row ${sample.row} is not a number`;
        th.append(kind);
        pickers.push(null);
      }
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
    ok.addEventListener('click', () => finish({ features: chosen(), formats: pickers.map((picker) => picker?.format() ?? null) }));
    cancel.addEventListener('click', () => finish(null));
    const actions = el('div', undefined, 'dialog-actions');
    actions.append(cancel, ok);
    dialog.append(scroller, status, actions);
  });
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
