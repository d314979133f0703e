import { parseBookmark, type Bookmark } from '../../page-state/bookmarks.ts';
import type { BadRowChoice, ColumnChoice } from '../../data/csv-import.ts';

/**
 * What a workspace kept in the browser holds: the imported file as it came (its bytes, read again
 * the same way on restore: the same columns, formats and bad-row choice give the same customers),
 * and this manifest, with the view as a bookmark (run and view parameters, segment names, camera,
 * selection).
 */
export interface WorkspaceManifest {
  readonly version: 1;
  /** What the list shows. */
  readonly name: string;
  readonly savedAt: string;
  /** The imported file; null for generated customers (the link makes them again). */
  readonly file: { readonly name: string; readonly bytes: number; readonly rows: number } | null;
  readonly columns: ColumnChoice | null;
  readonly badRows: BadRowChoice;
  readonly view: Bookmark;
  /** The model loaded in the Data tab, as its file said it; null: none (or too big to keep). */
  readonly model: { readonly file: string; readonly text: string } | null;
}

/** A loaded model is kept with the workspace up to this size (a KMeans model is a few kB). */
export const MAX_KEPT_MODEL_CHARS = 20_000_000;

export interface WorkspaceEntry {
  readonly id: string;
  readonly manifest: WorkspaceManifest;
}

/** The workspace saved as the analyst works (the one a reload offers back). */
export const CURRENT_WORKSPACE = 'current';

const BAD_ROWS: readonly BadRowChoice[] = ['drop', 'mean', 'median'];

/** A manifest read back (storage can hold an older or damaged one): the manifest, or null. */
export function parseManifest(value: unknown): WorkspaceManifest | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.version !== 1 || typeof m.name !== 'string' || typeof m.savedAt !== 'string' || !BAD_ROWS.includes(m.badRows as BadRowChoice)) return null;
  const view = parseBookmark(m.view);
  if (typeof view === 'string') return null;
  const file = m.file as WorkspaceManifest['file'];
  if (file !== null && (typeof file !== 'object' || typeof file.name !== 'string' || !Number.isFinite(file.bytes) || !Number.isFinite(file.rows))) return null;
  const columns = m.columns as ColumnChoice | null;
  if (file !== null && (!columns || !Array.isArray(columns.features) || !columns.features.every(Number.isInteger) || !Array.isArray(columns.formats))) return null;
  // Manifests saved before models were kept have none.
  const model = (m.model ?? null) as WorkspaceManifest['model'];
  if (model !== null && (typeof model !== 'object' || typeof model.file !== 'string' || typeof model.text !== 'string' || model.text.length > MAX_KEPT_MODEL_CHARS)) return null;
  return { version: 1, name: m.name, savedAt: m.savedAt, file, columns: file ? columns : null, badRows: m.badRows as BadRowChoice, view, model };
}
