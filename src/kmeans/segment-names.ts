import { CREDIT, CREDIT_TIERS, FEATURE_RANGES, INCOME, INCOME_BANDS, SPENDING, SPENDING_BANDS } from '../data/features.ts';
import { recogniseFeature } from '../data/feature-names.ts';

/** Level of a value against two thresholds. */
function level(value: number, low: number, high: number): 'low' | 'middle' | 'high' {
  return value < low ? 'low' : value > high ? 'high' : 'middle';
}

/** One part of a segment's name and the feature it describes. */
interface NamePart {
  readonly feature: number;
  readonly text: string;
  /** A business band ("middle-income"), which a qualifier reads well before; else a level against the mean ("low Age"). */
  readonly banded: boolean;
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
  return joinParts(describeParts(featureNames, centre, populationMean, populationStd));
}

function describeParts(
  featureNames: readonly string[],
  centre: ArrayLike<number>,
  populationMean: ArrayLike<number>,
  populationStd: ArrayLike<number>,
): NamePart[] {
  const parts: NamePart[] = [];
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
    parts.push({ feature: income, text: `${{ low: 'low', middle: 'middle', high: 'high' }[l]}-income`, banded: true });
  }
  if (spending >= 0) {
    const l = level(centre[spending]!, SPENDING_BANDS.low, SPENDING_BANDS.high);
    parts.push({ feature: spending, text: `${{ low: 'low', middle: 'moderate', high: 'high' }[l]} spenders`, banded: true });
  }
  if (credit >= 0) {
    const score = centre[credit]!;
    parts.push({ feature: credit, text: CREDIT_TIERS.find((tier) => score >= tier.min)!.label, banded: true });
  }
  featureNames.forEach((name, f) => {
    if (f === income || f === spending || f === credit) return;
    const std = populationStd[f]! || 1;
    const z = (centre[f]! - populationMean[f]!) / std;
    parts.push({ feature: f, text: `${level(z, -0.5, 0.5)} ${name}`, banded: false });
  });
  return parts;
}

function joinParts(parts: readonly NamePart[]): string {
  const text = parts.map((part) => part.text).join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Words that tell apart segments sharing a band, lowest first. */
const RANKS: Record<number, readonly string[]> = { 2: ['lower', 'upper'], 3: ['lower', 'mid', 'upper'] };

/**
 * Names for all k segments. Segments that would read the same are told apart where they differ
 * most: the band of the feature farthest apart between them (in population standard deviations)
 * gets "lower" / "upper" (or "lower" / "mid" / "upper"): "Lower middle-income, moderate spenders"
 * and "Upper middle-income, moderate spenders"; a feature described against its mean says it
 * after ("low Age (lower)"). More than three alike are numbered " (2)", " (3)".
 */
export function segmentNames(
  featureNames: readonly string[],
  centroids: Float64Array,
  populationMean: ArrayLike<number>,
  populationStd: ArrayLike<number>,
): string[] {
  const d = featureNames.length;
  const k = centroids.length / d;
  const centre = (j: number) => centroids.subarray(j * d, j * d + d);
  const parts = Array.from({ length: k }, (_, j) => describeParts(featureNames, centre(j), populationMean, populationStd));
  const plain = parts.map(joinParts);
  const names = plain.slice();
  const groups = new Map<string, number[]>();
  plain.forEach((name, j) => groups.set(name, [...(groups.get(name) ?? []), j]));
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    let ranks = RANKS[group.length];
    // The feature the group spreads most along, in standard deviations.
    let widest = 0;
    let spread = -1;
    for (let f = 0; f < d; f++) {
      const values = group.map((j) => centroids[j * d + f]!);
      const width = (Math.max(...values) - Math.min(...values)) / (populationStd[f]! || 1);
      if (width > spread) {
        spread = width;
        widest = f;
      }
    }
    // Centres exactly alike (all customers identical) have nothing to tell them apart but a number.
    if (spread === 0) ranks = undefined;
    const order = group.slice().sort((a, b) => centroids[a * d + widest]! - centroids[b * d + widest]! || a - b);
    order.forEach((j, rank) => {
      if (!ranks) {
        names[j] = rank === 0 ? plain[j]! : `${plain[j]} (${rank + 1})`;
        return;
      }
      const word = ranks[rank]!;
      names[j] = joinParts(parts[j]!.map((part) => {
        if (part.feature !== widest) return part;
        return { ...part, text: part.banded ? `${word} ${part.text}` : `${part.text} (${word})` };
      }));
    });
  }
  // Qualified names that still meet another segment's name stay apart by number.
  const seen = new Map<string, number>();
  return names.map((name) => {
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    return times === 1 ? name : `${name} (${times})`;
  });
}
