import type { PointMatrix } from './types.ts';

/**
 * The given rows of `points` as points of their own (one copy of their coordinates). A plain
 * loop: a subarray per row cost 5 ms per 20 000 rows, paid by every restart's seeding sample.
 */
export function gatherRows(points: PointMatrix, rows: Uint32Array): PointMatrix {
  const { d, data: from } = points;
  const data = new Float32Array(rows.length * d);
  for (let i = 0, o = 0; i < rows.length; i++) {
    const start = rows[i]! * d;
    for (let f = 0; f < d; f++) data[o++] = from[start + f]!;
  }
  return { data, n: rows.length, d };
}
