/**
 * Cluster colours. The first eight are Okabe & Ito's colour-blind-safe set (without black,
 * plus a light grey-blue); the rest continue with Paul Tol's muted and light schemes, which
 * stay distinguishable for common colour-vision deficiencies far longer than a rainbow. Four of
 * Tol's darkest (#332288, #882255, #994455, #004488: 1.55 to 2.98 to 1 against the page's
 * #0f1117) are mixed with white in their own hue until they reach 3.2 to 1, so every segment's
 * points and colour keys stay visible (WCAG's 3:1 for graphics). Reddish purple comes before
 * blue: with blue fifth, k = 5 drew two segments in neighbouring blues (sky blue and blue).
 */
export const CLUSTER_COLORS: readonly string[] = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#0072B2', '#D55E00', '#BBCCEE',
  '#CC6677', '#685BA7', '#DDCC77', '#117733', '#88CCEE', '#9C4872', '#44AA99', '#999933',
  '#AA4499', '#77AADD', '#EE8866', '#EEDD88', '#FFAABB', '#99DDFF', '#44BB99', '#AAAA00',
  '#DDDDDD', '#6699CC', '#997700', '#EE99AA', '#9D4B5C', '#30689F', '#EECC66', '#BBBBBB',
];

/** The page's background, behind the points and the colour keys. */
export const BACKGROUND = '#0f1117';

/** WCAG contrast ratio of two colours (#rrggbb), 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter! + 0.05) / (darker! + 0.05);
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * The colour slot of a density run's noise (customers in no segment): a neutral grey after the
 * palette's colours, 4.9 to 1 against the page's background and 3.9 to 1 against white, so the
 * noise stays visible on the page and on a light export, and reads as "none of the colours".
 */
export const NOISE_SLOT = CLUSTER_COLORS.length;
export const NOISE_COLOR = '#7D828C';
/** Customers not assigned yet (a density run's core points before their clusters show): a lighter grey. */
export const PENDING_COLOR = '#C5CAD6';

export function clusterColor(index: number): string {
  if (index === NOISE_SLOT) return NOISE_COLOR;
  return CLUSTER_COLORS[index % CLUSTER_COLORS.length]!;
}
