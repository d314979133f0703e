/**
 * What a helper worker holds for its caller, by id (engines, trees, passes, grids): added, found
 * (or one sentence saying it is gone, as after the helper was replaced), dropped.
 */
export class Held<T> {
  private readonly items = new Map<number, T>();
  private next = 0;

  constructor(private readonly what: string) {}

  add(item: T): number {
    const id = this.next++;
    this.items.set(id, item);
    return id;
  }

  get(id: number): T {
    const found = this.items.get(id);
    if (found === undefined) throw new Error(`${this.what} ${id} is gone`);
    return found;
  }

  /** The item, if still held, removed. */
  drop(id: number): T | undefined {
    const item = this.items.get(id);
    this.items.delete(id);
    return item;
  }
}
