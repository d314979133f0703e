import { createRandom } from '../data/random.ts';
import { PlusPlusSeeding, plusPlusTrials } from './init.ts';
import { KeptPerPoints } from './kept-per-points.ts';
import type { PointMatrix } from './types.ts';

/**
 * k-means++ seedings kept per set of points (by seed and trials per centre), so the next k on the
 * same points carries one on instead of starting over: a sweep's restart r at k = 8, 9 and 10
 * is one seeding of 10 centres. Each keeps two numbers a point, so only small sets keep theirs
 * (the sweep's 20 000-customer seeding sample, the gap's and stability's samples); a fit seeded
 * from a million customers seeds once.
 */
const MAX_KEPT_ROWS = 50_000;
/** Per set of points: a sweep keeps 3 restarts x 3 trial counts for k up to 20. */
const kept = new KeptPerPoints<PlusPlusSeeding>(32);

/** The k-means++ start of k centres drawn from `from` with this seed (the same bits as kmeansPlusPlus). */
export function plusPlusStart(from: PointMatrix, k: number, seed: number): Float64Array {
  const trials = plusPlusTrials(k);
  const seeding = () => new PlusPlusSeeding(from, trials, createRandom(seed));
  return (from.n > MAX_KEPT_ROWS ? seeding() : kept.get(from, `${seed}:${trials}`, seeding)).first(k);
}
