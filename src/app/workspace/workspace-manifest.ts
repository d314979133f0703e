import { parseBookmark, type Bookmark } from '../../page-state/bookmarks.ts';
import type { BadRowChoice, ColumnChoice } from '../../data/csv-import.ts';
import type { SegmentMemory } from '../segments/segment-identity.ts';

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
  /** The run pinned for comparison: its k, names and colours (its labels are kept beside the file); null: none. */
  readonly pinned: PinnedLooks | null;
  /** The segments seen (centres, colours, names), so the run fitted again keeps its colours; null: none kept. */
  readonly segments: SegmentMemory | null;
  /** A finished KMeans run as its model (JSON) and why it stopped: restored by assigning the customers to its centroids, no refit; null: refit. */
  readonly fitted: FittedRun | null;
}

export interface FittedRun {
  readonly model: string;
  readonly stop: 'labels-stable' | 'tol' | 'max-iter';
}

function parseFitted(value: unknown): FittedRun | null | undefined {
  if (value === null || value === undefined) return null;
  const f = value as Record<string, unknown>;
  const ok = typeof f.model === 'string' && f.model.length <= MAX_KEPT_MODEL_CHARS && ['labels-stable', 'tol', 'max-iter'].includes(f.stop as string);
  return ok ? { model: f.model as string, stop: f.stop as FittedRun['stop'] } : undefined;
}

/** At most this many remembered segments (the identity keeps the active ones, the named and 8 others). */
const MAX_REMEMBERED = 1024;

function parseSegments(value: unknown): SegmentMemory | null | undefined {
  if (value === null || value === undefined) return null;
  const m = value as Record<string, unknown>;
  if (!Array.isArray(m.features) || !m.features.every((f) => typeof f === 'string') || !Array.isArray(m.segments) || m.segments.length > MAX_REMEMBERED) return undefined;
  const d = m.features.length;
  const ok = m.segments.every((segment: Record<string, unknown>) => Array.isArray(segment?.centre) && segment.centre.length === d
    && segment.centre.every(Number.isFinite) && Number.isInteger(segment.slot) && (segment.name === null || typeof segment.name === 'string'));
  return ok ? { features: m.features as string[], segments: m.segments as SegmentMemory['segments'] } : undefined;
}

export interface PinnedLooks {
  readonly k: number;
  readonly names: readonly string[];
  readonly slots: readonly number[];
}

function parsePinned(value: unknown): PinnedLooks | null | undefined {
  if (value === null || value === undefined) return null;
  const p = value as Record<string, unknown>;
  const ok = Number.isInteger(p.k) && Array.isArray(p.names) && p.names.every((name) => typeof name === 'string')
    && Array.isArray(p.slots) && p.slots.every(Number.isInteger) && p.names.length === p.slots.length;
  return ok ? { k: p.k as number, names: p.names as string[], slots: p.slots as number[] } : undefined;
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
  // Manifests saved before pinned runs were kept have none.
  const pinned = parsePinned(m.pinned);
  const segments = parseSegments(m.segments);
  const fitted = parseFitted(m.fitted);
  if (pinned === undefined || segments === undefined || fitted === undefined) return null;
  return { version: 1, name: m.name, savedAt: m.savedAt, file, columns: file ? columns : null, badRows: m.badRows as BadRowChoice, view, model, pinned, segments, fitted };
}
