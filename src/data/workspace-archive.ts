import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { APP_NAME, APP_VERSION } from '../version.ts';

/**
 * A workspace file: one zip archive that the page's "Download workspace" writes and "Open
 * workspace" and `kmeans open` read. It holds two entries:
 * - `workspace.json`: `{ "format": "kmeans-workspace", "formatVersion": 1, "app": {...},
 *   "customers": "customers/<file name>", "manifest": {...} }`; the manifest is the page's
 *   (app/workspace/workspace-manifest.ts): the view as a bookmark (run and view parameters,
 *   segment names, camera, selection), the columns and number formats the file was read with, and
 *   the bad-row choice;
 * - `customers/<file name>`: the imported file byte for byte (CSV or Parquet), so that reading it
 *   again the same way gives the same customers, every column kept. Generated customers have none
 *   (the manifest's link makes them again);
 * - `runs/pinned-labels.u8`, where a run was pinned for comparison: its label per source row, one
 *   byte each (255: a row it left out), named by the header's `"pinnedLabels"`.
 */
export const WORKSPACE_FORMAT = 'kmeans-workspace';
const MANIFEST_ENTRY = 'workspace.json';

export interface WorkspaceArchive {
  /** The page's manifest, unchecked here (the page checks it whole). */
  readonly manifest: unknown;
  readonly file: { readonly name: string; readonly bytes: Uint8Array } | null;
  /** The pinned run's labels per source row, or null. */
  readonly pinnedLabels: Uint8Array | null;
}

const PINNED_ENTRY = 'runs/pinned-labels.u8';

/** The archive's bytes. Parquet is stored as it is (already compressed); text is deflated. */
export function packWorkspace(manifest: unknown, file: WorkspaceArchive['file'], pinnedLabels: Uint8Array | null = null): Uint8Array {
  const customers = file ? `customers/${file.name.replace(/[\\/]/g, '_')}` : null;
  const header = {
    format: WORKSPACE_FORMAT, formatVersion: 1, app: { name: APP_NAME, version: APP_VERSION }, customers, manifest, ...(pinnedLabels ? { pinnedLabels: PINNED_ENTRY } : {}),
  };
  const entries: Record<string, Uint8Array | [Uint8Array, { level: 0 | 6 }]> = { [MANIFEST_ENTRY]: strToU8(JSON.stringify(header, null, 2)) };
  if (file && customers) entries[customers] = [file.bytes, { level: /\.parquet$/i.test(file.name) ? 0 : 6 }];
  if (pinnedLabels) entries[PINNED_ENTRY] = pinnedLabels;
  return zipSync(entries);
}

/** A workspace file read back, or one sentence naming the file and what is wrong with it. */
export function unpackWorkspace(bytes: Uint8Array, archiveName: string): WorkspaceArchive {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new RangeError(`${archiveName}: not a workspace file (a workspace is a zip archive with workspace.json inside)`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new RangeError(`${archiveName}: the archive cannot be read (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const text = entries[MANIFEST_ENTRY];
  if (!text) throw new RangeError(`${archiveName}: a zip archive without ${MANIFEST_ENTRY}, so not a workspace file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(strFromU8(text)) as Record<string, unknown>;
  } catch {
    throw new RangeError(`${archiveName}: its ${MANIFEST_ENTRY} is not valid JSON`);
  }
  if (header?.format !== WORKSPACE_FORMAT) throw new RangeError(`${archiveName}: its ${MANIFEST_ENTRY} is not a workspace's (format "${String(header?.format)}")`);
  if (header.formatVersion !== 1) throw new RangeError(`${archiveName}: workspace format version ${String(header.formatVersion)} is not one this version reads (1)`);
  const known = new Set(['format', 'formatVersion', 'app', 'customers', 'manifest', 'pinnedLabels']);
  const unknown = Object.keys(header).find((key) => !known.has(key));
  if (unknown) throw new RangeError(`${archiveName}: its ${MANIFEST_ENTRY} has an unknown field "${unknown}"`);
  let pinnedLabels: Uint8Array | null = null;
  if (header.pinnedLabels !== undefined) {
    pinnedLabels = header.pinnedLabels === PINNED_ENTRY ? entries[PINNED_ENTRY] ?? null : null;
    if (!pinnedLabels) throw new RangeError(`${archiveName}: the pinned run's labels (${String(header.pinnedLabels)}) are missing from the archive`);
  }
  if (header.customers === null) return { manifest: header.manifest, file: null, pinnedLabels };
  if (typeof header.customers !== 'string' || !header.customers.startsWith('customers/')) throw new RangeError(`${archiveName}: "customers" must name an entry under customers/`);
  const customers = entries[header.customers];
  if (!customers) throw new RangeError(`${archiveName}: the customers' file ${header.customers} is missing from the archive`);
  return { manifest: header.manifest, file: { name: header.customers.slice('customers/'.length), bytes: customers }, pinnedLabels };
}
