import type { PointMatrix } from '../kmeans/types.ts';
import { buildCellGridSteps, squaredDistanceToCell, type CellGrid } from './cell-grid.ts';
import { DisjointSets } from './disjoint-sets.ts';
import { runSteps, stepDue, within, type Steps } from './steps.ts';
import { NOISE, type DensityClustering } from './types.ts';

/**
 * DBSCAN exactly as scikit-learn runs it: a customer is a core point when at least min_samples
 * customers (itself included) lie within eps (squared Euclidean distance <= eps², in float64 over
 * the float32 features, as its kd-tree compares); core points within eps of each other share a
 * cluster; clusters are numbered in the order of their lowest-index core point; a border point
 * joins the lowest-numbered cluster with a core point within eps of it; the rest is noise.
 *
 * No neighbour lists: the customers are bucketed in cells of side eps / sqrt(3) (cell-grid.ts),
 * neighbours counted until min_samples is reached, and core points joined on the fly in disjoint
 * sets. Memory: about 30 bytes a customer beside the points, and about 30 per occupied cell.
 */
export interface DbscanOptions {
  readonly eps: number;
  readonly minSamples: number;
}

export interface DbscanResult extends DensityClustering {
  /** 1 where the customer is a core point. */
  readonly core: Uint8Array;
  readonly corePoints: number;
  readonly ms: number;
}

export function checkDbscanOptions(eps: number, minSamples: number, n: number): void {
  if (!Number.isFinite(eps) || eps <= 0) throw new RangeError(`eps must be a positive number, not ${eps}`);
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new RangeError(`min_samples must be a whole number of at least 1, not ${minSamples}`);
  if (n < 1) throw new RangeError('DBSCAN needs at least one customer');
}

export function dbscan(points: PointMatrix, options: DbscanOptions): DbscanResult {
  return runSteps(dbscanSteps(points, options));
}

/** DBSCAN in steps (steps.ts): the page's worker pauses between them to hear a Cancel. */
export function* dbscanSteps(points: PointMatrix, options: DbscanOptions): Steps<DbscanResult> {
  const started = performance.now();
  const { eps, minSamples } = options;
  checkDbscanOptions(eps, minSamples, points.n);
  const grid = yield* within(buildCellGridSteps(points, eps), 0, 0.35);
  const phases = new DbscanPhases(grid, points.d, eps);
  const isCore = new Uint8Array(points.n);
  yield* within(phases.markCores(minSamples, isCore, 0, grid.cells), 0.35, 0.7);
  const coreCount = moveAllCoresFirst(grid, isCore);
  phases.useCoreBoxes(coreCount, coreBoxes(grid, coreCount));
  yield;
  const sets = new DisjointSets(points.n);
  const labels = new Int32Array(points.n);
  yield* within(phases.join(sets, 0, grid.cells), 0.7, 0.85);
  const clusters = labelCores(grid, coreCount, sets, labels);
  yield;
  const noise = yield* within(phases.borders(labels, 0, grid.cells), 0.85, 1);
  return dbscanResult(grid, coreCount, labels, clusters, noise, started);
}

/** The result from the labels: the core flags per customer and their count. */
export function dbscanResult(grid: CellGrid, coreCount: Uint32Array, labels: Int32Array, clusters: number, noise: number, started: number): DbscanResult {
  const core = new Uint8Array(labels.length);
  let corePoints = 0;
  for (let cell = 0; cell < grid.cells; cell++) {
    for (let position = grid.cellStart[cell]!; position < grid.cellStart[cell]! + coreCount[cell]!; position++) core[grid.order[position]!] = 1;
    corePoints += coreCount[cell]!;
  }
  return { labels, clusters, noise, core, corePoints, ms: performance.now() - started };
}

/** Distances between customers in the grid's order, and the cells near a cell. */
class NeighbourSearch {
  private readonly eps2: number;
  private readonly cellsNear: Int32Array;
  /**
   * Per cell, the tight box of its core points over the grid's features (min x, y, z, max x, y, z):
   * on values rounded to a few steps (scores, whole thousands) a cell's customers sit far inside
   * its box, and most pairs of cells or a customer and a cell can be told apart without a distance.
   */
  private coreBoxes: Float32Array = new Float32Array(0);

  constructor(private readonly grid: CellGrid, private readonly d: number, eps: number) {
    this.eps2 = eps * eps;
    this.cellsNear = new Int32Array(grid.offsets.length / 3);
  }

  /** Whether customers at positions a and b of the grid's order are within eps. */
  within(a: number, b: number): boolean {
    const { sorted } = this.grid;
    const d = this.d;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const difference = sorted[a * d + j]! - sorted[b * d + j]!;
      sum += difference * difference;
    }
    return sum <= this.eps2;
  }

  /** The boxes of each cell's core points (coreBoxes), once they are known. */
  useCoreBoxes(boxes: Float32Array): void {
    this.coreBoxes = boxes;
  }

  /** Whether no core point of `cell` can be within eps of the customer at `position` (a lower bound on the grid's features). */
  outOfCoreReach(position: number, cell: number): boolean {
    const { grid, d, coreBoxes } = this;
    let sum = 0;
    for (let axis = 0; axis < grid.dims; axis++) {
      const value = grid.sorted[position * d + axis]!;
      const gap = Math.max(0, coreBoxes[cell * 6 + axis]! - value, value - coreBoxes[cell * 6 + 3 + axis]!);
      sum += gap * gap;
    }
    return sum > this.eps2 * (1 + 1e-9);
  }

  /** Whether no core point of cell `a` can be within eps of one of cell `b`. */
  coresApart(a: number, b: number): boolean {
    const { grid, coreBoxes } = this;
    let sum = 0;
    for (let axis = 0; axis < grid.dims; axis++) {
      const gap = Math.max(0, coreBoxes[b * 6 + axis]! - coreBoxes[a * 6 + 3 + axis]!, coreBoxes[a * 6 + axis]! - coreBoxes[b * 6 + 3 + axis]!);
      sum += gap * gap;
    }
    return sum > this.eps2 * (1 + 1e-9);
  }

  /** Whether no customer of `cell` can be within eps of the customer at `position`. */
  outOfReach(position: number, cell: number): boolean {
    return squaredDistanceToCell(this.grid, this.grid.sorted, position * this.d, cell) > this.eps2 * (1 + 1e-9);
  }

  /** The occupied cells that can hold a neighbour of `cell`'s customers (the cell excluded); valid until the next call. */
  near(cell: number): Int32Array {
    const { cellCoords, offsets } = this.grid;
    const x = cellCoords[cell * 3]!;
    const y = cellCoords[cell * 3 + 1]!;
    const z = cellCoords[cell * 3 + 2]!;
    let found = 0;
    for (let o = 0; o < offsets.length; o += 3) {
      const other = this.grid.cellAt(x + offsets[o]!, y + offsets[o + 1]!, z + offsets[o + 2]!);
      if (other >= 0) this.cellsNear[found++] = other;
    }
    return this.cellsNear.subarray(0, found);
  }
}

/** Per cell, the box of its core points (its first `coreCount` customers): min x, y, z, max x, y, z. */
export function coreBoxes(grid: CellGrid, coreCount: Uint32Array): Float32Array {
  const d = grid.sorted.length / Math.max(1, grid.order.length);
  const boxes = new Float32Array(grid.cells * 6);
  for (let cell = 0; cell < grid.cells; cell++) {
    const start = grid.cellStart[cell]!;
    for (let axis = 0; axis < grid.dims; axis++) {
      let low = Infinity;
      let high = -Infinity;
      for (let position = start; position < start + coreCount[cell]!; position++) {
        const value = grid.sorted[position * d + axis]!;
        if (value < low) low = value;
        if (value > high) high = value;
      }
      boxes[cell * 6 + axis] = low;
      boxes[cell * 6 + 3 + axis] = high;
    }
  }
  return boxes;
}


const cellSize = (grid: CellGrid, cell: number): number => grid.cellStart[cell + 1]! - grid.cellStart[cell]!;

/**
 * The phases of a run that split by cells [from, to) between threads (dbscan-threads.ts): on
 * this thread over all cells, or on a helper over its share of a grid in shared memory.
 */
export class DbscanPhases {
  private readonly search: NeighbourSearch;
  private coreCount: Uint32Array = new Uint32Array(0);

  constructor(readonly grid: CellGrid, d: number, eps: number) {
    this.search = new NeighbourSearch(grid, d, eps);
  }

  /** Sets isCore[position] for the core points of cells [from, to). */
  markCores(minSamples: number, isCore: Uint8Array, from: number, to: number): Steps<void> {
    return markCorePoints(this.grid, this.search, minSamples, isCore, from, to);
  }

  /** Once the core points lead their cells (moveAllCoresFirst): how many each cell holds, and their boxes. */
  useCoreBoxes(coreCount: Uint32Array, boxes: Float32Array): void {
    this.coreCount = coreCount;
    this.search.useCoreBoxes(boxes);
  }

  /** Joins in `sets` the core points of cells [from, to) with those within eps of them in later cells. */
  join(sets: DisjointSets, from: number, to: number): Steps<void> {
    return joinCorePoints(this.grid, this.search, this.coreCount, sets, from, to);
  }

  /** Labels the border points of cells [from, to) (labels per customer; the cores' are set); returns their noise. */
  borders(labels: Int32Array, from: number, to: number): Steps<number> {
    return labelBorders(this.grid, this.search, this.coreCount, labels, from, to);
  }
}

/**
 * Moves each cell's core points to its front (order and sorted features both), and returns how
 * many each cell holds.
 */
export function moveAllCoresFirst(grid: CellGrid, isCore: Uint8Array): Uint32Array {
  const coreCount = new Uint32Array(grid.cells);
  for (let cell = 0; cell < grid.cells; cell++) coreCount[cell] = moveCoresFirst(grid, cell, isCore);
  return coreCount;
}

/** Marks the core points of cells [from, to) in isCore (by position). Counting stops at min_samples. */
function* markCorePoints(grid: CellGrid, search: NeighbourSearch, minSamples: number, isCore: Uint8Array, from: number, to: number): Steps<void> {
  for (let cell = from; cell < to; cell++) {
    if (stepDue(cell)) yield (cell - from) / (to - from);
    const start = grid.cellStart[cell]!;
    const end = grid.cellStart[cell + 1]!;
    const near = search.near(cell);
    let reachable = end - start;
    for (const other of near) reachable += cellSize(grid, other);
    if (reachable < minSamples) continue;
    for (let position = start; position < end; position++) {
      let count = grid.cellWithinEps ? end - start : countWithin(search, position, start, end, minSamples, 0);
      for (let i = 0; i < near.length && count < minSamples; i++) {
        const other = near[i]!;
        if (search.outOfReach(position, other)) continue;
        count = countWithin(search, position, grid.cellStart[other]!, grid.cellStart[other + 1]!, minSamples, count);
      }
      if (count >= minSamples) isCore[position] = 1;
    }
  }
}

function countWithin(search: NeighbourSearch, position: number, start: number, end: number, enough: number, count: number): number {
  for (let other = start; other < end && count < enough; other++) if (search.within(position, other)) count++;
  return count;
}

/** Stable partition of a cell: its core points first, each group in the order it had. */
function moveCoresFirst(grid: CellGrid, cell: number, isCore: Uint8Array): number {
  const start = grid.cellStart[cell]!;
  const end = grid.cellStart[cell + 1]!;
  let cores = 0;
  for (let position = start; position < end; position++) cores += isCore[position]!;
  if (cores === 0 || cores === end - start) return cores;
  const d = grid.sorted.length / grid.order.length;
  const order = grid.order.slice(start, end);
  const rows = grid.sorted.slice(start * d, end * d);
  let front = start;
  let back = start + cores;
  for (let i = 0; i < end - start; i++) {
    const to = isCore[start + i]! ? front++ : back++;
    grid.order[to] = order[i]!;
    grid.sorted.set(rows.subarray(i * d, i * d + d), to * d);
  }
  return cores;
}

/** Joins core points within eps of each other; sets are over positions in the grid's order. */
function* joinCorePoints(grid: CellGrid, search: NeighbourSearch, coreCount: Uint32Array, sets: DisjointSets, from: number, to: number): Steps<void> {
  for (let cell = from; cell < to; cell++) {
    if (stepDue(cell)) yield (cell - from) / (to - from);
    const start = grid.cellStart[cell]!;
    const cores = coreCount[cell]!;
    if (cores > 0) {
      if (grid.cellWithinEps) {
        for (let position = start + 1; position < start + cores; position++) sets.union(start, position);
      } else {
        joinCellPair(search, sets, start, start + cores, start, start + cores, cell, false);
      }
      for (const other of search.near(cell)) {
        // Each pair of cells once.
        if (other < cell || coreCount[other]! === 0 || search.coresApart(cell, other)) continue;
        const otherStart = grid.cellStart[other]!;
        joinCellPair(search, sets, start, start + cores, otherStart, otherStart + coreCount[other]!, other, grid.cellWithinEps);
      }
    }
  }
}

/**
 * Joins the core points of two cells that are within eps. Where each cell's core points are one
 * set already (`cellsJoined`), one pair within eps joins the cells, and cells joined by now are skipped.
 */
function joinCellPair(search: NeighbourSearch, sets: DisjointSets, aStart: number, aEnd: number, bStart: number, bEnd: number, bCell: number, cellsJoined: boolean): void {
  if (cellsJoined && sets.find(aStart) === sets.find(bStart)) return;
  for (let a = aStart; a < aEnd; a++) {
    if (aStart !== bStart && search.outOfCoreReach(a, bCell)) continue;
    for (let b = aStart === bStart ? a + 1 : bStart; b < bEnd; b++) {
      if (!cellsJoined && sets.find(a) === sets.find(b)) continue;
      if (!search.within(a, b)) continue;
      sets.union(a, b);
      if (cellsJoined) return;
    }
  }
}

/**
 * Numbers the sets of core points in the order of their lowest customer index (scikit-learn's
 * order) and labels the core points; the rest stays NOISE. Returns the number of clusters.
 */
export function labelCores(grid: CellGrid, coreCount: Uint32Array, sets: DisjointSets, labels: Int32Array): number {
  labels.fill(NOISE);
  // Per set root: its lowest customer index, then its label.
  const lowest = sets.scratch;
  let clusters = 0;
  forEachCore(grid, coreCount, (position) => {
    if (sets.find(position) === position) clusters++;
    lowest[position] = 0xffffffff;
  });
  forEachCore(grid, coreCount, (position) => {
    const root = sets.find(position);
    lowest[root] = Math.min(lowest[root]!, grid.order[position]!);
  });
  const firsts = new Uint32Array(clusters);
  let root = 0;
  forEachCore(grid, coreCount, (position) => {
    if (sets.find(position) === position) firsts[root++] = lowest[position]!;
  });
  firsts.sort();
  forEachCore(grid, coreCount, (position) => {
    if (sets.find(position) === position) lowest[position] = binarySearch(firsts, lowest[position]!);
  });
  forEachCore(grid, coreCount, (position) => {
    labels[grid.order[position]!] = lowest[sets.find(position)]!;
  });
  return clusters;
}

function forEachCore(grid: CellGrid, coreCount: Uint32Array, visit: (position: number) => void): void {
  for (let cell = 0; cell < grid.cells; cell++) {
    const start = grid.cellStart[cell]!;
    for (let position = start; position < start + coreCount[cell]!; position++) visit(position);
  }
}

function binarySearch(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Gives each non-core customer the lowest label among core points within eps; returns the noise count. */
function* labelBorders(grid: CellGrid, search: NeighbourSearch, coreCount: Uint32Array, labels: Int32Array, from: number, to: number): Steps<number> {
  let noise = 0;
  for (let cell = from; cell < to; cell++) {
    if (stepDue(cell)) yield (cell - from) / (to - from);
    const start = grid.cellStart[cell]!;
    const end = grid.cellStart[cell + 1]!;
    if (start + coreCount[cell]! === end) continue;
    const near = search.near(cell);
    for (let position = start + coreCount[cell]!; position < end; position++) {
      let best = Infinity;
      best = lowestCoreLabel(grid, search, labels, position, cell, coreCount[cell]!, best);
      for (const other of near) {
        if (coreCount[other]! === 0 || search.outOfCoreReach(position, other)) continue;
        best = lowestCoreLabel(grid, search, labels, position, other, coreCount[other]!, best);
      }
      if (best === Infinity) noise++;
      else labels[grid.order[position]!] = best;
    }
  }
  return noise;
}

function lowestCoreLabel(grid: CellGrid, search: NeighbourSearch, labels: Int32Array, position: number, cell: number, cores: number, best: number): number {
  const start = grid.cellStart[cell]!;
  // One set per cell: the cell's first core point within eps decides.
  if (grid.cellWithinEps) {
    if (cores === 0 || labels[grid.order[start]!]! >= best) return best;
    for (let core = start; core < start + cores; core++) if (search.within(position, core)) return labels[grid.order[core]!]!;
    return best;
  }
  for (let core = start; core < start + cores; core++) {
    const label = labels[grid.order[core]!]!;
    if (label < best && search.within(position, core)) best = label;
  }
  return best;
}
