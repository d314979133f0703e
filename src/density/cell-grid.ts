import type { PointMatrix } from '../kmeans/types.ts';
import type { Steps } from './steps.ts';

/**
 * Customers bucketed into cubic cells of side eps / sqrt(g) over the first g = min(d, 3)
 * features: with d = g, any two customers of one cell are within eps of each other, and every
 * neighbour within eps lies at most two cells away on each axis. Cells are found by a hash of
 * their coordinates, so memory follows the occupied cells, not the grid's volume.
 */
export interface CellGrid {
  /** Features the cells span (the first `dims` of d). */
  readonly dims: number;
  /** True when every two customers of one cell are within eps (the grid spans all features). */
  readonly cellWithinEps: boolean;
  /** Customer indices, cell by cell. */
  readonly order: Uint32Array;
  /** The customers' features in `order`, row-major n x d (float32, as given). */
  readonly sorted: Float32Array;
  /** Occupied cells. */
  readonly cells: number;
  /** Cell c holds positions cellStart[c] .. cellStart[c + 1] - 1 of `order`. */
  readonly cellStart: Uint32Array;
  /** Integer coordinates of each cell, cells x 3 (unused axes 0). */
  readonly cellCoords: Int32Array;
  /** Offsets (dx, dy, dz) of the cells that can hold a neighbour within eps, the cell itself excluded, nearest first. */
  readonly offsets: Int32Array;
  /** Lower corner of the grid and the cells' side, to bound a cell's distance from a customer. */
  readonly origin: Float64Array;
  readonly side: number;
  /** The cells by a hash of their coordinates (open addressing, at most half full). */
  readonly table: Int32Array;
  readonly mask: number;
  /** The cell at these coordinates, or -1 when none is occupied. */
  cellAt(x: number, y: number, z: number): number;
}

/** The grid without its lookup function: what a helper thread is sent. */
export type CellGridArrays = Omit<CellGrid, 'cellAt'>;

/** The grid from its arrays (a helper's view of the engine's grid). */
export function cellGridFrom(arrays: CellGridArrays): CellGrid {
  const { table, mask, cellCoords } = arrays;
  const cellAt = (x: number, y: number, z: number): number => {
    for (let slot = cellHash(x, y, z) & mask; ; slot = (slot + 1) & mask) {
      const cell = table[slot]!;
      if (cell < 0) return -1;
      if (cellCoords[cell * 3]! === x && cellCoords[cell * 3 + 1]! === y && cellCoords[cell * 3 + 2]! === z) return cell;
    }
  };
  return { ...arrays, cellAt };
}

/** A copy of the array in memory other threads can share (SharedArrayBuffer). */
function inShared<T extends Int32Array | Uint32Array | Float32Array>(array: T, shared: boolean): T {
  if (!shared) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

// A cell's side sits this far under eps / sqrt(g), so that rounding in placing customers cannot
// put two customers more than eps apart in one cell.
const SIDE_MARGIN = 1 - 1e-9;
/** Cell coordinates stay below 2^30 on each axis. */
const MAX_CELLS_PER_AXIS = 2 ** 30;

/**
 * The grid, built in steps (steps.ts): a pause between passes over the customers. `shared` puts
 * its arrays in shared memory, for helper threads to read (and the core points' move) in place.
 */
export function* buildCellGridSteps(points: PointMatrix, eps: number, shared = false): Steps<CellGrid> {
  const { data, n, d } = points;
  const dims = Math.min(d, 3);
  const side = (eps / Math.sqrt(dims)) * SIDE_MARGIN;
  const origin = new Float64Array(3);
  const extent = new Float64Array(3);
  for (let axis = 0; axis < dims; axis++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      const value = data[i * d + axis]!;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    origin[axis] = n > 0 ? low : 0;
    extent[axis] = n > 0 ? high - low : 0;
    if (extent[axis]! / side >= MAX_CELLS_PER_AXIS) {
      throw new RangeError(`eps ${eps} is too small for these customers: feature ${axis + 1} spans ${extent[axis]!.toPrecision(4)} scaled units, more than 2^30 cells of eps`);
    }
  }
  const spans = [0, 1, 2].map((axis) => (axis < dims ? Math.floor(extent[axis]! / side) + 1 : 1));
  const place = (i: number, axis: number): number => Math.floor((data[i * d + axis]! - origin[axis]!) / side);
  const { order: sortedOrder, cellStart, cellCoords } = spans[0]! * spans[1]! * spans[2]! <= 2 ** 32
    ? yield* cellsByKey(n, dims, spans, place)
    : yield* cellsByCoordinates(n, dims, spans, place);
  const order = inShared(sortedOrder, shared);
  const cells = cellStart.length - 1;
  yield 0.8;
  const sorted = shared ? new Float32Array(new SharedArrayBuffer(n * d * 4)) : new Float32Array(n * d);
  for (let position = 0; position < n; position++) {
    const from = order[position]! * d;
    for (let f = 0; f < d; f++) sorted[position * d + f] = data[from + f]!;
  }

  const { table, mask } = hashCells(cellCoords, cells);
  return cellGridFrom({
    dims, cellWithinEps: dims === d, order, sorted, cells, cellStart: inShared(cellStart, shared), cellCoords: inShared(cellCoords, shared),
    offsets: neighbourOffsets(dims), origin, side, table: inShared(table, shared), mask,
  });
}

/** Customers in cell order, where each cell starts, and each cell's coordinates. */
interface CellRuns {
  readonly order: Uint32Array;
  readonly cellStart: Uint32Array;
  readonly cellCoords: Int32Array;
}

/**
 * Cells where their count fits 32 bits: each customer's cell as one number (first axis slowest),
 * sorted by stable 16-bit radix passes that read the numbers in sequence; cells are then runs of
 * one number. Stable: within a cell, customers keep their order.
 */
function* cellsByKey(n: number, dims: number, spans: readonly number[], place: (i: number, axis: number) => number): Steps<CellRuns> {
  let keys = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (let axis = 0; axis < 3; axis++) key = key * spans[axis]! + (axis < dims ? place(i, axis) : 0);
    keys[i] = key;
    order[i] = i;
  }
  yield 0.2;
  let spareKeys = new Uint32Array(n);
  let spareOrder = new Uint32Array(n);
  const counts = new Uint32Array(1 << 16);
  const cellsInAll = spans[0]! * spans[1]! * spans[2]!;
  for (let shift = 0; shift < 32 && cellsInAll > 2 ** shift; shift += 16) {
    counts.fill(0);
    for (let position = 0; position < n; position++) counts[(keys[position]! >>> shift) & 0xffff]!++;
    countsToStarts(counts);
    for (let position = 0; position < n; position++) {
      const key = keys[position]!;
      const to = counts[(key >>> shift) & 0xffff]!++;
      spareKeys[to] = key;
      spareOrder[to] = order[position]!;
    }
    [keys, spareKeys] = [spareKeys, keys];
    [order, spareOrder] = [spareOrder, order];
    yield;
  }
  let cells = n > 0 ? 1 : 0;
  for (let position = 1; position < n; position++) if (keys[position] !== keys[position - 1]) cells++;
  const cellStart = new Uint32Array(cells + 1);
  const cellCoords = new Int32Array(cells * 3);
  for (let position = 0, cell = -1; position < n; position++) {
    if (position > 0 && keys[position] === keys[position - 1]) continue;
    cell++;
    cellStart[cell] = position;
    let key = keys[position]!;
    for (let axis = 2; axis >= 0; axis--) {
      cellCoords[cell * 3 + axis] = key % spans[axis]!;
      key = Math.floor(key / spans[axis]!);
    }
  }
  cellStart[cells] = n;
  return { order, cellStart, cellCoords };
}

/**
 * Cells too many for one 32-bit number: each customer's coordinates worked out once (12 bytes a
 * customer while the grid is built), sorted by stable 16-bit radix passes over each axis's
 * coordinate, last axis first; cells are runs of equal coordinates.
 */
function* cellsByCoordinates(n: number, dims: number, spans: readonly number[], place: (i: number, axis: number) => number): Steps<CellRuns> {
  const coordinates = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) for (let axis = 0; axis < dims; axis++) coordinates[i * 3 + axis] = place(i, axis);
  const coordinate = (i: number, axis: number): number => coordinates[i * 3 + axis]!;
  yield 0.2;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(1 << 16);
  for (let axis = dims - 1; axis >= 0; axis--) {
    for (let shift = 0; shift < 32 && spans[axis]! > 2 ** shift; shift += 16) {
      counts.fill(0);
      for (let position = 0; position < n; position++) counts[(coordinate(order[position]!, axis) >>> shift) & 0xffff]!++;
      countsToStarts(counts);
      for (let position = 0; position < n; position++) {
        const i = order[position]!;
        spare[counts[(coordinate(i, axis) >>> shift) & 0xffff]!++] = i;
      }
      [order, spare] = [spare, order];
      yield;
    }
  }
  const sameCell = (a: number, b: number): boolean =>
    coordinates[a * 3] === coordinates[b * 3] && coordinates[a * 3 + 1] === coordinates[b * 3 + 1] && coordinates[a * 3 + 2] === coordinates[b * 3 + 2];
  let cells = n > 0 ? 1 : 0;
  for (let position = 1; position < n; position++) if (!sameCell(order[position - 1]!, order[position]!)) cells++;
  const cellStart = new Uint32Array(cells + 1);
  const cellCoords = new Int32Array(cells * 3);
  for (let position = 0, cell = -1; position < n; position++) {
    const i = order[position]!;
    if (position > 0 && sameCell(order[position - 1]!, i)) continue;
    cell++;
    cellStart[cell] = position;
    for (let axis = 0; axis < 3; axis++) cellCoords[cell * 3 + axis] = coordinate(i, axis);
  }
  cellStart[cells] = n;
  return { order, cellStart, cellCoords };
}

/** A radix pass's digit counts turned, in place, into where each digit's run starts. */
function countsToStarts(counts: Uint32Array): void {
  let total = 0;
  for (let digit = 0; digit < counts.length; digit++) {
    const count = counts[digit]!;
    counts[digit] = total;
    total += count;
  }
}

function cellHash(x: number, y: number, z: number): number {
  return (Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(z, 83492791)) >>> 0;
}

/** Open addressing, at most half full. */
function hashCells(cellCoords: Int32Array, cells: number): { table: Int32Array; mask: number } {
  let size = 2;
  while (size < cells * 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let cell = 0; cell < cells; cell++) {
    let slot = cellHash(cellCoords[cell * 3]!, cellCoords[cell * 3 + 1]!, cellCoords[cell * 3 + 2]!) & mask;
    while (table[slot]! >= 0) slot = (slot + 1) & mask;
    table[slot] = cell;
  }
  return { table, mask };
}

/** With side eps / sqrt(g), a neighbour within eps is at most ceil(sqrt(g)) cells away on an axis. */
function neighbourOffsets(dims: number): Int32Array {
  const reach = Math.ceil(Math.sqrt(dims));
  const range = (axis: number) => (axis < dims ? reach : 0);
  const offsets: { offset: number[]; gap: number }[] = [];
  for (let dx = -range(0); dx <= range(0); dx++) {
    for (let dy = -range(1); dy <= range(1); dy++) {
      for (let dz = -range(2); dz <= range(2); dz++) {
        // The nearest two customers of the cells can be apart by the gaps between them.
        const gap = Math.max(0, Math.abs(dx) - 1) ** 2 + Math.max(0, Math.abs(dy) - 1) ** 2 + Math.max(0, Math.abs(dz) - 1) ** 2;
        if ((dx !== 0 || dy !== 0 || dz !== 0) && gap <= dims) offsets.push({ offset: [dx, dy, dz], gap: dx * dx + dy * dy + dz * dz });
      }
    }
  }
  // Nearest cells first: joining them first joins most farther cells on the way, so those are skipped.
  return Int32Array.from(offsets.sort((a, b) => a.gap - b.gap).flatMap(({ offset }) => offset));
}

/** Squared distance from a customer's first `dims` features to a cell's box (0 inside it), a lower bound. */
export function squaredDistanceToCell(grid: CellGrid, row: Float32Array, rowStart: number, cell: number): number {
  let sum = 0;
  for (let axis = 0; axis < grid.dims; axis++) {
    // The box grows by a millionth of a side each way: rounding in placing a customer never
    // makes the bound exceed the true distance.
    const low = grid.origin[axis]! + (grid.cellCoords[cell * 3 + axis]! - 1e-6) * grid.side;
    const value = row[rowStart + axis]!;
    const below = low - value;
    const above = value - (low + (1 + 2e-6) * grid.side);
    const gap = below > 0 ? below : above > 0 ? above : 0;
    sum += gap * gap;
  }
  return sum;
}
