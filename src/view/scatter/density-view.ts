import type { DensityView } from '../../page-state/view-params.ts';

/** Past this many customers `auto` turns the density view on: at 5 M opaque points the clusters were solid blobs. */
export const DENSITY_VIEW_FROM = 1_000_000;

export function densityViewOn(setting: DensityView, n: number): boolean {
  return setting === 'on' || (setting === 'auto' && n >= DENSITY_VIEW_FROM);
}

/**
 * Each point's share of the opacity in the density view: faint enough that a pixel takes its
 * cluster's full colour only where many customers overlap, so the view shows where they
 * concentrate, in the clusters' own colours (plain alpha blending: no hue shift, unlike adding).
 */
export function densityAlpha(n: number): number {
  return Math.min(0.25, Math.max(0.02, 150_000 / n));
}
