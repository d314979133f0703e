import { describe, expect, it } from 'vitest';
import { gapRuleK, gapStatistic, uniformReference } from '../../src/analysis/gap.ts';
import { columnBest, recommend, type ColumnBest, type KRow } from '../../src/analysis/recommend.ts';
import { pairwiseAgreement, stability } from '../../src/analysis/stability.ts';
import { blobs, randomPoints } from '../helpers.ts';

/** Rows k = 1..m from one array per column (NaN where undefined). */
function table(columns: { [K in Exclude<keyof KRow, 'k'>]?: readonly number[] } & { wcss: readonly number[] }): KRow[] {
  return columns.wcss.map((wcss, i) => {
    const at = (values?: readonly number[]) => values?.[i] ?? Number.NaN;
    return {
      k: i + 1, wcss,
      silhouette: at(columns.silhouette), simplifiedSilhouette: at(columns.simplifiedSilhouette),
      calinskiHarabasz: at(columns.calinskiHarabasz), daviesBouldin: at(columns.daviesBouldin),
      gap: at(columns.gap), gapSe: at(columns.gapSe), stability: at(columns.stability), stabilitySd: at(columns.stabilitySd),
      smallestShare: at(columns.smallestShare),
    };
  });
}

const NAN = Number.NaN;
/** Six k whose WCSS bends at 4 (the Kneedle elbow), every criterion best at 4. */
const AGREEING = {
  wcss: [100, 60, 35, 12, 10, 9],
  silhouette: [NAN, 0.4, 0.5, 0.7, 0.6, 0.5],
  simplifiedSilhouette: [NAN, 0.5, 0.6, 0.8, 0.7, 0.6],
  calinskiHarabasz: [NAN, 100, 200, 400, 300, 250],
  daviesBouldin: [NAN, 1.1, 0.9, 0.5, 0.7, 0.8],
  gap: [0.1, 0.4, 0.9, 1.5, 1.45, 1.4],
  gapSe: [0.02, 0.02, 0.02, 0.02, 0.02, 0.02],
  stability: [NAN, 0.8, 0.85, 0.99, 0.8, 0.7],
};

describe('the gap statistic', () => {
  it('applies the rule: the smallest k with gap(k) >= gap(k+1) - s(k+1)', () => {
    const se = [0.1, 0.1, 0.1, 0.1];
    expect(gapRuleK([0.5, 0.9, 1.5, 1.45], se)).toBe(3);
    // Within one standard error counts as no gain.
    expect(gapRuleK([0.5, 0.9, 1.5, 1.59], se)).toBe(3);
    expect(gapRuleK([1, 0.95, 2, 3], se)).toBe(1);
    // Still rising at k_max: no k passes.
    expect(gapRuleK([0.1, 0.5, 1, 1.5], se)).toBeNull();
  });

  it('draws its reference sets uniformly over the bounding box', () => {
    const points = { data: Float32Array.from([0, 10, 2, 30, 1, 20, 0.5, 25]), n: 4, d: 2 };
    const reference = uniformReference(points, 3);
    expect(reference.n).toBe(4);
    for (let i = 0; i < 4; i++) {
      expect(reference.data[2 * i]).toBeGreaterThanOrEqual(0);
      expect(reference.data[2 * i]).toBeLessThanOrEqual(2);
      expect(reference.data[2 * i + 1]).toBeGreaterThanOrEqual(10);
      expect(reference.data[2 * i + 1]).toBeLessThanOrEqual(30);
    }
    expect(uniformReference(points, 3).data).toEqual(reference.data);
  });

  it('finds the number of well separated groups, and k = 1 on uniform noise', async () => {
    const three = await gapStatistic(blobs(1500, 3, 3, 4), { kMax: 6, seed: 0 });
    expect(three.k).toBe(3);
    expect(three.references).toBe(10);
    // Three groups are far more compact than uniform data over their box; past 3 the gain stops.
    expect(three.gap[2]! - three.gap[0]!).toBeGreaterThan(4);
    expect(Array.from(three.standardError).every((s) => s > 0 && s < 0.1)).toBe(true);

    const noise = await gapStatistic(randomPoints(1500, 3, 5), { kMax: 6, seed: 0 });
    expect(noise.k).toBe(1);
    expect(Math.max(...noise.gap.map(Math.abs))).toBeLessThan(0.05);
  });
});

describe('stability under resampling', () => {
  it('compares every pair of labelings on the customers both hold', () => {
    const absent = 255;
    // Subsets 0 and 1 share customers 1 and 2, cut the same way; subset 2 splits them.
    const labelings = [Uint8Array.from([0, 0, 1, absent]), Uint8Array.from([absent, 1, 0, 0]), Uint8Array.from([0, 0, 0, 1])];
    const { mean, sd } = pairwiseAgreement(labelings);
    // Pairs: (0, 1) on customers 1, 2: same partition, 1; (0, 2) on 0, 1, 2: {0,1}{2} against one cluster, 0;
    // (1, 2) on 1, 2, 3: {1,3}{2} against {1,2}{3}, ARI -0.5.
    expect(mean).toBeCloseTo((1 + 0 - 0.5) / 3, 12);
    expect(sd).toBeCloseTo(Math.sqrt(((1 - mean) ** 2 + mean ** 2 + (-0.5 - mean) ** 2) / 3), 12);
  });

  it('is near 1 for separated groups and clearly lower for noise', async () => {
    const groups = await stability(blobs(1500, 3, 3, 4), { kMax: 4, resamples: 6, seed: 0 });
    const noise = await stability(randomPoints(1500, 3, 5), { kMax: 4, resamples: 6, seed: 0 });
    expect(groups.subsetSize).toBe(1200);
    expect(groups.resamples).toBe(6);
    expect(groups.mean[0]).toBeNaN();
    expect(groups.mean[2]).toBeGreaterThan(0.99);
    expect(groups.sd[2]).toBeLessThan(0.01);
    for (const k of [2, 3]) expect(noise.mean[k - 1]).toBeLessThan(0.6);
    expect(noise.mean[2]! - groups.mean[2]!).toBeLessThan(-0.4);
  });
});

describe('the marks and the recommendation', () => {
  it('marks the elbow, the highest silhouette, CH and stability, the lowest DB and the gap rule', () => {
    expect(columnBest(table(AGREEING))).toEqual({
      elbow: 4, silhouette: 4, simplifiedSilhouette: 4, calinskiHarabasz: 4, daviesBouldin: 4, gap: 4, stability: 4,
    });
    const off = columnBest(table({ ...AGREEING, stability: undefined, gap: [NAN, NAN, NAN, NAN, NAN, NAN] }));
    expect(off.stability).toBeNull();
    expect(off.gap).toBeNull();
  });

  it('names every criterion when they agree', () => {
    const verdict = recommend(table(AGREEING));
    expect(verdict.k).toBe(4);
    expect(verdict.sentence).toBe('k = 4: elbow, silhouette, Calinski-Harabasz, Davies-Bouldin, gap and stability agree');
  });

  it('names the dissenters and the k each prefers', () => {
    const rows = table({ ...AGREEING, daviesBouldin: [NAN, 1.1, 0.4, 0.5, 0.7, 0.8], gap: [0.1, 0.4, 0.9, 1.5, 1.7, 1.65] });
    const verdict = recommend(rows);
    expect(verdict.k).toBe(4);
    expect(verdict.sentence).toBe('k = 4: elbow, silhouette, Calinski-Harabasz and stability agree; Davies-Bouldin prefers 3; gap prefers 5');
  });

  it("says where the gap peaks when its rule stops before, and lets separated segments overrule it", () => {
    // The default customers' shape: two clusters gain nothing over uniform data, four gain much more.
    const rows = table({ ...AGREEING, gap: [0.98, 0.98, 1.62, 2.2, 2.16, 2.13], gapSe: [0.004, 0.004, 0.004, 0.004, 0.004, 0.006] });
    const verdict = recommend(rows);
    expect(verdict.k).toBe(4);
    // Beside a clear recommendation, a gap rule stopping at 1 is named uninformative, not a vote for one segment.
    expect(verdict.sentence).toBe('k = 4: elbow, silhouette, Calinski-Harabasz, Davies-Bouldin and stability agree; gap is uninformative here (its rule stops at k = 1, since a second cluster gains no more than on uniform data in the same box; the gap itself peaks at k = 4)');
  });

  it('recommends no k when the gap prefers 1 and the silhouette is weak', () => {
    const rows = table({
      wcss: [100, 80, 65, 55, 48, 43],
      silhouette: [NAN, 0.34, 0.3, 0.31, 0.29, 0.28],
      calinskiHarabasz: [NAN, 500, 480, 520, 510, 490],
      daviesBouldin: [NAN, 1.2, 1.1, 1.0, 1.05, 1.1],
      gap: [0.01, 0.0, 0.005, 0.0, -0.01, 0.0],
      gapSe: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01],
    });
    const verdict = recommend(rows);
    expect(verdict.k).toBeNull();
    expect(verdict.sentence).toBe('no clear structure: gap prefers k = 1 and the best silhouette is 0.34 (k = 2)');
  });

  it('recommends no k when the chosen k is unstable', () => {
    const rows = table({ ...AGREEING, stability: [NAN, 0.95, 0.6, 0.7, 0.5, 0.4] });
    const verdict = recommend(rows);
    expect(verdict.choice).toBe(4);
    expect(verdict.k).toBeNull();
    expect(verdict.sentence).toBe('no clear structure: stability at k = 4 is 0.70 and the best silhouette is 0.70 (k = 4)');
  });

  it('recommends no k when no two criteria agree, and breaks a tie of votes by the silhouette', () => {
    // Stability off (--stability 0): five criteria vote, each for another k.
    const rows = table({ ...AGREEING, stability: undefined });
    const best: ColumnBest = { elbow: 3, silhouette: 2, simplifiedSilhouette: 2, calinskiHarabasz: 6, daviesBouldin: 5, gap: 4, stability: null };
    const split = recommend(rows, best);
    expect(split.k).toBeNull();
    expect(split.sentence).toBe(
      'no clear structure: no two criteria agree (elbow 3, silhouette 2, Calinski-Harabasz 6, Davies-Bouldin 5, gap 4) and the best silhouette is 0.40 (k = 2)',
    );
    // Two votes each for 3 and 5: the higher silhouette (k = 5: 0.6 against 0.5) wins.
    const tied = recommend(rows, { ...best, silhouette: 4, calinskiHarabasz: 3, gap: 5 });
    expect(tied.k).toBe(5);
    expect(tied.sentence).toBe('k = 5: Davies-Bouldin and gap agree; elbow and Calinski-Harabasz prefer 3; silhouette prefers 4');
  });
});
