/**
 * Which drawn customers are where on screen, on the CPU from the positions the cloud draws: one
 * pass of 16 multiply-adds a customer (about 5 ms per million here), so hover and lasso need no
 * GPU read-back and no index to keep up to date as the camera moves.
 */

/** How the cloud's positions become drawn x, y, z: data[i * stride + offsets[a]], or 0 where an offset is -1. */
export interface DrawnPositions {
  readonly data: Float32Array;
  readonly n: number;
  readonly stride: number;
  readonly offsets: readonly [number, number, number];
}

/** The canvas in CSS pixels and the camera's projection x view matrix (column-major, as three.js keeps it). */
export interface ScreenView {
  readonly width: number;
  readonly height: number;
  readonly matrix: ArrayLike<number>;
}

/**
 * Call `visit(i, x, y, depth)` for every customer in front of the camera (and in `only` when
 * given), with its screen position in CSS pixels.
 */
function forEachOnScreen(
  points: DrawnPositions, view: ScreenView, only: Uint8Array | null, visit: (i: number, x: number, y: number, depth: number) => void,
): void {
  const { data, n, stride, offsets } = points;
  const m = view.matrix;
  const [ox, oy, oz] = offsets;
  const halfW = view.width / 2;
  const halfH = view.height / 2;
  for (let i = 0, base = 0; i < n; i++, base += stride) {
    if (only && !only[i]) continue;
    const x = ox < 0 ? 0 : data[base + ox]!;
    const y = oy < 0 ? 0 : data[base + oy]!;
    const z = oz < 0 ? 0 : data[base + oz]!;
    const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    if (w <= 0) continue; // behind the camera
    const sx = ((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w + 1) * halfW;
    const sy = (1 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w) * halfH;
    visit(i, sx, sy, w);
  }
}

/**
 * Every customer's screen position for one view (NaN behind the camera), so the hovers between
 * two camera moves scan 2 floats a customer instead of projecting 3.
 */
export interface ScreenPositions {
  readonly xy: Float32Array;
  readonly depth: Float32Array;
}

export function projectAll(points: DrawnPositions, view: ScreenView, reuse?: ScreenPositions): ScreenPositions {
  // The arrays of the last projection are refilled when they fit: 12 bytes a customer, not garbage each time.
  const fits = reuse && reuse.depth.length === points.n;
  const xy = fits ? reuse.xy.fill(Number.NaN) : new Float32Array(points.n * 2).fill(Number.NaN);
  const depth = fits ? reuse.depth : new Float32Array(points.n);
  forEachOnScreen(points, view, null, (i, x, y, w) => {
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
    depth[i] = w;
  });
  return { xy, depth };
}

/**
 * Customers bucketed by screen cell (a counting sort: each cell's customers in index order), so
 * the customer under the pointer is found among a few cells instead of every customer: at 10 M
 * customers a hover scans thousands, not millions. The pointer is on the canvas: customers more
 * than a cell beyond it are left out.
 */
export interface ScreenGrid {
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
  /** Cell c's customers are order[start[c] .. start[c + 1]). */
  readonly start: Uint32Array;
  readonly order: Uint32Array;
}

export function gridOnScreen(screen: ScreenPositions, width: number, height: number, cell: number, reuse?: ScreenGrid): ScreenGrid {
  const { xy } = screen;
  const n = screen.depth.length;
  // One cell of margin round the canvas: a customer just past its edge is still within reach of the pointer.
  const columns = Math.ceil(width / cell) + 2;
  const rows = Math.ceil(height / cell) + 2;
  const cells = columns * rows;
  const start = reuse && reuse.start.length === cells + 1 ? reuse.start.fill(0) : new Uint32Array(cells + 1);
  const cellOf = (i: number) => {
    const x = xy[2 * i]! + cell;
    const y = xy[2 * i + 1]! + cell;
    // NaN (behind the camera) fails both tests.
    if (!(x >= 0 && x < columns * cell && y >= 0 && y < rows * cell)) return -1;
    return Math.floor(y / cell) * columns + Math.floor(x / cell);
  };
  for (let i = 0; i < n; i++) {
    const c = cellOf(i);
    if (c >= 0) start[c + 1]!++;
  }
  for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
  // Room for every customer, so the next projection refills the same array (4 bytes a customer).
  const order = reuse && reuse.order.length === n ? reuse.order : new Uint32Array(n);
  const next = start.slice(0, cells);
  for (let i = 0; i < n; i++) {
    const c = cellOf(i);
    if (c >= 0) order[next[c]!++] = i;
  }
  return { cell, columns, rows, start, order };
}

/** nearestProjected through a grid whose cells are at least `radius` wide: the same customer, ties included. */
export function nearestInGrid(screen: ScreenPositions, grid: ScreenGrid, x: number, y: number, radius: number, only: Uint8Array | null = null): number {
  const { xy, depth } = screen;
  const { cell, columns, rows, start, order } = grid;
  if (radius > cell) throw new RangeError(`a radius of ${radius} px needs cells at least as wide (${cell} px)`);
  const column = Math.floor((x + cell) / cell);
  const row = Math.floor((y + cell) / cell);
  let best = -1;
  let bestSquared = radius * radius;
  let bestDepth = Infinity;
  for (let r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
    for (let c = Math.max(0, column - 1); c <= Math.min(columns - 1, column + 1); c++) {
      const at = r * columns + c;
      for (let k = start[at]!; k < start[at + 1]!; k++) {
        const i = order[k]!;
        if (only && !only[i]) continue;
        const squared = (xy[2 * i]! - x) ** 2 + (xy[2 * i + 1]! - y) ** 2;
        if (squared > bestSquared) continue;
        // As the full scan: nearest, then nearer the camera, then the lowest index.
        if (squared < bestSquared || depth[i]! < bestDepth || (depth[i] === bestDepth && i < best)) {
          best = i;
          bestSquared = squared;
          bestDepth = depth[i]!;
        }
      }
    }
  }
  return best;
}

/** nearestOnScreen over positions already projected. */
export function nearestProjected(screen: ScreenPositions, x: number, y: number, radius: number, only: Uint8Array | null = null): number {
  const { xy, depth } = screen;
  const n = depth.length;
  let best = -1;
  let bestSquared = radius * radius;
  let bestDepth = Infinity;
  for (let i = 0; i < n; i++) {
    const dx = xy[2 * i]! - x;
    if (!(dx * dx <= bestSquared) || (only && !only[i])) continue; // NaN (behind the camera) fails too
    const squared = dx * dx + (xy[2 * i + 1]! - y) ** 2;
    if (squared < bestSquared || (squared === bestSquared && depth[i]! < bestDepth)) {
      best = i;
      bestSquared = squared;
      bestDepth = depth[i]!;
    }
  }
  return best;
}

/**
 * The customer drawn nearest to (x, y) within `radius` CSS pixels, the nearer to the camera on
 * a tie; -1 when none is that close.
 */
export function nearestOnScreen(points: DrawnPositions, view: ScreenView, x: number, y: number, radius: number, only: Uint8Array | null = null): number {
  let best = -1;
  let bestSquared = radius * radius;
  let bestDepth = Infinity;
  forEachOnScreen(points, view, only, (i, sx, sy, depth) => {
    const squared = (sx - x) ** 2 + (sy - y) ** 2;
    if (squared < bestSquared || (squared === bestSquared && depth < bestDepth)) {
      best = i;
      bestSquared = squared;
      bestDepth = depth;
    }
  });
  return best;
}

/**
 * Mark the customers drawn inside a screen polygon (x0, y0, x1, y1, …; closed implicitly, the
 * even-odd rule): mask[i] = 1. Returns how many.
 */
export function selectInPolygon(points: DrawnPositions, view: ScreenView, polygon: ArrayLike<number>, only: Uint8Array | null = null): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(points.n);
  const corners = polygon.length / 2;
  if (corners < 3) return { mask, count: 0 };
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (let c = 0; c < corners; c++) {
    left = Math.min(left, polygon[2 * c]!);
    right = Math.max(right, polygon[2 * c]!);
    top = Math.min(top, polygon[2 * c + 1]!);
    bottom = Math.max(bottom, polygon[2 * c + 1]!);
  }
  let count = 0;
  forEachOnScreen(points, view, only, (i, x, y) => {
    if (x < left || x > right || y < top || y > bottom) return;
    let inside = false;
    for (let a = 0, b = corners - 1; a < corners; b = a++) {
      const ax = polygon[2 * a]!, ay = polygon[2 * a + 1]!, bx = polygon[2 * b]!, by = polygon[2 * b + 1]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    if (inside) {
      mask[i] = 1;
      count++;
    }
  });
  return { mask, count };
}

/** Where a scene point is drawn, in canvas pixels (the pass above, for one point). */
export function projectPoint(view: ScreenView, x: number, y: number, z: number): [number, number] {
  const m = view.matrix;
  const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
  return [((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w + 1) * (view.width / 2), (1 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w) * (view.height / 2)];
}

/** Where customer i is drawn in the scene (for a marker, or to fly the camera to it). */
export function drawnPosition(points: DrawnPositions, i: number): [number, number, number] {
  const base = i * points.stride;
  return points.offsets.map((o) => (o < 0 ? 0 : points.data[base + o]!)) as [number, number, number];
}
