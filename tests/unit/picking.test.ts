import { describe, expect, it } from 'vitest';
import { gridOnScreen, nearestInGrid, nearestOnScreen, nearestProjected, projectAll, selectInPolygon, type DrawnPositions } from '../../src/view/scatter/picking.ts';

const ORTHO = { width: 200, height: 100, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
const points = (xy: number[]): DrawnPositions => ({ data: Float32Array.from(xy.flatMap((v, i) => (i % 2 ? [v, 0] : [v]))), n: xy.length / 2, stride: 3, offsets: [0, 1, 2] });

describe('picking customers on screen', () => {
  // Screen: x = (sx + 1) * 100, y = (1 - sy) * 50.
  const drawn = points([0, 0, 0.5, 0.5, -0.5, -0.5, 0.52, 0.5]);

  it('finds the customer nearest the pointer within the radius, and none beyond it', () => {
    expect(nearestOnScreen(drawn, ORTHO, 100, 50, 8)).toBe(0);
    expect(nearestOnScreen(drawn, ORTHO, 151.5, 25, 8)).toBe(3);
    expect(nearestOnScreen(drawn, ORTHO, 149, 25, 8)).toBe(1);
    expect(nearestOnScreen(drawn, ORTHO, 10, 10, 8)).toBe(-1);
    // Customers a filter faded out are not picked.
    expect(nearestOnScreen(drawn, ORTHO, 149, 25, 8, Uint8Array.from([1, 0, 1, 1]))).toBe(3);
  });

  it('picks the same customer from positions projected once as from a fresh projection', () => {
    const many = points(Array.from({ length: 4000 }, (_, i) => Math.sin(i * 12.9898) * 0.9));
    const screen = projectAll(many, ORTHO);
    for (const [x, y] of [[100, 50], [13, 77], [180, 5], [150.5, 25.2]] as const) {
      expect(nearestProjected(screen, x, y, 8)).toBe(nearestOnScreen(many, ORTHO, x, y, 8));
    }
  });

  it('picks through the screen grid exactly as the full scan does: cell edges, ties, a filter, customers off the canvas', () => {
    // Duplicates (ties go to the lowest index) and customers beyond the canvas edges (x, y up to 1.2).
    const xy = Array.from({ length: 6000 }, (_, i) => Math.sin(i * 12.9898) * 1.2);
    const many = points([...xy, ...xy.slice(0, 200)]);
    const projected = projectAll(many, ORTHO);
    // Depths that differ (the nearer wins a tie on screen) except for some duplicates (then the lowest index).
    const screen = { ...projected, depth: Float32Array.from(projected.depth, (_, i) => (i % 400 === 7 ? 1 : 1 + (Math.cos(i) + 1) / 2)) };
    const grid = gridOnScreen(screen, ORTHO.width, ORTHO.height, 8);
    const only = Uint8Array.from({ length: many.n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    let found = 0;
    for (let x = 0; x < 200; x += 3.7) {
      for (let y = 0; y < 100; y += 4) {
        const full = nearestProjected(screen, x, y, 8);
        expect(nearestInGrid(screen, grid, x, y, 8)).toBe(full);
        expect(nearestInGrid(screen, grid, x, y, 8, only)).toBe(nearestProjected(screen, x, y, 8, only));
        if (full >= 0) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
    // On the cell lines themselves.
    for (const [x, y] of [[8, 8], [16, 0], [0, 96], [199.9, 99.9]] as const) expect(nearestInGrid(screen, grid, x, y, 8)).toBe(nearestProjected(screen, x, y, 8));
    expect(() => nearestInGrid(screen, grid, 5, 5, 9)).toThrow(RangeError);
  });

  it('selects the customers inside a polygon (even-odd), a concave one included', () => {
    const { mask, count } = selectInPolygon(drawn, ORTHO, [0, 0, 120, 0, 120, 100, 0, 100]);
    expect(Array.from(mask)).toEqual([1, 0, 1, 0]);
    expect(count).toBe(2);
    // A U shape: customer 0 at (100, 50) sits in its notch, outside; the others are in its arms.
    const u = [40, 10, 80, 10, 80, 60, 120, 60, 120, 10, 160, 10, 160, 90, 40, 90];
    expect(Array.from(selectInPolygon(drawn, ORTHO, u).mask)).toEqual([0, 1, 1, 1]);
    expect(selectInPolygon(drawn, ORTHO, [0, 0, 10, 10]).count).toBe(0);
  });
});
