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
 * - in the header, `"run"` (WorkspaceRun): the run on screen in plain terms, for tools other than
 *   the page (`kmeans fit --input x.workspace.zip` fits it again and gives the same labels);
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
  /** The run section, unchecked here (parseWorkspaceRun checks it), or undefined. */
  readonly run: unknown;
}

const PINNED_ENTRY = 'runs/pinned-labels.u8';

/** The run on screen when the workspace was written, in the command line's terms. */
export interface WorkspaceRun {
  readonly algorithm: 'kmeans' | 'dbscan' | 'hdbscan' | 'gmm';
  /** A Gaussian mixture's covariance type (absent in workspaces written before mixtures: full). */
  readonly covariance?: 'full' | 'diag' | 'spherical';
  /** The columns clustered, by name. */
  readonly features: readonly string[];
  /** Rows missing a feature: dropped, or filled with the column's mean or median. */
  readonly missing: 'drop' | 'mean' | 'median';
  /** Outliers by Tukey's fences (Explore): kept, clipped or dropped before clustering. */
  readonly outliers: 'keep' | 'clip' | 'drop';
  readonly k: number;
  readonly init: 'k-means++' | 'random';
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly seed: number;
  readonly eps: number;
  readonly minSamples: number;
  readonly minClusterSize: number;
  readonly clusterSelection: 'eom' | 'leaf';
  readonly clusterSelectionEpsilon: number;
  /** The segment names by cluster, as the analyst left them. */
  readonly segmentNames: readonly string[];
}

/** A workspace's run section checked (a file can say anything), or one sentence naming what is wrong. */
export function parseWorkspaceRun(value: unknown, archiveName: string): WorkspaceRun {
  const bad = (what: string) => new RangeError(`${archiveName}: its run ${what}`);
  if (typeof value !== 'object' || value === null) throw bad('section is missing (a workspace of generated customers, or one written before runs were kept)');
  const r = value as Record<string, unknown>;
  const texts = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const whole = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
  const real = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const one = <T extends string>(v: unknown, options: readonly T[]): v is T => options.includes(v as T);
  if (!one(r.algorithm, ['kmeans', 'dbscan', 'hdbscan', 'gmm'] as const)) throw bad(`algorithm "${String(r.algorithm)}" is not kmeans, dbscan, hdbscan or gmm`);
  if (r.covariance !== undefined && !one(r.covariance, ['full', 'diag', 'spherical'] as const)) throw bad(`covariance "${String(r.covariance)}" is not full, diag or spherical`);
  if (!texts(r.features) || r.features.length === 0) throw bad('names no features');
  if (!one(r.missing, ['drop', 'mean', 'median'] as const) || !one(r.outliers, ['keep', 'clip', 'drop'] as const)) throw bad('has an unknown missing-value or outlier choice');
  if (!one(r.init, ['k-means++', 'random'] as const) || !one(r.clusterSelection, ['eom', 'leaf'] as const)) throw bad('has an unknown init or cluster selection');
  if (!whole(r.k, 1) || !whole(r.nInit, 1) || !whole(r.maxIter, 1) || !whole(r.seed, 0) || !whole(r.minSamples, 1) || !whole(r.minClusterSize, 2)) throw bad('has a count that is not a whole number in range');
  if (!real(r.tol) || !real(r.eps) || !real(r.clusterSelectionEpsilon)) throw bad('has a distance or tolerance that is not a number of 0 or more');
  if (!texts(r.segmentNames)) throw bad('segment names are not texts');
  return r as unknown as WorkspaceRun;
}

/** The archive's bytes. Parquet is stored as it is (already compressed); text is deflated. */
export function packWorkspace(manifest: unknown, file: WorkspaceArchive['file'], pinnedLabels: Uint8Array | null = null, run: WorkspaceRun | null = null): Uint8Array {
  const customers = file ? `customers/${file.name.replace(/[\\/]/g, '_')}` : null;
  const header = {
    format: WORKSPACE_FORMAT, formatVersion: 1, app: { name: APP_NAME, version: APP_VERSION }, customers, manifest, ...(pinnedLabels ? { pinnedLabels: PINNED_ENTRY } : {}), ...(run ? { run } : {}),
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
  const known = new Set(['format', 'formatVersion', 'app', 'customers', 'manifest', 'pinnedLabels', 'run']);
  const unknown = Object.keys(header).find((key) => !known.has(key));
  if (unknown) throw new RangeError(`${archiveName}: its ${MANIFEST_ENTRY} has an unknown field "${unknown}"`);
  let pinnedLabels: Uint8Array | null = null;
  if (header.pinnedLabels !== undefined) {
    pinnedLabels = header.pinnedLabels === PINNED_ENTRY ? entries[PINNED_ENTRY] ?? null : null;
    if (!pinnedLabels) throw new RangeError(`${archiveName}: the pinned run's labels (${String(header.pinnedLabels)}) are missing from the archive`);
  }
  if (header.customers === null) return { manifest: header.manifest, file: null, pinnedLabels, run: header.run };
  if (typeof header.customers !== 'string' || !/^customers\/[^/\\]+$/.test(header.customers) || header.customers.includes('..')) {
    throw new RangeError(`${archiveName}: "customers" must name a file directly under customers/`);
  }
  const customers = entries[header.customers];
  if (!customers) throw new RangeError(`${archiveName}: the customers' file ${header.customers} is missing from the archive`);
  return { manifest: header.manifest, file: { name: header.customers.slice('customers/'.length), bytes: customers }, pinnedLabels, run: header.run };
}
