/**
 * Neighbour queries on a kd-tree for customers that are not in it (new customers scored with a
 * saved model). Distances as kd-tree.ts measures them: float64 over float32 features, squares
 * summed in feature order, so a query and the SQL that scores the same customer agree.
 */
import type { KdTree } from './kd-tree.ts';

/** Squared distance from the query row (q[offset..offset + d)) to tree point `point`. */
function distanceToPoint(tree: KdTree, q: Float32Array, offset: number, point: number): number {
  const { data, d } = tree.points;
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const diff = q[offset + f]! - data[point * d + f]!;
    sum += diff * diff;
  }
  return sum;
}

/** Squared distance from the query row to node's box (0 inside). */
function distanceToBox(tree: KdTree, q: Float32Array, offset: number, node: number): number {
  const { d } = tree.points;
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const x = q[offset + f]!;
    const lo = tree.lo[node * d + f]!;
    const hi = tree.hi[node * d + f]!;
    const diff = x < lo ? lo - x : x > hi ? x - hi : 0;
    sum += diff * diff;
  }
  return sum;
}

/** A reusable query: one explicit stack, no allocation per customer. */
export class NearestQuery {
  private readonly stack: Int32Array;

  constructor(private readonly tree: KdTree) {
    this.stack = new Int32Array(64 + 4 * Math.ceil(Math.log2(tree.nodes + 2)));
  }

  /**
   * The tree point nearest the query row with squared distance <= radius2, ties to the lowest
   * point index; -1 when none is that close.
   */
  nearestWithin(q: Float32Array, offset: number, radius2: number): number {
    const { tree, stack } = this;
    if (tree.nodes === 0) return -1;
    let best = -1;
    let bestDistance = radius2;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (distanceToBox(tree, q, offset, node) > bestDistance) continue;
      const l = tree.left[node]!;
      if (l < 0) {
        for (let i = tree.start[node]!; i < tree.end[node]!; i++) {
          const point = tree.index[i]!;
          const dist = distanceToPoint(tree, q, offset, point);
          if (dist < bestDistance || (dist === bestDistance && (best < 0 || point < best))) {
            best = point;
            bestDistance = dist;
          }
        }
        continue;
      }
      sp = this.pushChildren(q, offset, l, tree.right[node]!, sp);
    }
    return best;
  }

  /**
   * The k tree points nearest the query row, nearest first (equal distances by point index):
   * their indices into `points` and their distances (not squared) into `distances`.
   */
  kNearest(q: Float32Array, offset: number, k: number, points: Int32Array, distances: Float64Array): void {
    const { tree, stack } = this;
    // Sorted insertion into the k best so far: k is small (twice min_samples).
    let size = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (size === k && distanceToBox(tree, q, offset, node) > distances[k - 1]!) continue;
      const l = tree.left[node]!;
      if (l < 0) {
        for (let i = tree.start[node]!; i < tree.end[node]!; i++) {
          const point = tree.index[i]!;
          const dist = distanceToPoint(tree, q, offset, point);
          if (size === k && !(dist < distances[k - 1]! || (dist === distances[k - 1]! && point < points[k - 1]!))) continue;
          let at = size < k ? size++ : k - 1;
          while (at > 0 && (distances[at - 1]! > dist || (distances[at - 1]! === dist && points[at - 1]! > point))) {
            distances[at] = distances[at - 1]!;
            points[at] = points[at - 1]!;
            at--;
          }
          distances[at] = dist;
          points[at] = point;
        }
        continue;
      }
      sp = this.pushChildren(q, offset, l, tree.right[node]!, sp);
    }
    for (let i = 0; i < size; i++) distances[i] = Math.sqrt(distances[i]!);
  }

  /** Push both children, the nearer last so that it is searched first. */
  private pushChildren(q: Float32Array, offset: number, l: number, r: number, sp: number): number {
    const { tree, stack } = this;
    if (distanceToBox(tree, q, offset, l) < distanceToBox(tree, q, offset, r)) {
      stack[sp++] = r;
      stack[sp++] = l;
    } else {
      stack[sp++] = l;
      stack[sp++] = r;
    }
    return sp;
  }
}
