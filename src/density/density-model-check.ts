/**
 * A density model read from a file is checked whole before anything uses it: every size, shape,
 * number and index, and no key the format does not have. Each problem is one sentence naming the
 * file and the field.
 */
import { DENSITY_MODEL_FORMAT, type DensityModel } from './density-model.ts';

const COMMON_KEYS = ['format', 'formatVersion', 'app', 'createdAt', 'algorithm', 'features', 'scaled', 'scaler', 'clusters', 'segmentNames', 'metrics', 'params'];
const KEYS = {
  dbscan: [...COMMON_KEYS, 'corePoints', 'coreClusters'],
  hdbscan: [...COMMON_KEYS, 'points', 'coreDistances', 'pointNode', 'pointLambda', 'nodeParent', 'nodeLambda', 'nodeLabel', 'nodeMaxLambda'],
};

type Json = Record<string, unknown>;

export function checkDensityModel(value: unknown, file: string): DensityModel {
  const fail = (message: string): never => {
    throw new RangeError(`${file}: ${message}`);
  };
  const model = value as Json;
  if (model.format !== DENSITY_MODEL_FORMAT) fail(`not a density model (no "format": "${DENSITY_MODEL_FORMAT}")`);
  if (model.formatVersion !== 1) fail(`density model format version ${String(model.formatVersion)} is not supported (expected 1)`);
  const algorithm = model.algorithm;
  if (algorithm !== 'dbscan' && algorithm !== 'hdbscan') fail(`"algorithm" must be "dbscan" or "hdbscan", not ${JSON.stringify(algorithm)}`);
  const unknown = Object.keys(model).filter((key) => !KEYS[algorithm as 'dbscan' | 'hdbscan'].includes(key));
  if (unknown.length > 0) fail(`unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);

  const features = model.features;
  if (!Array.isArray(features) || features.length < 1 || !features.every((f) => typeof f === 'string')) fail('"features" must list the feature names');
  const d = (features as string[]).length;
  const scaler = model.scaler as Json | undefined;
  numbers(fail, 'scaler.mean', scaler?.mean, d, { finite: true });
  numbers(fail, 'scaler.scale', scaler?.scale, d, { finite: true, positive: true });
  if (typeof model.scaled !== 'boolean') fail('"scaled" must be true or false');
  const clusters = model.clusters;
  if (!Number.isInteger(clusters) || (clusters as number) < 0) fail(`"clusters" must be a whole number >= 0, got ${String(clusters)}`);
  const k = clusters as number;
  const names = model.segmentNames;
  if (!Array.isArray(names) || names.length !== k || !names.every((name) => typeof name === 'string')) fail(`"segmentNames" must hold ${k} names`);
  const params = (model.params ?? {}) as Json;
  const label = { integer: true, min: -1, max: k - 1 };
  const metrics = (model.metrics ?? {}) as Json;
  if (!Number.isInteger(metrics.n) || (metrics.n as number) < 1) fail('"metrics.n" must be the number of fitted customers');
  if (!Number.isInteger(metrics.noise) || (metrics.noise as number) < 0 || (metrics.noise as number) > (metrics.n as number)) fail('"metrics.noise" must be a whole number from 0 to metrics.n');
  numbers(fail, 'metrics.counts', metrics.counts, k, { integer: true, min: 0 });

  if (algorithm === 'dbscan') {
    if (typeof params.eps !== 'number' || !(params.eps > 0) || !Number.isFinite(params.eps)) fail('"params.eps" must be a positive number');
    if (!Number.isInteger(params.minSamples) || (params.minSamples as number) < 1) fail('"params.minSamples" must be a whole number >= 1');
    const cores = lengthOf(fail, 'coreClusters', model.coreClusters);
    numbers(fail, 'coreClusters', model.coreClusters, cores, { integer: true, min: 0, max: k - 1 });
    numbers(fail, 'corePoints', model.corePoints, cores * d, { finite: true });
    return model as unknown as DensityModel;
  }
  if (!Number.isInteger(params.minSamples) || (params.minSamples as number) < 1) fail('"params.minSamples" must be a whole number >= 1');
  if (!Number.isInteger(params.minClusterSize) || (params.minClusterSize as number) < 2) fail('"params.minClusterSize" must be a whole number >= 2');
  if (params.clusterSelectionMethod !== 'eom' && params.clusterSelectionMethod !== 'leaf') fail('"params.clusterSelectionMethod" must be "eom" or "leaf"');
  const epsilon = params.clusterSelectionEpsilon;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) fail('"params.clusterSelectionEpsilon" must be a number >= 0');
  const n = lengthOf(fail, 'coreDistances', model.coreDistances);
  if (n < 1) fail('"coreDistances" must hold one number per fitted customer');
  numbers(fail, 'coreDistances', model.coreDistances, n, { finite: true, min: 0 });
  numbers(fail, 'points', model.points, n * d, { finite: true });
  const nodes = lengthOf(fail, 'nodeParent', model.nodeParent);
  if (nodes < 1) fail('"nodeParent" must hold the condensed tree\'s root at least');
  numbers(fail, 'pointNode', model.pointNode, n, { integer: true, min: 0, max: nodes - 1 });
  numbers(fail, 'pointLambda', model.pointLambda, n, { lambda: true });
  numbers(fail, 'nodeLambda', model.nodeLambda, nodes, { lambda: true });
  numbers(fail, 'nodeMaxLambda', model.nodeMaxLambda, nodes, { lambda: true });
  numbers(fail, 'nodeLabel', model.nodeLabel, nodes, label);
  numbers(fail, 'nodeParent', model.nodeParent, nodes, { integer: true, min: -1, max: nodes - 1 });
  // The walk up the tree must end at the root: every parent comes before its child.
  const parents = model.nodeParent as number[];
  if (parents[0] !== -1 || parents.some((up, node) => node > 0 && !(up >= 0 && up < node))) fail('"nodeParent" is not a tree rooted at node 0 with parents before children');
  return model as unknown as DensityModel;
}

interface NumberRule {
  readonly finite?: boolean;
  readonly positive?: boolean;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** A lambda: a number >= 0, or null for infinity. */
  readonly lambda?: boolean;
}

function lengthOf(fail: (message: string) => never, name: string, values: unknown): number {
  if (!Array.isArray(values)) fail(`"${name}" must be a list`);
  return (values as unknown[]).length;
}

function numbers(fail: (message: string) => never, name: string, values: unknown, count: number, rule: NumberRule): void {
  if (!Array.isArray(values) || values.length !== count) fail(`"${name}" must hold ${count} numbers`);
  (values as unknown[]).forEach((value, i) => {
    const ok = rule.lambda
      ? value === null || (typeof value === 'number' && value >= 0)
      : typeof value === 'number' && Number.isFinite(value) &&
        !(rule.integer && !Number.isInteger(value)) && !(rule.positive && value <= 0) &&
        !(rule.min !== undefined && value < rule.min) && !(rule.max !== undefined && value > rule.max);
    if (!ok) fail(`"${name}" entry ${i} is ${JSON.stringify(value)}, not ${describe(rule)}`);
  });
}

function describe(rule: NumberRule): string {
  if (rule.lambda) return 'a number >= 0 or null';
  const kind = rule.integer ? 'a whole number' : rule.positive ? 'a positive number' : 'a finite number';
  if (rule.min !== undefined && rule.max !== undefined) return rule.max < rule.min ? 'possible (there is nothing to point at)' : `${kind} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${kind} >= ${rule.min}`;
  return kind;
}
