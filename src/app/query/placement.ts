/** Move a scene point (in place) into the customers' range along every drawn axis but `across`; true when it moved. */
export function clampToRange(point: [number, number, number], axes: readonly number[], extent: readonly { readonly min: number; readonly max: number }[], across: number): boolean {
  let moved = false;
  axes.forEach((feature, axis) => {
    if (feature < 0 || axis === across) return;
    const { min, max } = extent[feature]!;
    const v = point[axis]!;
    const inside = Math.min(max, Math.max(min, v));
    if (inside !== v) {
      point[axis] = inside;
      moved = true;
    }
  });
  return moved;
}
