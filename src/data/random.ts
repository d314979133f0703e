import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded source of random numbers; the same seed gives the same sequence on every machine. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRandom(seed: number): Random {
  // pure-rand's generators mutate in place when called through the plain distributions.
  const rng = xoroshiro128plus(seed | 0);
  let spare = Number.NaN;
  const uniform = (): number => uniformFloat64(rng);
  return {
    uniform,
    normal() {
      if (!Number.isNaN(spare)) {
        const value = spare;
        spare = Number.NaN;
        return value;
      }
      // 1 - u keeps the logarithm's argument in (0, 1].
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    int(n: number) {
      return Math.floor(uniform() * n);
    },
  };
}

/** Derive an independent seed for a sub-task (restart r of a run seeded `seed`). */
export function deriveSeed(seed: number, stream: number): number {
  // splitmix32-style mixing so consecutive streams are unrelated.
  let z = (seed + Math.imul(stream + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** A seeded sample of `size` distinct rows (all rows when size >= n), in ascending order. */
export function sampleRows(n: number, size: number, seed: number): Uint32Array {
  if (size >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const random = createRandom(seed);
  // Floyd's algorithm: exactly `size` distinct draws, no shuffle of n. A bitmap, not a Set,
  // remembers the draws: a sweep samples dozens of times from millions of rows.
  const taken = new Uint8Array(n);
  const picked = new Uint32Array(size);
  let count = 0;
  for (let j = n - size; j < n; j++) {
    const t = random.int(j + 1);
    const row = taken[t] ? j : t;
    taken[row] = 1;
    picked[count++] = row;
  }
  return picked.sort();
}
