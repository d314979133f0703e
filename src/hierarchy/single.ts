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
  const inTree = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n);
  const edgeA = new Int32Array(n - 1);
  const edgeB = new Int32Array(n - 1);
  const length = new Float64Array(n - 1);
  let latest = 0;
  inTree[0] = 1;
  for (let e = 0; e < n - 1; e++) {
    let next = -1;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue;
      let sum = 0;
      for (let f = 0; f < d; f++) {
        const diff = data[i * d + f]! - data[latest * d + f]!;
        sum += diff * diff;
      }
      if (sum < nearest[i]!) {
        nearest[i] = sum;
        from[i] = latest;
      }
      if (nearest[i]! < best) {
        best = nearest[i]!;
        next = i;
      }
    }
    inTree[next] = 1;
    edgeA[e] = from[next]!;
    edgeB[e] = next;
    length[e] = Math.sqrt(best);
    latest = next;
  }
  return labelMerges(n, edgeA, edgeB, length);
}
