import type { OutlierPolicy } from '../analysis/outliers.ts';
import { DEFAULT_N_INIT } from '../kmeans/types.ts';
import { DEFAULT_MIN_SHARE } from '../kmeans/warnings.ts';
import { CUSTOMER_SHAPES, type CustomerShape } from '../protocol/data.ts';
import { ALGORITHMS, type FitSettings } from '../protocol/fit.ts';
import { COVARIANCE_TYPES } from '../mixture/gaussian.ts';
import { LIMITS, withinLimit, type Limit } from '../protocol/limits.ts';
import type { SourceLabel } from './source.ts';

/** Every parameter of a generated-data run; the URL holds them, so a link reopens the same run. */
export interface RunParams extends FitSettings {
  readonly n: number;
  /** Seed of the synthetic customers. */
  readonly seed: number;
  /** Seed of the initial centroids (R restarts with a new one). */
  readonly initSeed: number;
  readonly separation: number;
  readonly shape: CustomerShape;
  /** Outliers by Tukey's fences before clustering (set in Explore). */
  readonly outliers: OutlierPolicy;
  /** A finished run with a segment under this share of the customers is flagged (0: never). */
  readonly minShare: number;
}

export const DEFAULT_RUN: RunParams = {
  algorithm: 'kmeans', eps: 0.15, minSamples: 10, minClusterSize: 100, clusterSelection: 'eom', clusterSelectionEpsilon: 0,
  covariance: 'full', n: 200_000, seed: 42, initSeed: 0, separation: 1, shape: 'round', k: 4, init: 'k-means++', nInit: DEFAULT_N_INIT, maxIter: 300, tol: 1e-4, backend: 'auto', threads: 0, outliers: 'keep',
  minShare: DEFAULT_MIN_SHARE,
};

/** Parameters that describe generated customers: a link to an imported file leaves them out. */
const DATA_KEYS: readonly (keyof RunParams)[] = ['n', 'seed', 'separation', 'shape'];

/** Read the run from URL parameters; anything missing or out of range keeps its default. */
export function readRunParams(search: URLSearchParams): RunParams {
  const int = (name: string, limit: Limit, fallback: number) => {
    const value = Number(search.get(name));
    return search.has(name) && withinLimit(value, limit) ? value : fallback;
  };
  const num = (name: string, limit: Limit, fallback: number) => {
    const value = Number(search.get(name));
    return search.has(name) && withinLimit(value, limit, false) ? value : fallback;
  };
  const pick = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const value = search.get(name);
    return options.includes(value as T) ? (value as T) : fallback;
  };
  const d = DEFAULT_RUN;
  return {
    n: int('n', LIMITS.customers, d.n),
    seed: int('seed', LIMITS.seed, d.seed),
    initSeed: int('initSeed', LIMITS.seed, d.initSeed),
    separation: num('separation', LIMITS.separation, d.separation),
    shape: pick('shape', CUSTOMER_SHAPES, d.shape),
    algorithm: pick('algorithm', ALGORITHMS, d.algorithm),
    eps: num('eps', LIMITS.eps, d.eps),
    minSamples: int('minSamples', LIMITS.minSamples, d.minSamples),
    minClusterSize: int('minClusterSize', LIMITS.minClusterSize, d.minClusterSize),
    clusterSelection: pick('clusterSelection', ['eom', 'leaf'] as const, d.clusterSelection),
    clusterSelectionEpsilon: num('clusterSelectionEpsilon', LIMITS.clusterSelectionEpsilon, d.clusterSelectionEpsilon),
    k: int('k', LIMITS.k, d.k),
    covariance: pick('covariance', COVARIANCE_TYPES, d.covariance),
    init: pick('init', ['k-means++', 'random'] as const, d.init),
    nInit: int('nInit', LIMITS.nInit, d.nInit),
    maxIter: int('maxIter', LIMITS.maxIter, d.maxIter),
    tol: num('tol', LIMITS.tol, d.tol),
    backend: pick('backend', ['auto', 'webgpu', 'cpu'] as const, d.backend),
    threads: int('threads', LIMITS.threads, d.threads),
    outliers: pick('outliers', ['keep', 'clip', 'drop'] as const, d.outliers),
    minShare: num('minShare', LIMITS.minShare, d.minShare),
  };
}

/** A shipped dataset a link was made on (`sample=`): the page opens it. */
export function readLinkedSample(search: URLSearchParams): string | null {
  const name = search.get('sample');
  return name && name.trim() !== '' ? name.trim() : null;
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
export function writeRunParams(params: RunParams, source: SourceLabel = { kind: 'generated' }): URLSearchParams {
  const search = new URLSearchParams();
  if (source.kind === 'file') search.set(source.sample ? 'sample' : 'file', source.sample ?? source.name);
  for (const key of Object.keys(DEFAULT_RUN) as (keyof RunParams)[]) {
    if (source.kind === 'file' && DATA_KEYS.includes(key)) continue;
    if (params[key] !== DEFAULT_RUN[key]) search.set(key, String(params[key]));
  }
  return search;
}
