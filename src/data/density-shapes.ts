import type { Dataset } from './dataset.ts';
import { CREDIT, INCOME, SPENDING } from './features.ts';
import type { CustomerGenerator } from './generate.ts';
import { createRandom } from './random.ts';

/**
 * Customers shaped the way density clustering is for and KMeans is not: two interleaved career
 * bands (income rising with credit, as crescents), a dense core of young high spenders inside a
 * ring of moderate ones, a tight premium clump, and a share scattered over the whole range who
 * belong to no group. In business units, rounded as the default generator rounds them.
 */
export const SHAPED_GROUPS = ['Career band A', 'Career band B', 'Young core', 'Ring around the core', 'Premium clump'] as const;

/** segmentOf value of a scattered customer (no group), as the default generator marks outliers. */
export const SCATTERED = 255;

export interface ShapedOptions {
  readonly n: number;
  readonly seed: number;
  /** Share of customers scattered uniformly (default 0.03). */
  readonly scatteredShare?: number;
}

/** Shares of the groups, in SHAPED_GROUPS' order. */
const SHARES = [0.27, 0.27, 0.12, 0.2, 0.14];

/** All shaped customers at once (Node, tests). */
export function generateShapedCustomers(options: ShapedOptions): Dataset & { segmentOf: Uint8Array } {
  const generator = createShapedGenerator(options);
  generator.fill(options.n);
  return generator.dataset;
}

/** Shaped customers a block at a time (so a worker stays responsive); the same customers however the rows are split. */
export function createShapedGenerator(options: ShapedOptions): CustomerGenerator {
  const { n, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of customers must be a whole number >= 1, got ${n}`);
  const scattered = options.scatteredShare ?? 0.03;
  const random = createRandom(seed);
  const income = new Float32Array(n);
  const spending = new Float32Array(n);
  const credit = new Float32Array(n);
  const segmentOf = new Uint8Array(n);
  const jitter = (scale: number) => scale * random.normal();
  let i = 0;
  const fill = (rows: number): number => {
    for (const end = Math.min(n, i + rows); i < end; i++) {
      let x: number;
      let y: number;
      let z: number;
      let group = SCATTERED;
      if (random.uniform() < scattered) {
        x = 20 + 130 * random.uniform();
        y = 1 + 99 * random.uniform();
        z = 300 + 550 * random.uniform();
      } else {
        const u = random.uniform();
        group = 0;
        for (let sum = SHARES[0]!; group < SHARES.length - 1 && u >= sum; ) sum += SHARES[++group]!;
        const t = Math.PI * random.uniform();
        if (group === 0) {
          // Upper crescent: credit rises then falls with income.
          [x, y, z] = [45 + 35 * Math.cos(t) + jitter(1.5), 30 + jitter(3), 560 + 170 * Math.sin(t) + jitter(6)];
        } else if (group === 1) {
          // Lower crescent, shifted to interleave with the first.
          [x, y, z] = [80 - 35 * Math.cos(t) + jitter(1.5), 30 + jitter(3), 640 - 170 * Math.sin(t) + jitter(6)];
        } else if (group === 2) {
          [x, y, z] = [60 + jitter(2.5), 78 + jitter(2.5), 620 + jitter(12)];
        } else if (group === 3) {
          const angle = 2 * Math.PI * random.uniform();
          [x, y, z] = [60 + 22 * Math.cos(angle) + jitter(1.2), 78 + 17 * Math.sin(angle) + jitter(1.2), 620 + jitter(12)];
        } else {
          [x, y, z] = [135 + jitter(2.5), 15 + jitter(2.5), 810 + jitter(8)];
        }
      }
      segmentOf[i] = group;
      income[i] = Math.round(clamp(x, 20, 150) * 10) / 10;
      spending[i] = Math.round(clamp(y, 1, 100));
      credit[i] = Math.round(clamp(z, 300, 850));
    }
    return i;
  };
  return { dataset: { n, featureNames: [INCOME, SPENDING, CREDIT], columns: [income, spending, credit], segmentOf }, done: () => i, fill };
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
