import { CREDIT, CREDIT_TIERS, FEATURE_RANGES, INCOME, INCOME_BANDS, SPENDING, SPENDING_BANDS } from '../data/features.ts';
import { recogniseFeature } from '../data/feature-names.ts';

/** Level of a value against two thresholds. */
function level(value: number, low: number, high: number): 'low' | 'middle' | 'high' {
  return value < low ? 'low' : value > high ? 'high' : 'middle';
}

/**
 * A plain-language name for one segment from its centre in business units, such as
 * "High-income, high spenders, excellent credit". Known customer features use business
 * bands; any other feature is described against its population mean (half a std either way).
 */
export function describeSegment(
  featureNames: readonly string[],
  centre: ArrayLike<number>,
  populationMean: ArrayLike<number>,
  populationStd: ArrayLike<number>,
): string {
  const parts: string[] = [];
  // Recognised under any spelling the import knows ("Revenu annuel (k€)", "fico"), so such files get
  // business names too; but the bands (k$, a 1-100 score, FICO tiers) only fit a column whose
  // average lies in that feature's range: a salary in dollars or a credit rating from 1 to 10 is
  // described against its own average instead.
  const known = featureNames.map(recogniseFeature);
  const banded = (feature: string) => {
    const f = known.indexOf(feature);
    const [low, high] = FEATURE_RANGES[feature]!;
    return f >= 0 && populationMean[f]! >= low && populationMean[f]! <= high ? f : -1;
  };
  const income = banded(INCOME);
  const spending = banded(SPENDING);
  const credit = banded(CREDIT);
  if (income >= 0) {
    const l = level(centre[income]!, INCOME_BANDS.low, INCOME_BANDS.high);
    parts.push(`${{ low: 'Low', middle: 'Middle', high: 'High' }[l]}-income`);
  }
  if (spending >= 0) {
    const l = level(centre[spending]!, SPENDING_BANDS.low, SPENDING_BANDS.high);
    parts.push(`${{ low: 'low', middle: 'moderate', high: 'high' }[l]} spenders`);
  }
  if (credit >= 0) {
    const score = centre[credit]!;
    parts.push(CREDIT_TIERS.find((tier) => score >= tier.min)!.label);
  }
  featureNames.forEach((name, f) => {
    if (f === income || f === spending || f === credit) return;
    const std = populationStd[f]! || 1;
    const z = (centre[f]! - populationMean[f]!) / std;
    parts.push(`${level(z, -0.5, 0.5)} ${name}`);
  });
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Names for all k segments; two segments that read the same get " (2)", " (3)" to stay distinct. */
export function segmentNames(
  featureNames: readonly string[],
  centroids: Float64Array,
  populationMean: ArrayLike<number>,
  populationStd: ArrayLike<number>,
): string[] {
  const d = featureNames.length;
  const k = centroids.length / d;
  const seen = new Map<string, number>();
  return Array.from({ length: k }, (_, j) => {
    const name = describeSegment(featureNames, centroids.subarray(j * d, j * d + d), populationMean, populationStd);
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    return times === 1 ? name : `${name} (${times})`;
  });
}
