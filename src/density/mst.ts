/**
 * The minimum spanning tree of the mutual-reachability graph, max(core_i, core_j, d(i, j)).
 * Boruvka over the kd-tree: each round every component finds its lightest edge to another
 * component, pruning tree nodes that lie wholly in the component, that are farther than the
 * component's best edge so far, or whose smallest core distance already exceeds it.
 */
import { BoruvkaSearch, lighter, type RoundEdges } from './boruvka-search.ts';
import { squaredDistance, type KdTree } from './kd-tree.ts';
import { runSteps, within, type Steps } from './steps.ts';

export interface SpanningTree {
  /** Edge e joins from[e] and to[e] at weight[e] (n - 1 edges). */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

/** Union-find over 0..n-1 with path halving and union by size. */
export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  /** Join the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    return ra;
  }
}

/**
 * The rounds of Boruvka's algorithm: the components at the start of each, and the spanning tree
 * grown from each round's lightest edges, however many searches (threads) found them.
 */
export class BoruvkaRounds {
  private readonly uf: UnionFind;
  private readonly comp: Int32Array;
  private readonly bestW: Float64Array;
  private readonly bestA: Int32Array;
  private readonly bestB: Int32Array;
  private readonly tree: SpanningTree;
  private edges = 0;

  constructor(private readonly n: number) {
    this.uf = new UnionFind(n);
    this.comp = new Int32Array(n);
    this.bestW = new Float64Array(n).fill(Infinity);
    this.bestA = new Int32Array(n).fill(-1);
    this.bestB = new Int32Array(n).fill(-1);
    const size = Math.max(0, n - 1);
    this.tree = { from: new Int32Array(size), to: new Int32Array(size), weight: new Float64Array(size) };
  }

  get done(): boolean {
    return this.edges >= this.n - 1;
  }

  /** Each point's component root, for the next round's searches. */
  components(): Int32Array {
    for (let i = 0; i < this.n; i++) this.comp[i] = this.uf.find(i);
    return this.comp;
  }

  /** Joins each component along the lightest of the edges the searches found for it. */
  join(found: readonly RoundEdges[]): void {
    const { bestW, bestA, bestB, comp, uf, tree } = this;
    for (const edges of found) {
      for (let e = 0; e < edges.comp.length; e++) {
        const c = edges.comp[e]!;
        if (lighter(edges.weight[e]!, edges.a[e]!, edges.b[e]!, bestW[c]!, bestA[c]!, bestB[c]!)) {
          bestW[c] = edges.weight[e]!;
          bestA[c] = edges.a[e]!;
          bestB[c] = edges.b[e]!;
        }
      }
    }
    for (let c = 0; c < this.n; c++) {
      if (comp[c] !== c || bestA[c]! < 0) continue;
      const a = bestA[c]!;
      const b = bestB[c]!;
      const w = bestW[c]!;
      bestW[c] = Infinity;
      bestA[c] = -1;
      bestB[c] = -1;
      // Two components may pick the same edge: add it once.
      if (uf.find(a) === uf.find(b)) continue;
      uf.union(a, b);
      tree.from[this.edges] = a;
      tree.to[this.edges] = b;
      tree.weight[this.edges] = w;
      this.edges++;
    }
  }

  result(): SpanningTree {
    return this.tree;
  }
}

export function boruvkaMst(tree: KdTree, core: Float64Array): SpanningTree {
  return runSteps(boruvkaMstSteps(tree, core));
}

/** boruvkaMst in steps (steps.ts), on this thread. */
export function* boruvkaMstSteps(tree: KdTree, core: Float64Array): Steps<SpanningTree> {
  const { n } = tree.points;
  const rounds = new BoruvkaRounds(n);
  if (n <= 1) return rounds.result();
  const search = new BoruvkaSearch(tree, core, 0, n);
  // Each round takes about half of what is left: a share that only grows.
  for (let round = 0; !rounds.done; round++) rounds.join([yield* within(search.roundSteps(rounds.components()), 1 - 0.5 ** round, 1 - 0.5 ** (round + 1))]);
  return rounds.result();
}

/**
 * boruvkaMst with the points split between searches that may run on other threads (ranges of
 * tree order, each a BoruvkaSearch where it runs): the same tree as on one thread.
 */
export async function boruvkaMstSplit(n: number, searches: readonly ((comp: Int32Array) => Promise<RoundEdges>)[], signal: AbortSignal): Promise<SpanningTree> {
  const rounds = new BoruvkaRounds(n);
  while (!rounds.done) {
    signal.throwIfAborted();
    const comp = rounds.components();
    rounds.join(await Promise.all(searches.map((search) => search(comp))));
  }
  return rounds.result();
}

/** Prim's algorithm over all pairs, O(n^2): the plain reference the tests hold Boruvka to. */
export function primMst(data: Float32Array, n: number, d: number, core: Float64Array): SpanningTree {
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  const inTree = new Uint8Array(n);
  const reach = new Float64Array(n).fill(Infinity);
  const source = new Int32Array(n);
  let current = 0;
  for (let e = 0; e < n - 1; e++) {
    inTree[current] = 1;
    let best = Infinity;
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const w = Math.max(core[current]!, core[j]!, Math.sqrt(squaredDistance(data, d, current, j)));
      if (w < reach[j]!) {
        reach[j] = w;
        source[j] = current;
      }
      if (reach[j]! < best) {
        best = reach[j]!;
        next = j;
      }
    }
    from[e] = source[next]!;
    to[e] = next;
    weight[e] = best;
    current = next;
  }
  return { from, to, weight };
}
