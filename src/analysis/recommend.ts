import { gapRuleK } from './gap.ts';
import { kneedle } from './kneedle.ts';

/**
 * Reading the table of k: which k each criterion prefers, and one recommendation that says where
 * they agree. NaN marks a value that is undefined or was not computed (k = 1's silhouette,
 * stability turned off).
 */

/** One row of the table of k. */
export interface KRow {
  readonly k: number;
  readonly wcss: number;
  readonly silhouette: number;
  readonly simplifiedSilhouette: number;
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
  readonly gap: number;
  readonly gapSe: number;
  readonly stability: number;
  readonly stabilitySd: number;
  /** The smallest segment's share of the customers (0 to 1). */
  readonly smallestShare: number;
}

/** The k each column marks as its best; null where the column has nothing to say. */
export interface ColumnBest {
  /** The Kneedle elbow of the WCSS curve. */
  readonly elbow: number | null;
  readonly silhouette: number | null;
  readonly simplifiedSilhouette: number | null;
  readonly calinskiHarabasz: number | null;
  /** The lowest Davies-Bouldin. */
  readonly daviesBouldin: number | null;
  /** The gap rule's k. */
  readonly gap: number | null;
  readonly stability: number | null;
}

/** The criteria that vote on k (the simplified silhouette approximates the silhouette: one vote between them). */
export const CRITERIA = ['elbow', 'silhouette', 'calinskiHarabasz', 'daviesBouldin', 'gap', 'stability'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_NAMES: Record<Criterion, string> = {
  elbow: 'elbow',
  silhouette: 'silhouette',
  calinskiHarabasz: 'Calinski-Harabasz',
  daviesBouldin: 'Davies-Bouldin',
  gap: 'gap',
  stability: 'stability',
};

/**
 * A mean adjusted Rand index under resampling at or above this is a clear, reproducible
 * partition (Ben-Hur et al. read similarities concentrated near 1 as stable). Below it the
 * subsets cut the customers differently: the partition is a property of the draw, not of the
 * data. Uniform noise reaches 0.95 at some k (octants of a cube), so this alone proves nothing.
 */
export const STABLE = 0.9;

/**
 * A best mean silhouette at or above this is reasonable structure (Kaufman and Rousseeuw);
 * uniform noise stays near 0.3 to 0.4. The page's suggestion uses the same bar.
 */
export const STRUCTURED_SILHOUETTE = 0.5;

/**
 * Stabilities this close to the best count as equally good: merging separated groups is as
 * stable as finding them (k = 3 and 4 both near 1 on four groups), so the highest value alone
 * is a coin toss between them.
 */
export const STABILITY_TIE = 0.02;

/** The k with the highest (or lowest) finite value; the smaller k on a tie. */
function bestK(rows: readonly KRow[], value: (row: KRow) => number, highest: boolean): number | null {
  let best: KRow | null = null;
  for (const row of rows) {
    const v = value(row);
    if (!Number.isFinite(v)) continue;
    if (best === null || (highest ? v > value(best) : v < value(best))) best = row;
  }
  return best?.k ?? null;
}

/** Every column's best k: the marks of the table. */
export function columnBest(rows: readonly KRow[]): ColumnBest {
  const elbow = kneedle(rows.map((r) => r.k), rows.map((r) => r.wcss));
  // The gap is finite up to the k where some fit reaches W = 0 (k at or past the distinct points).
  const defined = rows.findIndex((r) => !Number.isFinite(r.gap) || !Number.isFinite(r.gapSe));
  const gapRows = defined < 0 ? rows : rows.slice(0, defined);
  return {
    elbow: elbow >= 0 ? rows[elbow]!.k : null,
    silhouette: bestK(rows, (r) => r.silhouette, true),
    simplifiedSilhouette: bestK(rows, (r) => r.simplifiedSilhouette, true),
    calinskiHarabasz: bestK(rows, (r) => r.calinskiHarabasz, true),
    daviesBouldin: bestK(rows, (r) => r.daviesBouldin, false),
    // Rows run k = 1, 2, ...: the rule's k is the row's.
    gap: gapRuleK(gapRows.map((r) => r.gap), gapRows.map((r) => r.gapSe)),
    stability: bestK(rows, (r) => r.stability, true),
  };
}

export interface Recommendation {
  /** The recommended k, or null when the data show no clear structure. */
  readonly k: number | null;
  /** One sentence: where the criteria agree and where they do not. */
  readonly sentence: string;
  /** The k the votes chose (before the structure checks), and the criteria that voted for it. */
  readonly choice: number | null;
  readonly agreeing: readonly Criterion[];
}

/**
 * The recommendation. Each criterion votes for its best k; stability votes for every k within
 * STABILITY_TIE of its best. The k with the most votes is the choice (a tie goes to the higher
 * silhouette). It is recommended unless the data show no clear structure:
 * - the gap rule picks k = 1 (or the gap is undefined: every customer alike) and the best
 *   silhouette is under STRUCTURED_SILHOUETTE. The gap is
 *   the one criterion that compares with structureless data, but its rule stops at the first k
 *   where one more cluster buys no more than on uniform data: on the default customers two
 *   clusters gain nothing over uniform data in the same (long) box, four gain far more
 *   (gap 0.98, 0.98, 1.62, 2.20). Well separated segments (silhouette 0.5 and more) overrule it;
 * - the choice is unstable (stability under STABLE): another draw of customers gives other segments;
 * - no two criteria agree on it (of three voting or more).
 */
export function recommend(rows: readonly KRow[], best: ColumnBest = columnBest(rows)): Recommendation {
  const byK = new Map(rows.map((row) => [row.k, row]));
  const stabilityOf = (k: number) => byK.get(k)?.stability ?? Number.NaN;
  const bestStability = best.stability === null ? Number.NaN : stabilityOf(best.stability);
  const agrees = (criterion: Criterion, k: number): boolean =>
    criterion === 'stability' ? stabilityOf(k) >= bestStability - STABILITY_TIE : best[criterion] === k;
  const voting = CRITERIA.filter((criterion) => best[criterion] !== null);

  let choice: number | null = null;
  let votes = 0;
  for (const row of rows) {
    if (row.k < 2) continue;
    const count = voting.filter((criterion) => agrees(criterion, row.k)).length;
    const tieWon = count === votes && choice !== null && row.silhouette > byK.get(choice)!.silhouette;
    if (count > votes || (count > 0 && tieWon)) {
      choice = row.k;
      votes = count;
    }
  }
  if (choice === null) return { k: null, sentence: 'no recommendation: no criterion prefers a k of 2 or more', choice, agreeing: [] };
  const agreeing = voting.filter((criterion) => agrees(criterion, choice));

  const bestSilhouette = best.silhouette === null ? Number.NaN : byK.get(best.silhouette)!.silhouette;
  const gapDefined = rows.filter((row) => Number.isFinite(row.gap)).length >= 2;
  const gapFindsStructure = gapDefined && best.gap !== 1;
  const gapSaysNone = !gapFindsStructure && !(bestSilhouette >= STRUCTURED_SILHOUETTE);
  const unstable = stabilityOf(choice) < STABLE;
  const split = agreeing.length < 2 && voting.length >= 3;
  if (gapSaysNone || unstable || split) {
    const reasons = [
      !gapDefined ? 'the gap statistic is undefined' : best.gap === 1 ? 'gap prefers k = 1' : '',
      split ? `no two criteria agree (${voting.map((c) => `${CRITERION_NAMES[c]} ${best[c]}`).join(', ')})` : '',
      unstable ? `stability at k = ${choice} is ${stabilityOf(choice).toFixed(2)}` : '',
      best.silhouette === null ? '' : `the best silhouette is ${bestSilhouette.toFixed(2)} (k = ${best.silhouette})`,
    ];
    return { k: null, sentence: `no clear structure: ${joinList(reasons.filter(Boolean))}`, choice, agreeing };
  }

  const sentence = `k = ${choice}: ${joinList(agreeing.map((c) => CRITERION_NAMES[c]))} ${agreeing.length === 1 ? 'prefers it' : 'agree'}`;
  const others = voting.filter((criterion) => !agreeing.includes(criterion));
  return { k: choice, sentence: others.length === 0 ? sentence : `${sentence}; ${disagreements(others, best, rows)}`, choice, agreeing };
}

/**
 * "gap prefers 5; Davies-Bouldin and stability prefer 3": the dissenters grouped by their k. A gap
 * rule that stops at k = 1 beside a recommendation is said to be uninformative, not a vote for one
 * segment: its rule stops at the first k that gains no more than uniform data in the same box.
 */
function disagreements(others: readonly Criterion[], best: ColumnBest, rows: readonly KRow[]): string {
  const groups = new Map<number, Criterion[]>();
  for (const criterion of others) groups.set(best[criterion]!, [...(groups.get(best[criterion]!) ?? []), criterion]);
  // The gap's rule can stop well before the gap's peak: say where the peak is.
  const gapPeak = bestK(rows, (r) => r.gap, true);
  const peakNote = (criteria: Criterion[]) => (criteria.includes('gap') && gapPeak !== best.gap ? ` (the gap peaks at k = ${gapPeak})` : '');
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([k, criteria]) => {
      if (k === 1 && criteria.length === 1 && criteria[0] === 'gap') {
        const peak = gapPeak !== null && gapPeak > 1 ? `; the gap itself peaks at k = ${gapPeak}` : '';
        return `gap is uninformative here (its rule stops at k = 1, since a second cluster gains no more than on uniform data in the same box${peak})`;
      }
      return `${joinList(criteria.map((c) => CRITERION_NAMES[c]))} ${criteria.length === 1 ? 'prefers' : 'prefer'} ${k}${peakNote(criteria)}`;
    })
    .join('; ');
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
