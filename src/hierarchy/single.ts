import type { PointMatrix } from '../kmeans/types.ts';
import { labelMerges, type Linkage } from './ward.ts';

/**
 * Single linkage, exact, in memory linear in the customers: its merges are the edges of the
 * minimum spanning tree (Prim's algorithm on the full graph: each customer's distance to the tree
 * kept, the nearest joined next), taken by increasing length, as SciPy's `linkage(X, 'single')`
 * builds them. Quadratic time, like Ward's.
 */
export function singleLinkage(points: PointMatrix): Linkage {
  const { n, d, data } = points;
  if (n < 2) return labelMerges(Math.max(n, 1), new Int32Array(0), new Int32Array(0), new Float64Array(0));
  // The customers not yet in the tree, packed (swap-removed), each with its distance to the tree and where from.
  const outside = Int32Array.from({ length: n - 1 }, (_, i) => i + 1);
  const nearest = new Float64Array(n - 1).fill(Infinity);
  const from = new Int32Array(n - 1);
  let count = n - 1;
  const edgeA = new Int32Array(n - 1);
  const edgeB = new Int32Array(n - 1);
  const length = new Float64Array(n - 1);
  const latestAt = new Float64Array(d);
  let latest = 0;
  for (let e = 0; e < n - 1; e++) {
    for (let f = 0; f < d; f++) latestAt[f] = data[latest * d + f]!;
    let best = Infinity;
    let bestAt = -1;
    for (let p = 0; p < count; p++) {
      const base = outside[p]! * d;
      let sum = 0;
      for (let f = 0; f < d; f++) {
        const diff = data[base + f]! - latestAt[f]!;
        sum += diff * diff;
      }
      if (sum < nearest[p]!) {
        nearest[p] = sum;
        from[p] = latest;
      }
      // Ties go to the lower customer, as a scan in customer order would take them.
      if (nearest[p]! < best || (nearest[p] === best && outside[p]! < outside[bestAt]!)) {
        best = nearest[p]!;
        bestAt = p;
      }
    }
    const next = outside[bestAt]!;
    edgeA[e] = from[bestAt]!;
    edgeB[e] = next;
    length[e] = Math.sqrt(best);
    latest = next;
    count--;
    outside[bestAt] = outside[count]!;
    nearest[bestAt] = nearest[count]!;
    from[bestAt] = from[count]!;
  }
  return labelMerges(n, edgeA, edgeB, length);
}
