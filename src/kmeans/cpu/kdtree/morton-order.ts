import type { PointMatrix } from '../../types.ts';
import { LEAF_POINTS } from './tree.ts';

/** The points sorted along a Morton (Z-order) curve, with each one's row and code in that order. */
export interface MortonSorted {
  /** The points in curve order (row-major n x d). */
  readonly data: Float32Array;
  /** order[s] is the row that comes s-th along the curve. */
  readonly order: Uint32Array;
  /** The codes cut to the bits sorted on (ascending): their bits tell the tree where space splits. */
  readonly codes: Uint32Array;
}

/** Bits of the code: 30 fit a Uint32. */
const CODE_BITS = 30;
/** The top 6 bits pick one of 64 coarse cells: few enough write streams for the scatter. */
const CELL_BITS = 6;
const CELLS = 1 << CELL_BITS;
/** A counting pass inside a cell sorts at most this many bits at once (a 64 k histogram). */
const MAX_DIGIT_BITS = 16;

/**
 * How many leading bits of the code the order follows: enough to place every leaf-sized group
 * of points in its own cell, with 4 bits to spare. Finer order would not change a leaf's box
 * much and costs a counting pass over every point; the tree splits what the bits do not.
 */
export function sortBitsFor(n: number): number {
  const leafCells = Math.ceil(Math.log2(Math.max(2, n / LEAF_POINTS)));
  return Math.min(CODE_BITS, Math.max(CELL_BITS + 1, leafCells + 4));
}

/**
 * Quantise every feature to floor(30 / d) bits over its range, interleave the bits (feature 0
 * most significant within each level) and sort the points by that code. Points near each other
 * in space get nearby positions, so any run of the order is a compact region: the kd-tree is
 * built straight from it, with no median searches. The sort is stable (equal codes keep their
 * row order), so the order depends on the points alone.
 */
export function mortonSort(points: PointMatrix): MortonSorted {
  const steps = mortonSortSteps(points);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same sort in steps: it yields the share of the work done (0 to 1) between steps, so a
 * worker can report progress and answer messages while millions of customers are sorted.
 */
export function* mortonSortSteps(points: PointMatrix): Generator<number, MortonSorted> {
  const codes = mortonCodes(points);
  yield 0.2;
  return yield* sortByCode(points, codes);
}

/** Bits per feature for d features (at least 1; the tree splits equal codes by count). */
export function bitsPerFeature(d: number): number {
  return Math.max(1, Math.floor(CODE_BITS / d));
}

function mortonCodes({ data, n, d }: PointMatrix): Uint32Array {
  const bits = bitsPerFeature(d);
  const levels = (1 << bits) - 1;
  const [lo, hi] = featureRanges(data, n, d);
  const step = Float64Array.from(lo, (low, f) => (hi[f]! > low ? levels / (hi[f]! - low) : 0));
  const codes = new Uint32Array(n);
  if (d === 3 && bits === 10) {
    const [lx, ly, lz] = [lo[0]!, lo[1]!, lo[2]!];
    const [sx, sy, sz] = [step[0]!, step[1]!, step[2]!];
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const qx = Math.min(levels, Math.floor((data[o]! - lx) * sx + 0.5));
      const qy = Math.min(levels, Math.floor((data[o + 1]! - ly) * sy + 0.5));
      const qz = Math.min(levels, Math.floor((data[o + 2]! - lz) * sz + 0.5));
      codes[i] = ((spreadBy3(qx) << 2) | (spreadBy3(qy) << 1) | spreadBy3(qz)) >>> 0;
    }
    return codes;
  }
  const quantised = new Uint32Array(d);
  const alignment = 2 ** (CODE_BITS - bits * d);
  for (let i = 0, o = 0; i < n; i++, o += d) {
    for (let f = 0; f < d; f++) quantised[f] = Math.min(levels, Math.floor((data[o + f]! - lo[f]!) * step[f]! + 0.5));
    let code = 0;
    for (let bit = bits - 1; bit >= 0; bit--) {
      for (let f = 0; f < d; f++) code = code * 2 + ((quantised[f]! >>> bit) & 1);
    }
    // Left-aligned in the 30 bits (d = 4: 28 bits of code), where the sort reads its cells and digits.
    codes[i] = code * alignment;
  }
  return codes;
}

/** Each feature's least and greatest value (three features: in locals, a third of the time). */
function featureRanges(data: Float32Array, n: number, d: number): [Float64Array, Float64Array] {
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  if (d === 3) {
    let lx = Infinity;
    let ly = Infinity;
    let lz = Infinity;
    let hx = -Infinity;
    let hy = -Infinity;
    let hz = -Infinity;
    for (let o = 0; o < 3 * n; o += 3) {
      const x = data[o]!;
      const y = data[o + 1]!;
      const z = data[o + 2]!;
      if (x < lx) lx = x;
      if (x > hx) hx = x;
      if (y < ly) ly = y;
      if (y > hy) hy = y;
      if (z < lz) lz = z;
      if (z > hz) hz = z;
    }
    lo.set([lx, ly, lz]);
    hi.set([hx, hy, hz]);
    return [lo, hi];
  }
  for (let i = 0; i < n * d; i += d) {
    for (let f = 0; f < d; f++) {
      const x = data[i + f]!;
      if (x < lo[f]!) lo[f] = x;
      if (x > hi[f]!) hi[f] = x;
    }
  }
  return [lo, hi];
}

/** The 10 low bits of v, two zero bits between each (bit i moves to bit 3i). */
function spreadBy3(v: number): number {
  let x = v & 0x3ff;
  x = (x | (x << 16)) & 0x30000ff;
  x = (x | (x << 8)) & 0x300f00f;
  x = (x | (x << 4)) & 0x30c30c3;
  x = (x | (x << 2)) & 0x9249249;
  return x;
}

/**
 * Stable sort by the code's leading sortBitsFor(n) bits that moves the points along: one scatter
 * by the top bits into coarse cells, reading the points in row order (random reads of memory
 * are the bottleneck: a random gather costs 8x a copy), then inside each cell counting passes
 * over (code, position) pairs and one gather of the cell's points, all within cache. The codes
 * come back cut to the sorted bits, so they are sorted.
 */
function* sortByCode(points: PointMatrix, codes: Uint32Array): Generator<number, MortonSorted> {
  const { data, n, d } = points;
  const sortBits = sortBitsFor(n);
  const topShift = CODE_BITS - CELL_BITS;
  const cut = (~0 << (CODE_BITS - sortBits)) >>> 0;
  const cellStart = new Uint32Array(CELLS + 1);
  for (let i = 0; i < n; i++) cellStart[(codes[i]! >>> topShift) + 1]!++;
  for (let c = 0; c < CELLS; c++) cellStart[c + 1]! += cellStart[c]!;
  let largest = 0;
  for (let c = 0; c < CELLS; c++) largest = Math.max(largest, cellStart[c + 1]! - cellStart[c]!);

  const sortedCodes = new Uint32Array(n);
  const order = new Uint32Array(n);
  const sorted = new Float32Array(n * d);
  const cursor = cellStart.slice(0, CELLS);
  for (let i = 0; i < n; i++) {
    const code = (codes[i]! & cut) >>> 0;
    const at = cursor[code >>> topShift]!++;
    sortedCodes[at] = code;
    order[at] = i;
    if (d === 3) {
      sorted[at * 3] = data[i * 3]!;
      sorted[at * 3 + 1] = data[i * 3 + 1]!;
      sorted[at * 3 + 2] = data[i * 3 + 2]!;
    } else for (let f = 0; f < d; f++) sorted[at * d + f] = data[i * d + f]!;
  }

  yield 0.4;
  // The bits below the cell's, sorted in one or two counting passes.
  const cellBits = sortBits - CELL_BITS;
  const digits = cellBits <= MAX_DIGIT_BITS ? [cellBits] : [cellBits >> 1, cellBits - (cellBits >> 1)];
  const lowest = CODE_BITS - sortBits;
  const codesA = new Uint32Array(largest);
  const placeA = new Uint32Array(largest);
  const placeB = new Uint32Array(largest);
  const orderTmp = new Uint32Array(largest);
  const dataTmp = new Float32Array(largest * d);
  const count = new Uint32Array(1 << Math.max(...digits));
  for (let c = 0; c < CELLS; c++) {
    const start = cellStart[c]!;
    const size = cellStart[c + 1]! - start;
    if (size < 2) continue;
    const cellCodes = sortedCodes.subarray(start, start + size);
    for (let i = 0; i < size; i++) placeB[i] = i;
    let places = placeA;
    radixPass(cellCodes, placeB, codesA, placeA, size, lowest, digits[0]!, count);
    if (digits.length === 1) cellCodes.set(codesA.subarray(0, size));
    else {
      radixPass(codesA, placeA, cellCodes, placeB, size, lowest + digits[0]!, digits[1]!, count);
      places = placeB;
    }
    // places[s]: where in the cell the s-th point in code order was.
    for (let s = 0; s < size; s++) {
      const from = places[s]!;
      orderTmp[s] = order[start + from]!;
      if (d === 3) {
        const o = (start + from) * 3;
        dataTmp[s * 3] = sorted[o]!;
        dataTmp[s * 3 + 1] = sorted[o + 1]!;
        dataTmp[s * 3 + 2] = sorted[o + 2]!;
      } else for (let f = 0; f < d; f++) dataTmp[s * d + f] = sorted[(start + from) * d + f]!;
    }
    order.set(orderTmp.subarray(0, size), start);
    sorted.set(dataTmp.subarray(0, size * d), start * d);
    yield 0.4 + (0.6 * cellStart[c + 1]!) / n;
  }
  return { data: sorted, order, codes: sortedCodes };
}

/** One stable counting pass on the `bits` bits at `shift`, moving (code, place) pairs. */
function radixPass(fromCodes: Uint32Array, fromPlace: Uint32Array, toCodes: Uint32Array, toPlace: Uint32Array, size: number, shift: number, bits: number, count: Uint32Array): void {
  const digits = 1 << bits;
  const mask = digits - 1;
  count.fill(0, 0, digits);
  for (let i = 0; i < size; i++) count[(fromCodes[i]! >>> shift) & mask]!++;
  let sum = 0;
  for (let digit = 0; digit < digits; digit++) {
    const here = count[digit]!;
    count[digit] = sum;
    sum += here;
  }
  for (let i = 0; i < size; i++) {
    const code = fromCodes[i]!;
    const at = count[(code >>> shift) & mask]!++;
    toCodes[at] = code;
    toPlace[at] = fromPlace[i]!;
  }
}
