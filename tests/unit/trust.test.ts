import { describe, expect, it } from 'vitest';
import { createSegmentIdentity } from '../../src/app/segments/segment-identity.ts';
import { DEFAULT_RUN, readLinkedFile, readRunParams, writeRunParams } from '../../src/page-state/run-params.ts';
import { suggestK, sweepK } from '../../src/analysis/sweep.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import { runWarnings, warningText } from '../../src/kmeans/warnings.ts';
import { readCsvFeatures } from '../../src/node/csv-read.ts';

describe('warnings on a finished run', () => {
  it('flags a segment under the share threshold, with its name', () => {
    const warnings = runWarnings(Float64Array.from([10756, 5146, 44, 4054]), 0.01);
    expect(warnings).toEqual([{ kind: 'small-segment', cluster: 2, size: 44, share: 44 / 20000, threshold: 0.01 }]);
    expect(warningText(warnings[0]!, ['a', 'b', 'Outliers', 'd'])).toMatch(/^Segment 2 \("Outliers"\) holds only 44 customers \(0\.2 %, under 1\.0 %\)/);
    expect(runWarnings(Float64Array.from([10756, 5146, 44, 4054]), 0)).toEqual([]);
    expect(runWarnings(Float64Array.from([100, 100]), 0.01)).toEqual([]);
  });

  it('says when there are fewer distinct clusters than k (all customers identical)', async () => {
    const points = { data: new Float32Array(3 * 50).fill(1), n: 50, d: 3 };
    const result = await runKMeans(createCpuEngine(points, 3), points, { k: 3, seed: 0 });
    const warnings = runWarnings(result.counts);
    expect(warnings).toEqual([{ kind: 'fewer-clusters', distinct: 1, k: 3 }]);
    expect(warningText(warnings[0]!)).toContain('Only 1 distinct cluster was found for k = 3');
  });
});

describe("the page's defaults on 20 000 generated customers", () => {
  const n = 20_000;
  const dataset = generateCustomers({ n, seed: DEFAULT_RUN.seed, separation: DEFAULT_RUN.separation });
  const points = { data: transformInterleaved(dataset.columns, n, fitScaler(dataset.columns, n)), n, d: 3 };
  const fit = (initSeed: number, nInit: number) =>
    runKMeans(createCpuEngine(points, DEFAULT_RUN.k), points, {
      k: DEFAULT_RUN.k, init: DEFAULT_RUN.init, nInit, maxIter: DEFAULT_RUN.maxIter, tol: DEFAULT_RUN.tol, seed: initSeed,
    });

  it('find the four real segments for every init seed 0..9, with nothing to warn about', async () => {
    const inertias = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const result = await fit(seed, DEFAULT_RUN.nInit);
      expect(runWarnings(result.counts, DEFAULT_RUN.minShare), `init seed ${seed}`).toEqual([]);
      inertias.add(result.inertia.toPrecision(6));
    }
    expect([...inertias]).toHaveLength(1);
  });

  it('one start (n_init 1, init seed 0) lands a centroid on outliers, and the warning says so', async () => {
    const poor = await fit(0, 1);
    const warnings = runWarnings(poor.counts, DEFAULT_RUN.minShare);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'small-segment', size: 44 });
    expect(poor.inertia).toBeGreaterThan(1.5 * (await fit(0, DEFAULT_RUN.nInit)).inertia);
  });
});

describe('segment identity across runs', () => {
  const scale = [10, 10];
  const autoNames = (k: number) => Array.from({ length: k }, (_, j) => `auto ${j}`);
  const centres = (...rows: number[][]) => Float64Array.from(rows.flat());

  it('keeps an edited name and its colour when the same segment comes back, in another order', () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    const first = identity.commit(centres([20, 80], [50, 50], [90, 20]), 2, scale, autoNames(3));
    expect(first.slots).toEqual([0, 1, 2]);
    identity.rename(1, 'Mass market');
    // A re-run: the same segments, slightly moved, numbered differently.
    const again = identity.commit(centres([51, 49], [89, 22], [21, 79]), 2, scale, autoNames(3));
    expect(again.names).toEqual(['Mass market', 'auto 1', 'auto 2']);
    expect(again.slots).toEqual([1, 2, 0]);
  });

  it('new segments get their colours by position: an iteration in engine order and the run in canonical order agree', () => {
    // The animation previews an iteration in the engine's numbering; the finished run commits the
    // same centres in canonical (sorted) numbering. Each segment must keep one colour across both.
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    const engineOrder = identity.preview(centres([90, 20], [20, 80], [50, 50]), 2, scale, autoNames(3));
    const canonical = identity.commit(centres([20, 80], [50, 50], [90, 20]), 2, scale, autoNames(3));
    expect(engineOrder.slots).toEqual([canonical.slots[2], canonical.slots[0], canonical.slots[1]]);
    expect(canonical.slots).toEqual([0, 1, 2]);
  });

  it('k + 1 adds a segment in a new colour; back to k restores the names and colours', () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    identity.commit(centres([20, 80], [50, 50], [90, 20]), 2, scale, autoNames(3));
    identity.rename(1, 'Mass market');
    const more = identity.commit(centres([20, 80], [50, 50], [90, 20], [90, 90]), 2, scale, autoNames(4));
    expect(more.names[1]).toBe('Mass market');
    expect(more.slots).toEqual([0, 1, 2, 3]);
    // k = 4 split "Mass market" elsewhere, then back to 3.
    identity.commit(centres([20, 80], [30, 40], [90, 20], [90, 90]), 2, scale, autoNames(4));
    const back = identity.commit(centres([20, 80], [50, 50], [90, 20]), 2, scale, autoNames(3));
    expect(back.names).toEqual(['auto 0', 'Mass market', 'auto 2']);
    expect(back.slots).toEqual([0, 1, 2]);
  });

  it('gives a far-away cluster its automatic name, and forgets everything when the features change', () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    identity.commit(centres([20, 80]), 2, scale, ['auto']);
    identity.rename(0, 'Young spenders');
    expect(identity.commit(centres([90, 10]), 2, scale, ['far']).names).toEqual(['far']);
    identity.useFeatures(['income', 'credit']);
    expect(identity.commit(centres([20, 80]), 2, scale, ['fresh']).names).toEqual(['fresh']);
  });

  it('300 drifting runs: never one colour twice in a run, and new segments take the lowest free colours', () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending', 'credit']);
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const k = 4 + (run % 9);
      const centres = Float64Array.from({ length: k * 3 }, () => random() * 60);
      const { slots } = identity.commit(centres, 3, [10, 10, 10], autoNames(k));
      expect(new Set(slots).size, `run ${run}`).toBe(k);
      if (run === 0) identity.rename(0, 'Kept');
    }
    // Far from everything seen: four new segments get the lowest colours, only the named segment's held back.
    const fresh = identity.commit(Float64Array.from({ length: 12 }, (_, i) => 1000 + i * 100), 3, [10, 10, 10], autoNames(4));
    expect(Math.max(...fresh.slots)).toBeLessThanOrEqual(4);
  });

  it('k above the palette (a command-line model with k = 40) still gives every cluster a colour', () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    const { slots } = identity.commit(Float64Array.from({ length: 80 }, (_, i) => i * 50), 2, scale, autoNames(40));
    expect(new Set(slots.slice(0, 32)).size).toBe(32);
    expect(slots.every((slot) => slot >= 0 && slot < 32)).toBe(true);
  });

  it("a saved model's names follow its segments into the refit", () => {
    const identity = createSegmentIdentity();
    identity.useFeatures(['income', 'spending']);
    identity.commit(centres([20, 80], [90, 20]), 2, scale, ['Young', 'Savers'], ['Young', 'Savers']);
    const refit = identity.commit(centres([88, 21], [21, 79]), 2, scale, autoNames(2));
    expect(refit.names).toEqual(['Savers', 'Young']);
  });
});

describe('the link says what is on screen', () => {
  it('an imported file is named, and the generator parameters that would claim other customers are left out', () => {
    const run = { ...DEFAULT_RUN, n: 5_000_000, k: 5 };
    const link = writeRunParams(run, { kind: 'file', name: 'mall.csv', rows: 200 });
    expect(link.get('file')).toBe('mall.csv');
    expect(link.has('n')).toBe(false);
    expect(link.get('k')).toBe('5');
    expect(readLinkedFile(link)).toBe('mall.csv');
    expect(readRunParams(writeRunParams(run)).n).toBe(5_000_000);
    expect(readRunParams(new URLSearchParams('minShare=0.02')).minShare).toBe(0.02);
  });
});

describe('k offered after an import', () => {
  it('the mall-like fixture: the elbow and the silhouette agree on k = 5', async () => {
    const table = await readCsvFeatures('tests/fixtures/csv/mall-customers.csv', ['annual income (K$)', 'SPENDING SCORE (1-100)']);
    const points = { data: transformInterleaved(table.columns, table.n, fitScaler(table.columns, table.n)), n: table.n, d: 2 };
    const sweep = await sweepK(points, { kMax: 10, seed: 0, sampleSize: 2000, engineFor: async (k) => createCpuEngine(points, k) });
    expect(suggestK(sweep, table.n, table.n)).toEqual({ k: 5, elbowK: 5, silhouetteK: 5, sampled: 200, n: 200 });
  });

  it('uniform noise has no structure to suggest', async () => {
    let state = 12345;
    const data = Float32Array.from({ length: 2 * 3000 }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31));
    const points = { data, n: 3000, d: 2 };
    const sweep = await sweepK(points, { kMax: 8, seed: 0, sampleSize: 1000, engineFor: async (k) => createCpuEngine(points, k) });
    expect(suggestK(sweep, 3000, 3000).k).toBeNull();
  });
});

describe('segment names on files with other column names', () => {
  it('a French file gets the same business names as the generated customers', async () => {
    const { describeSegment } = await import('../../src/kmeans/segment-names.ts');
    expect(describeSegment(['Revenu annuel (k€)', 'Dépenses (1-100)', 'Score crédit'], [115, 80, 750], [70, 50, 680], [30, 25, 60]))
      .toBe('High-income, high spenders, excellent credit');
    expect(describeSegment(['annual_income', 'fico'], [30, 560], [70, 680], [30, 60])).toBe('Low-income, poor credit');
  });

  it('columns in other units are described against their own average, not the k$ and FICO bands', async () => {
    const { describeSegment } = await import('../../src/kmeans/segment-names.ts');
    // A salary in dollars and a credit rating from 1 to 10.
    expect(describeSegment(['salary', 'credit_rating'], [30_000, 9], [55_000, 5], [20_000, 2])).toBe('Low salary, high credit_rating');
  });
});
