import { describe, expect, it } from 'vitest';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, identityScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { dbscan } from '../../src/density/dbscan.ts';
import { dbscanScoringSql } from '../../src/density/dbscan-sql.ts';
import { checkDensityModel } from '../../src/density/density-model-check.ts';
import { buildDbscanModel, buildHdbscanModel, float32Text, type DbscanModel, type DensityModel, type HdbscanModel } from '../../src/density/density-model.ts';
import { scoreDensityModel } from '../../src/density/density-score.ts';
import { hdbscan, type HdbscanResult } from '../../src/density/hdbscan.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { randomPoints } from '../helpers.ts';

const FEATURES = ['Annual Income (k$)', 'Spending Score (1-100)', 'Credit Score'];

function shaped(n: number, seed: number): PointMatrix {
  const customers = generateShapedCustomers({ n, seed });
  const scaler = fitScaler(customers.columns, n);
  return { data: transformInterleaved(customers.columns, n, scaler), n, d: 3 };
}

const inputs = (points: PointMatrix, clusters: number) => ({
  features: FEATURES.slice(0, points.d), scaled: true, scaler: identityScaler(points.d), data: points.data,
  segmentNames: Array.from({ length: clusters }, (_, j) => `Segment ${j}`), counts: new Float64Array(clusters),
});

/** Through JSON and the file check, as `assign` reads a model. */
const roundTrip = (model: DensityModel): DensityModel => checkDensityModel(JSON.parse(JSON.stringify(model)), 'model.json');

describe('a DBSCAN model', () => {
  it('gives the fitted customers their clusters again, and their noise', () => {
    const points = shaped(4000, 2);
    const fit = dbscan(points, { eps: 0.15, minSamples: 10 });
    const model = roundTrip(buildDbscanModel(inputs(points, fit.clusters), fit, { eps: 0.15, minSamples: 10 }));
    const scored = scoreDensityModel(model, points);
    for (let i = 0; i < points.n; i++) {
      // A border customer may sit within eps of core points of two clusters: the fit takes the lower
      // cluster, the model the nearer core point. Cores and noise are the fit's exactly.
      if (fit.core[i] === 1 || fit.labels[i] === -1) expect(scored.labels[i], `customer ${i}`).toBe(fit.labels[i]);
      else expect(scored.labels[i]).toBeGreaterThanOrEqual(0);
    }
    expect(scored.noise).toBe(fit.noise);
    expect((model as DbscanModel).coreClusters).toHaveLength(fit.corePoints);
  });

  it('scores by the nearest core point within eps: eps itself counts, ties go to the lower core point', () => {
    // Two clusters of core points on a line, 1 apart: cluster 0 at 0 and 0.5, cluster 1 at 2 and 2.5.
    const line = { data: Float32Array.from([0, 0.5, 2, 2.5, 1.25]), n: 5, d: 1 };
    const fit = { labels: Int32Array.from([0, 0, 1, 1, -1]), core: Uint8Array.from([1, 1, 1, 1, 0]), clusters: 2, noise: 1 };
    const model = roundTrip(buildDbscanModel(inputs(line, 2), fit, { eps: 0.75, minSamples: 2 }));
    const customers = { data: Float32Array.from([1.25, 1.2, 1.3, -0.75, -0.7500001, 3.25, 3.2500002, 10]), n: 8, d: 1 };
    expect(Array.from(scoreDensityModel(model, customers).labels)).toEqual([0, 0, 1, 0, -1, 1, -1, -1]);
  });

  it('writes its points as the shortest text that reads back as the same float32', () => {
    const values = randomPoints(2000, 1, 5).data;
    for (const value of values) {
      const text = float32Text(value);
      expect(Math.fround(text)).toBe(value);
      expect(String(text).length).toBeLessThanOrEqual(String(value).length);
    }
  });
});

/**
 * The hdbscan library's approximate_predict, written the long way over the fit's own arrays: brute-force
 * neighbours, the raw condensed tree searched row by row, the selected clusters and their
 * descendants found by walking up. The model's compact form must score as this does.
 */
function referencePredict(fit: HdbscanResult, points: PointMatrix, minSamples: number, query: Float32Array) {
  const { n, d, data } = points;
  const { parent, child, lambda, childSize } = fit.condensedTree;
  const k = Math.min(2 * minSamples, n);
  const order = Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let f = 0; f < d; f++) sum += (query[f]! - data[i * d + f]!) ** 2;
    return { i, distance: Math.sqrt(sum) };
  }).sort((a, b) => a.distance - b.distance || a.i - b.i).slice(0, k);
  const ownCore = order[Math.min(minSamples, k - 1)]!.distance;
  let best = order[0]!;
  let reach = Infinity;
  for (const neighbour of order) {
    const mutual = Math.max(fit.coreDistances[neighbour.i]!, ownCore, neighbour.distance);
    if (mutual < reach) {
      reach = mutual;
      best = neighbour;
    }
  }
  const lambdaNew = reach > 0 ? 1 / reach : Number.MAX_VALUE;
  const row = Array.from(child).findIndex((c, r) => c === best.i && childSize[r] === 1);
  let cluster = parent[row]!;
  const clusterRow = (c: number) => Array.from(child).findIndex((x, r) => x === c && childSize[r]! > 1);
  if (lambda[row]! > lambdaNew) {
    while (cluster > n && lambda[clusterRow(cluster)]! >= lambdaNew) cluster = parent[clusterRow(cluster)]!;
  }
  const selected = Array.from(fit.selectedClusters);
  let up = cluster;
  while (!selected.includes(up) && up > n) up = parent[clusterRow(up)]!;
  const label = selected.indexOf(up);
  if (label < 0) return { label: -1, probability: 0 };
  let maxLambda = -Infinity;
  for (let r = 0; r < parent.length; r++) if (parent[r] === up) maxLambda = Math.max(maxLambda, lambda[r]!);
  return { label, probability: maxLambda > 0 ? Math.min(maxLambda, lambdaNew) / maxLambda : 1 };
}

describe('an HDBSCAN model', () => {
  const points = shaped(1500, 6);
  const options = { minClusterSize: 40, minSamples: 8, clusterSelectionMethod: 'eom' as const, clusterSelectionEpsilon: 0 };
  const fit = hdbscan(points, options);
  const model = roundTrip(buildHdbscanModel(inputs(points, fit.clusters), fit, options)) as HdbscanModel;

  it('scores new customers as the hdbscan library\'s approximate_predict does', () => {
    // New customers: near the fitted ones (shaped, another seed), and anywhere in the box, far ones included.
    const near = shaped(300, 11);
    const anywhere = randomPoints(100, 3, 12);
    const query = { data: Float32Array.from([...near.data, ...anywhere.data.map((v) => (v - 0.5) * 8)]), n: 400, d: 3 };
    const scored = scoreDensityModel(model, query);
    let clustered = 0;
    for (let i = 0; i < query.n; i++) {
      const expected = referencePredict(fit, points, options.minSamples, query.data.subarray(i * 3, i * 3 + 3));
      expect(scored.labels[i], `customer ${i}`).toBe(expected.label);
      expect(scored.probabilities![i]).toBeCloseTo(expected.probability, 6);
      if (expected.label >= 0) clustered++;
    }
    // The check means something only if both outcomes occur.
    expect(clustered).toBeGreaterThan(200);
    expect(clustered).toBeLessThan(400);
  });

  it('calls a customer no distance can be measured to noise, not cluster 0', () => {
    const scored = scoreDensityModel(model, { data: Float32Array.from([Number.NaN, 0, 0, Infinity, 1, 1]), n: 2, d: 3 });
    expect(Array.from(scored.labels)).toEqual([-1, -1]);
  });

  it('gives nearly every fitted customer its own cluster back', () => {
    const scored = scoreDensityModel(model, points);
    let same = 0;
    for (let i = 0; i < points.n; i++) if (scored.labels[i] === fit.labels[i]) same++;
    expect(same / points.n).toBeGreaterThan(0.98);
  });
});

describe('a density model file', () => {
  const points = shaped(500, 3);
  const fit = dbscan(points, { eps: 0.3, minSamples: 5 });
  const model = JSON.parse(JSON.stringify(buildDbscanModel(inputs(points, fit.clusters), fit, { eps: 0.3, minSamples: 5 }))) as Record<string, unknown>;

  it.each([
    [{ extra: 1 }, 'm.json: unknown key "extra"'],
    [{ algorithm: 'optics' }, 'm.json: "algorithm" must be "dbscan" or "hdbscan", not "optics"'],
    [{ params: { eps: -1, minSamples: 5 } }, 'm.json: "params.eps" must be a positive number'],
    [{ coreClusters: [99] }, 'm.json: "coreClusters" entry 0 is 99, not a whole number from 0 to'],
    [{ corePoints: [1, 2] }, 'm.json: "corePoints" must hold'],
    [{ segmentNames: ['one'] }, 'm.json: "segmentNames" must hold'],
    [{ formatVersion: 2 }, 'm.json: density model format version 2 is not supported (expected 1)'],
    [{ metrics: undefined }, 'm.json: "metrics.n" must be the number of fitted customers'],
    [{ metrics: { n: 500, noise: 600, counts: [] } }, 'm.json: "metrics.noise" must be a whole number from 0 to metrics.n'],
  ])('refuses %j with one sentence naming the file and the field', (change, message) => {
    expect(() => checkDensityModel({ ...model, ...change }, 'm.json')).toThrow(message);
  });
});

describe('a density model too big for one file', () => {
  it('is refused before it is built, saying how big it would be and what to do instead', () => {
    const n = 5_000_000;
    const huge = { data: new Float32Array(0), n, d: 4 };
    const fit = { labels: new Int32Array(n), core: new Uint8Array(n).fill(1), clusters: 1, noise: 0 };
    expect(() => buildDbscanModel({ ...inputs(huge, 1), features: ['a', 'b', 'c', 'd'] }, fit, { eps: 0.1, minSamples: 5 }))
      .toThrow('the model would hold 5,000,000 core points (25 M numbers, about 300 MB of JSON), more than a model file holds (20 M numbers)');
  });

  it('writes no scoring SQL for more core points than a query should carry', () => {
    const cores = 500_001;
    const model = { ...buildDbscanModel(inputs({ data: new Float32Array(3), n: 1, d: 3 }, 1), { labels: new Int32Array(1), core: new Uint8Array(1), clusters: 1, noise: 0 }, { eps: 0.1, minSamples: 5 }),
      coreClusters: new Array<number>(cores).fill(0), corePoints: new Array<number>(cores * 3).fill(0) };
    expect(() => dbscanScoringSql(model, { table: 't', dialect: 'duckdb' })).toThrow('the model has 500,001 core points: its scoring SQL would carry them all');
  });
});
