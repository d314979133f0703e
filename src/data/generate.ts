import { CREDIT, CUSTOMER_FEATURES, FEATURE_RANGES, INCOME, SPENDING } from './features.ts';
import type { Dataset } from './dataset.ts';
import { createRandom } from './random.ts';

/** A customer segment of the synthetic population, in business units. */
export interface SegmentSpec {
  readonly name: string;
  readonly share: number;
  /** Centre: income k$, spending score, credit score. */
  readonly mean: readonly [number, number, number];
  /** Spread at separation 1. */
  readonly std: readonly [number, number, number];
}

/**
 * The four segments of the original study, nudged apart (by at most 5 units) and with spreads
 * chosen so that, after standardising, the four are distinct: on default data the elbow and
 * the silhouette both point at k = 4 (tests/unit/analysis.test.ts checks it).
 */
export const DEFAULT_SEGMENTS: readonly SegmentSpec[] = [
  { name: 'High-income, high spenders', share: 0.2, mean: [120, 80, 760], std: [10, 7, 25] },
  { name: 'Middle-income, moderate spenders', share: 0.35, mean: [55, 45, 640], std: [8, 7, 25] },
  { name: 'Low-income, high spenders', share: 0.2, mean: [30, 75, 590], std: [5, 8, 30] },
  { name: 'High-income, low spenders', share: 0.25, mean: [85, 18, 720], std: [8, 6, 25] },
];

export interface GenerateOptions {
  readonly n: number;
  readonly seed: number;
  /** Segment spread is divided by this: larger means better separated (0.25 to 4 is useful). */
  readonly separation?: number;
  /** Share of customers drawn uniformly over the whole range instead of from a segment. */
  readonly outlierShare?: number;
  readonly segments?: readonly SegmentSpec[];
  /** Called every `PROGRESS_ROWS` rows with the rows done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

export const PROGRESS_ROWS = 1 << 16;

/** A generator that fills the customer columns a block at a time (so a worker can stay responsive). */
export interface CustomerGenerator {
  readonly dataset: Dataset & { readonly segmentOf: Uint8Array };
  /** Rows generated so far. */
  readonly done: () => number;
  /** Generate up to `rows` more rows; returns the rows done so far. */
  readonly fill: (rows: number) => number;
}

/**
 * Seeded synthetic customers. Values are rounded as a bank would record them
 * (income to 0.1 k$, scores to whole numbers) and clipped to each feature's range.
 * Same options, same customers, on every machine, however the rows are split into blocks.
 */
export function createCustomerGenerator(options: GenerateOptions): CustomerGenerator {
  const { n, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of customers must be a whole number >= 1, got ${n}`);
  const separation = options.separation ?? 1;
  if (!(separation > 0)) throw new RangeError(`separation must be > 0, got ${separation}`);
  const outlierShare = options.outlierShare ?? 0.005;
  const segments = options.segments ?? DEFAULT_SEGMENTS;
  const cumulative = cumulativeShares(segments);
  const ranges = CUSTOMER_FEATURES.map((name) => FEATURE_RANGES[name]!);
  const steps = [0.1, 1, 1];

  const random = createRandom(seed);
  const columns = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  // Which segment drew each customer (255 = outlier): ground truth for tests and profiles.
  const segmentOf = new Uint8Array(n);
  let i = 0;

  const fill = (rows: number): number => {
    const end = Math.min(n, i + rows);
    for (; i < end; i++) {
      const isOutlier = random.uniform() < outlierShare;
      const segment = pickSegment(cumulative, random.uniform());
      segmentOf[i] = isOutlier ? 255 : segment;
      const spec = segments[segment]!;
      for (let f = 0; f < 3; f++) {
        const [lo, hi] = ranges[f]!;
        const value = isOutlier
          ? lo + random.uniform() * (hi - lo)
          : spec.mean[f]! + (spec.std[f]! / separation) * random.normal();
        columns[f]![i] = roundTo(clamp(value, lo, hi), steps[f]!);
      }
    }
    return i;
  };
  return { dataset: { n, featureNames: [INCOME, SPENDING, CREDIT], columns, segmentOf }, done: () => i, fill };
}

/** All customers at once (Node, tests); `onProgress` is called every PROGRESS_ROWS rows. */
export function generateCustomers(options: GenerateOptions): Dataset & { segmentOf: Uint8Array } {
  const generator = createCustomerGenerator(options);
  while (generator.done() < options.n) {
    const done = generator.fill(PROGRESS_ROWS);
    options.onProgress?.(done, options.n);
  }
  return generator.dataset;
}

function cumulativeShares(segments: readonly SegmentSpec[]): Float64Array {
  const total = segments.reduce((sum, s) => sum + s.share, 0);
  if (!(total > 0)) throw new RangeError('segment shares must add up to more than 0');
  const cumulative = new Float64Array(segments.length);
  let running = 0;
  segments.forEach((s, j) => (cumulative[j] = running += s.share / total));
  return cumulative;
}

function pickSegment(cumulative: Float64Array, u: number): number {
  for (let j = 0; j < cumulative.length - 1; j++) if (u < cumulative[j]!) return j;
  return cumulative.length - 1;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const roundTo = (v: number, step: number) => Math.round(v / step) * step;
