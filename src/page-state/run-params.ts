import { MAX_CLUSTERS, MAX_PAGE_CUSTOMERS } from '../data/features.ts';
import { DEFAULT_N_INIT, type BackendChoice, type InitMethod } from '../kmeans/types.ts';
import type { OutlierPolicy } from '../analysis/outliers.ts';
import { DEFAULT_MIN_SHARE } from '../kmeans/warnings.ts';
import type { PageState } from './state.ts';

/** Every parameter of a generated-data run; the URL holds them, so a link reopens the same run. */
export interface RunParams {
  readonly n: number;
  /** Seed of the synthetic customers. */
  readonly seed: number;
  /** Seed of the initial centroids (R restarts with a new one). */
  readonly initSeed: number;
  readonly separation: number;
  readonly k: number;
  readonly init: InitMethod;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly backend: BackendChoice;
  /** Threads of the CPU engine in the page (0: automatic); the result does not depend on it. */
  readonly threads: number;
  /** Outliers by Tukey's fences before clustering (set in Explore). */
  readonly outliers: OutlierPolicy;
  /** A finished run with a segment under this share of the customers is flagged (0: never). */
  readonly minShare: number;
}

export const DEFAULT_RUN: RunParams = {
  n: 200_000, seed: 42, initSeed: 0, separation: 1, k: 4, init: 'k-means++', nInit: DEFAULT_N_INIT, maxIter: 300, tol: 1e-4, backend: 'auto', threads: 0, outliers: 'keep',
  minShare: DEFAULT_MIN_SHARE,
};

/** Parameters that describe generated customers: a link to an imported file leaves them out. */
const DATA_KEYS: readonly (keyof RunParams)[] = ['n', 'seed', 'separation'];

export const MAX_CUSTOMERS = MAX_PAGE_CUSTOMERS;

/** Read the run from URL parameters; anything missing or out of range keeps its default. */
export function readRunParams(search: URLSearchParams): RunParams {
  const int = (name: string, min: number, max: number, fallback: number) => {
    const value = Number(search.get(name));
    return search.has(name) && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  };
  const num = (name: string, min: number, max: number, fallback: number) => {
    const value = Number(search.get(name));
    return search.has(name) && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  };
  const pick = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const value = search.get(name);
    return options.includes(value as T) ? (value as T) : fallback;
  };
  const d = DEFAULT_RUN;
  return {
    n: int('n', 1000, MAX_CUSTOMERS, d.n),
    seed: int('seed', 0, 2 ** 31 - 1, d.seed),
    initSeed: int('initSeed', 0, 2 ** 31 - 1, d.initSeed),
    separation: num('separation', 0.25, 4, d.separation),
    k: int('k', 1, Math.min(32, MAX_CLUSTERS), d.k),
    init: pick('init', ['k-means++', 'random'] as const, d.init),
    nInit: int('nInit', 1, 20, d.nInit),
    maxIter: int('maxIter', 1, 1000, d.maxIter),
    tol: num('tol', 0, 1, d.tol),
    backend: pick('backend', ['auto', 'webgpu', 'cpu'] as const, d.backend),
    threads: int('threads', 0, 4, d.threads),
    outliers: pick('outliers', ['keep', 'clip', 'drop'] as const, d.outliers),
    minShare: num('minShare', 0, 0.5, d.minShare),
  };
}

/** The file a link was made on (`file=`): a link cannot carry the file itself. */
export function readLinkedFile(search: URLSearchParams): string | null {
  const name = search.get('file');
  return name && name.trim() !== '' ? name : null;
}

/**
 * The URL query for what is on screen: only what differs from the defaults, so links stay short.
 * Imported customers are named by `file=` instead of the generator's parameters, which would
 * claim customers that are not shown.
 */
export function writeRunParams(params: RunParams, source: PageState['source'] = { kind: 'generated' }): URLSearchParams {
  const search = new URLSearchParams();
  if (source.kind === 'file') search.set('file', source.name);
  for (const key of Object.keys(DEFAULT_RUN) as (keyof RunParams)[]) {
    if (source.kind === 'file' && DATA_KEYS.includes(key)) continue;
    if (params[key] !== DEFAULT_RUN[key]) search.set(key, String(params[key]));
  }
  return search;
}
