/** Disjoint sets over 0..n-1 (union-find with path halving), in typed arrays. */
export class DisjointSets {
  private readonly parent: Int32Array;
  /** One number per element for callers to use per root (labels, minima); never read here. */
  readonly scratch: Uint32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.scratch = new Uint32Array(n);
  }

  find(element: number): number {
    const parent = this.parent;
    let at = element;
    while (parent[at] !== at) {
      const grandparent = parent[parent[at]!]!;
      parent[at] = grandparent;
      at = grandparent;
    }
    return at;
  }

  /** The parent of each element: what another thread's sets send (adopt). */
  parents(): Int32Array {
    return this.parent;
  }

  /** Joins every pair that another set of sets over the same elements joined (its parents). */
  adopt(parents: Int32Array): void {
    for (let element = 0; element < parents.length; element++) if (parents[element] !== element) this.union(element, parents[element]!);
  }

  /** Joins the two sets; the lower root stays the root. */
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}
