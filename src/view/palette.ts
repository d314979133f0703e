/**
 * Cluster colours. The first eight are Okabe & Ito's colour-blind-safe set (without black,
 * plus a light grey-blue); the rest continue with Paul Tol's muted and light schemes, which
 * stay distinguishable for common colour-vision deficiencies far longer than a rainbow.
 */
export const CLUSTER_COLORS: readonly string[] = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#BBCCEE',
  '#CC6677', '#332288', '#DDCC77', '#117733', '#88CCEE', '#882255', '#44AA99', '#999933',
  '#AA4499', '#77AADD', '#EE8866', '#EEDD88', '#FFAABB', '#99DDFF', '#44BB99', '#AAAA00',
  '#DDDDDD', '#6699CC', '#997700', '#EE99AA', '#994455', '#004488', '#EECC66', '#BBBBBB',
];

export function clusterColor(index: number): string {
  return CLUSTER_COLORS[index % CLUSTER_COLORS.length]!;
}
