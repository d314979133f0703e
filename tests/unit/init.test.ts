import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, type Random } from '../../src/data/random.ts';
import { kmeansPlusPlus, randomInit } from '../../src/kmeans/init.ts';
import { initialCentroids } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs } from '../helpers.ts';

const rowsOf = (centroids: Float64Array, d: number) =>
  Array.from({ length: centroids.length / d }, (_, j) => Array.from(centroids.subarray(j * d, j * d + d)).join(','));

describe('initialisation', () => {
  const points = blobs(3000, 3, 6, 11, 0.05);

  it('k-means++ is reproducible for a seed and differs for another', () => {
    const a = kmeansPlusPlus(points, 6, createRandom(1));
    expect(kmeansPlusPlus(points, 6, createRandom(1))).toEqual(a);
    expect(kmeansPlusPlus(points, 6, createRandom(2))).not.toEqual(a);
  });

  it('k-means++ picks one centre in each well-separated blob', () => {
    const centroids = kmeansPlusPlus(points, 6, createRandom(3));
    // Blob of a point = i % 6; find which data row each centroid is, and its blob.
    const blobsHit = new Set(
      rowsOf(centroids, 3).map((row) => {
        for (let i = 0; i < points.n; i++) if (Array.from(points.data.subarray(i * 3, i * 3 + 3)).join(',') === row) return i % 6;
        return -1;
      }),
    );
    expect(blobsHit).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('k-means++ is greedy k-means++ as written plainly, bit for bit, however many centres a kept seeding already chose', () => {
    // A sweep carries one seeding per restart and trials-per-centre on to the next k: asking in
    // any order must give what a fresh seeding of that k gives (k = 3 and 8 differ in trials).
    for (const k of [10, 3, 8, 2, 7, 1, 9, 5, 12]) {
      for (let restart = 0; restart < 2; restart++) {
        const plain = plainPlusPlus(points, k, createRandom(deriveSeed(4, restart)));
        expect(Array.from(initialCentroids(points, { k, seed: 4 }, restart))).toEqual(Array.from(plain));
        expect(Array.from(kmeansPlusPlus(points, k, createRandom(deriveSeed(4, restart))))).toEqual(Array.from(plain));
      }
    }
  });

  it('k-means++ copes with all points identical', () => {
    const same = { data: new Float32Array(30).fill(2), n: 10, d: 3 };
    expect(Array.from(kmeansPlusPlus(same, 3, createRandom(1)))).toEqual(new Array(9).fill(2));
  });

  it('random init takes k distinct customers', () => {
    const centroids = randomInit(points, 50, createRandom(9));
    expect(new Set(rowsOf(centroids, 3)).size).toBe(50);
    expect(randomInit(points, 50, createRandom(9))).toEqual(centroids);
  });

  it('random init with k = n takes every customer once', () => {
    const small = blobs(7, 2, 7, 1);
    expect(new Set(rowsOf(randomInit(small, 7, createRandom(4)), 2)).size).toBe(7);
  });
});

/** Greedy k-means++ (scikit-learn's), one candidate drawn and scored at a time: the reference. */
function plainPlusPlus({ data, n, d }: PointMatrix, k: number, random: Random): Float64Array {
  const trials = 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const distance = (i: number, row: number) => {
    let sum = 0;
    for (let f = 0; f < d; f++) sum += (data[i * d + f]! - data[row * d + f]!) ** 2;
    return sum;
  };
  const closest = new Float64Array(n).fill(Infinity);
  const choose = (c: number, row: number) => {
    for (let f = 0; f < d; f++) centres[c * d + f] = data[row * d + f]!;
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i]!, distance(i, row));
  };
  choose(0, random.int(n));
  for (let c = 1; c < k; c++) {
    const cumulative = new Float64Array(n);
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i]!;
    const picked = Array.from({ length: trials }, () => {
      if (!(running > 0)) return random.int(n);
      const target = random.uniform() * running;
      const at = cumulative.findIndex((value) => value >= target);
      return at < 0 ? n - 1 : at;
    });
    const potentials = picked.map((row) => {
      let potential = 0;
      for (let i = 0; i < n; i++) potential += Math.min(closest[i]!, distance(i, row));
      return potential;
    });
    choose(c, picked[potentials.indexOf(Math.min(...potentials))]!);
  }
  return centres;
}
