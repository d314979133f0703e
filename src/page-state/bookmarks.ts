/**
 * Bookmarks: a view saved under a name, to come back to or to send. A bookmark holds what the URL
 * alone does not: the camera, the segment names in use, the lasso that made a selection (the
 * camera and the canvas size restore it), and the analyst's notes. With the page's own address
 * (run and view parameters, isolated segments) it travels as a link (`#bookmark=`), and a list of
 * them as a small JSON file; the browser keeps the list between visits.
 */
export interface Bookmark {
  readonly name: string;
  readonly notes: string;
  /** The page's query string when saved (run and view parameters). */
  readonly search: string;
  readonly camera: { readonly position: readonly number[]; readonly target: readonly number[] };
  /** Segment names by cluster (canonical numbers) when saved. */
  readonly segmentNames: readonly string[];
  /**
   * The selection's lasso in canvas pixels, the canvas size it was drawn on, and the view's
   * projection then (`matrix`, 16 numbers: the same customers are selected again whatever the
   * camera did since; bookmarks saved before it have none); null: none.
   */
  readonly lasso: {
    readonly polygon: readonly number[]; readonly width: number; readonly height: number; readonly kept: boolean; readonly matrix?: readonly number[];
  } | null;
}

const STORAGE_KEY = 'kmeans-workbench-bookmarks';
const LINK_KEY = 'bookmark';

const isNumbers = (v: unknown, length?: number): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && (length === undefined || v.length === length);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** A bookmark from untrusted JSON (a file, a link), or a sentence saying what is wrong. */
export function parseBookmark(value: unknown): Bookmark | string {
  if (typeof value !== 'object' || value === null) return 'a bookmark must be a JSON object';
  const b = value as Record<string, unknown>;
  if (!isText(b.name, 200) || b.name.trim() === '') return 'a bookmark needs a name (at most 200 characters)';
  if (!isText(b.notes, 5000)) return `bookmark "${b.name}": notes must be text (at most 5 000 characters)`;
  if (!isText(b.search, 4000)) return `bookmark "${b.name}": "search" must be the page's query string`;
  const camera = b.camera as Record<string, unknown> | undefined;
  if (!camera || !isNumbers(camera.position, 3) || !isNumbers(camera.target, 3)) return `bookmark "${b.name}": the camera needs a position and a target of 3 numbers each`;
  if (!Array.isArray(b.segmentNames) || !b.segmentNames.every((n) => isText(n, 200))) return `bookmark "${b.name}": segment names must be texts`;
  let lasso: Bookmark['lasso'] = null;
  if (b.lasso !== null && b.lasso !== undefined) {
    const l = b.lasso as Record<string, unknown>;
    if (!isNumbers(l.polygon) || l.polygon.length % 2 !== 0 || l.polygon.length > 20_000 || typeof l.width !== 'number' || typeof l.height !== 'number') {
      return `bookmark "${b.name}": the lasso must be an even list of pixel coordinates with the canvas width and height`;
    }
    if (l.matrix !== undefined && !isNumbers(l.matrix, 16)) return `bookmark "${b.name}": the lasso's matrix must be 16 numbers`;
    lasso = { polygon: l.polygon, width: l.width, height: l.height, kept: l.kept === true, ...(l.matrix ? { matrix: l.matrix } : {}) };
  }
  return {
    name: b.name, notes: b.notes, search: b.search,
    camera: { position: camera.position, target: camera.target },
    segmentNames: b.segmentNames as string[], lasso,
  };
}

/** Bookmarks from a JSON file's text (one bookmark or a list), or a sentence saying what is wrong. */
export function parseBookmarkFile(text: string, fileName: string): Bookmark[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${fileName} is not JSON`;
  }
  const list = Array.isArray(value) ? value : [value];
  const out: Bookmark[] = [];
  for (const item of list) {
    const parsed = parseBookmark(item);
    if (typeof parsed === 'string') return `${fileName}: ${parsed}`;
    out.push(parsed);
  }
  return out;
}

/** The browser's local storage (this module is also read by Node's type check, which has no DOM). */
interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const storage = (): KeyValueStore | undefined => (globalThis as unknown as { localStorage?: KeyValueStore }).localStorage;

/** The bookmarks this browser keeps (unreadable storage reads as none). */
export function storedBookmarks(): Bookmark[] {
  try {
    const parsed = parseBookmarkFile(storage()?.getItem(STORAGE_KEY) ?? '[]', 'storage');
    return typeof parsed === 'string' ? [] : parsed;
  } catch {
    return [];
  }
}

export function storeBookmarks(list: readonly Bookmark[]): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(list));
}

/** A link that opens the bookmark: its run and view in the query, the rest in the fragment. */
export function bookmarkLink(bookmark: Bookmark, base: string): string {
  const json = JSON.stringify(bookmark);
  const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(json))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${base}${bookmark.search ? `?${bookmark.search}` : ''}#${LINK_KEY}=${encoded}`;
}

/** The bookmark a link's fragment carries, null when none, or a sentence when it cannot be read. */
export function bookmarkFromHash(hash: string): Bookmark | string | null {
  const match = new RegExp(`^#${LINK_KEY}=([A-Za-z0-9_-]+)$`).exec(hash);
  if (!match) return null;
  try {
    const binary = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return parseBookmark(JSON.parse(json));
  } catch {
    return 'this link\'s bookmark could not be read';
  }
}
