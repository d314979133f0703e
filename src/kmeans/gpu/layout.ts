/**
 * Sizes shared by the WGSL kernels and the dispatch maths. The shaders receive them as
 * `override` constants from here, so each number is written once.
 */
export const ASSIGN_WORKGROUP_SIZE = 64;
/**
 * Points each assignment thread walks (grid stride). Each thread owns one row of partial
 * sums, so more points per thread means fewer rows for the reduction to add up.
 */
export const POINTS_PER_THREAD = 256;
/** Must be a power of two: the reduction halves it. */
export const REDUCE_WORKGROUP_SIZE = 256;

/** Slots of a partials row: K x (D deltas + count), then inertia, then changed. */
export function slotLayout(k: number, d: number) {
  const perCluster = d + 1;
  return {
    slots: k * perCluster + 2,
    delta: (j: number, f: number) => j * perCluster + f,
    count: (j: number) => j * perCluster + d,
    inertia: k * perCluster,
    changed: k * perCluster + 1,
  };
}

/** WGSL sources by kernel name; the page imports them with `?raw`, Node reads the files. */
export interface ShaderSources {
  readonly assign: string;
  readonly reduce: string;
  readonly silhouette: string;
}

/** Threads per workgroup of the silhouette kernel (one thread per sampled point). */
export const SILHOUETTE_WORKGROUP_SIZE = 64;
