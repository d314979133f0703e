/**
 * What a finished run should not claim silently: a segment too small to be a real group (often
 * a centroid sitting on outliers after a poor start), or fewer distinct clusters than k
 * (scikit-learn warns in that case too).
 */
export type RunWarning =
  | { readonly kind: 'small-segment'; readonly cluster: number; readonly size: number; readonly share: number; readonly threshold: number }
  | { readonly kind: 'fewer-clusters'; readonly distinct: number; readonly k: number };

/** Default smallest segment share before a run is flagged: 1 % of the customers. */
export const DEFAULT_MIN_SHARE = 0.01;

/** Warnings for a result's cluster sizes (canonical order); `minShare` is a fraction (0.01 = 1 %). */
export function runWarnings(counts: ArrayLike<number>, minShare = DEFAULT_MIN_SHARE): RunWarning[] {
  const k = counts.length;
  let n = 0;
  let distinct = 0;
  for (let c = 0; c < k; c++) {
    n += counts[c]!;
    if (counts[c]! > 0) distinct++;
  }
  const warnings: RunWarning[] = [];
  if (distinct < k) warnings.push({ kind: 'fewer-clusters', distinct, k });
  if (n === 0 || minShare <= 0) return warnings;
  for (let c = 0; c < k; c++) {
    const size = counts[c]!;
    if (size > 0 && size / n < minShare) warnings.push({ kind: 'small-segment', cluster: c, size, share: size / n, threshold: minShare });
  }
  return warnings;
}

const percent = (share: number) => `${(100 * share).toFixed(share < 0.001 ? 2 : 1)} %`;

/**
 * One plain sentence per warning; `names` (canonical order) name the segments when given. A
 * scored run (customers assigned to a saved model) has no start to blame, so it says what it saw.
 */
export function warningText(warning: RunWarning, names: readonly string[] = [], context: 'fit' | 'scored' = 'fit'): string {
  if (warning.kind === 'fewer-clusters') {
    if (context === 'scored') return `Only ${warning.distinct} of the model's ${warning.k} segments received customers.`;
    const found = warning.distinct === 1 ? 'Only 1 distinct cluster was' : `Only ${warning.distinct} distinct clusters were`;
    return `${found} found for k = ${warning.k}: the customers have fewer distinct positions than k (duplicates), so some segments are empty.`;
  }
  const name = names[warning.cluster];
  const segment = name ? `Segment ${warning.cluster} ("${name}")` : `Segment ${warning.cluster}`;
  const held = `${segment} holds only ${warning.size.toLocaleString('en-US')} customers (${percent(warning.share)}, under ${percent(warning.threshold)})`;
  return context === 'scored'
    ? `${held}: few of these customers resemble it.`
    : `${held}: it may sit on outliers after a poor start. Try more restarts (n_init), another init seed, or treat outliers in Explore.`;
}
