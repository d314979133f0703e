import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/data/random.ts';
import { kmeansPlusPlus, randomInit } from '../../src/kmeans/init.ts';
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
