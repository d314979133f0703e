import type { PointMatrix } from './types.ts';

/**
 * Values made from a set of points and kept with it (a WeakMap: they go when the points go), a
 * few per set by key, the oldest dropped first: what the seeding samples and seedings use so that
 * the next fit on the same points finds them made.
 */
export class KeptPerPoints<T> {
  private readonly kept = new WeakMap<PointMatrix, Map<string, T>>();

  constructor(private readonly maxPerPoints: number) {}

  /** The value kept for these points under `key`, made by `make` the first time. */
  get(points: PointMatrix, key: string, make: () => T): T {
    let values = this.kept.get(points);
    if (!values) this.kept.set(points, (values = new Map()));
    let value = values.get(key);
    if (value === undefined) {
      value = make();
      // The oldest goes first (a Map iterates in insertion order).
      if (values.size >= this.maxPerPoints) values.delete(values.keys().next().value!);
      values.set(key, value);
    }
    return value;
  }
}
