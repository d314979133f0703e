import type { CondensedNodes } from '../density/condensed-nodes.ts';

/** One cluster of the tree as drawn: customers side by side on x, lambda (density) downwards on y. */
export interface IcicleRect {
  readonly node: number;
  readonly x0: number;
  readonly x1: number;
  readonly birth: number;
  readonly death: number;
  readonly size: number;
  readonly label: number;
}

/**
 * The icicle of a condensed tree: the root spans all customers; each cluster's children sit side
 * by side inside it, as wide as their customers, from the lambda they split off at to the last
 * lambda a customer left them at (customers falling out one by one are not drawn: their gap stays).
 */
export function layoutIcicle(nodes: CondensedNodes): IcicleRect[] {
  const count = nodes.id.length;
  const children: number[][] = Array.from({ length: count }, () => []);
  const root = nodes.id[0]!;
  for (let c = 1; c < count; c++) children[nodes.parent[c]! - root]!.push(c);
  // The drawing stops at the densest finite lambda (duplicates leave at infinity).
  let top = 0;
  for (let c = 0; c < count; c++) if (Number.isFinite(nodes.death[c]!)) top = Math.max(top, nodes.death[c]!);
  const finite = (lambda: number) => (Number.isFinite(lambda) ? lambda : top);
  const rects: IcicleRect[] = [];
  const place = (c: number, x0: number) => {
    rects.push({ node: nodes.id[c]!, x0, x1: x0 + nodes.size[c]!, birth: finite(nodes.birth[c]!), death: finite(nodes.death[c]!), size: nodes.size[c]!, label: nodes.label[c]! });
    let x = x0;
    for (const child of children[c]!) {
      place(child, x);
      x += nodes.size[child]!;
    }
  };
  place(0, 0);
  return rects;
}
