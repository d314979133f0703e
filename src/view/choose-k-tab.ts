import { DEFAULTS, LIMITS } from '../protocol/limits.ts';

/** The Choose-k tab's parts: the sweep's inputs and button, its status, and where its charts, table and tree go. */
export interface ChooseKTab {
  readonly kMax: HTMLInputElement;
  readonly sample: HTMLInputElement;
  readonly run: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly charts: HTMLElement;
  readonly table: HTMLElement;
  readonly tree: HTMLElement;
  /** DBSCAN's eps: min_samples, the button that draws the k-distance curve, its status and chart. */
  readonly epsMinSamples: HTMLInputElement;
  readonly epsRun: HTMLButtonElement;
  readonly epsStatus: HTMLElement;
  readonly epsChart: HTMLElement;
  /** The last HDBSCAN run's condensed tree (hidden for other runs), and where its chart goes. */
  readonly condensedTree: HTMLElement;
  readonly condensedTreeChart: HTMLElement;
  /** HDBSCAN's min_cluster_size: the sizes to try, the button, its status and table. */
  readonly sizes: HTMLInputElement;
  readonly sizesRun: HTMLButtonElement;
  readonly sizesStatus: HTMLElement;
  readonly sizesTable: HTMLElement;
}

/** Lay out the Choose-k tab in `root`; the inputs' ranges are the page's limits. */
export function createChooseKTab(root: HTMLElement): ChooseKTab {
  const { sweepKMax: k, silhouetteSample: sample, minSamples } = LIMITS;
  root.innerHTML = `
  <div class="sweep-controls">
    <label>largest k <input type="number" name="kmax" min="${k.min}" max="${k.max}" value="${DEFAULTS.sweepKMax}" /></label>
    <label>silhouette sample <input type="number" name="sample" min="${sample.min}" max="${sample.max}" step="100" value="${DEFAULTS.silhouetteSample}" /></label>
    <button type="button" name="sweep">Run the sweep</button>
    <span class="sweep-status" role="status"></span>
  </div>
  <p class="sweep-note">Full KMeans (3 restarts) for each k. Silhouette: exact when the customers fit in the sample,
  otherwise on a seeded random sample (scikit-learn's sample_size); the centre-based silhouette uses every customer.
  Then the gap statistic and stability on a seeded sample, and the table of k with one recommendation.
  Click a k on either chart, or a row of the table, to cluster with it.</p>
  <div class="sweep-charts"></div>
  <div class="k-table-view"></div>
  <div class="cluster-tree-view"></div>
  <h3 class="eps-heading">DBSCAN: choose eps</h3>
  <div class="sweep-controls">
    <label>min_samples <input type="number" name="eps-min-samples" min="${minSamples.min}" max="${minSamples.max}" value="10" /></label>
    <button type="button" name="k-distance">Draw the k-distance curve</button>
    <span class="eps-status" role="status"></span>
  </div>
  <p class="sweep-note">Each customer's distance to its min_samples-th neighbour (itself the first), largest first, for a
  sample of 20 000. Left of the knee are the sparse customers, noise at that eps. Click the chart at a height to run
  DBSCAN with that eps.</p>
  <div class="k-distance-view"></div>
  <h3 class="eps-heading">HDBSCAN: choose min_cluster_size</h3>
  <div class="sweep-controls">
    <label>sizes <input type="text" name="min-cluster-sizes" value="50, 100, 200, 500, 1000, 2000" size="28" /></label>
    <button type="button" name="sweep-sizes">Sweep min_cluster_size</button>
    <span class="sizes-status" role="status"></span>
  </div>
  <p class="sweep-note">HDBSCAN at each size (min_samples from the panel) on a sample of up to 20 000 customers:
  the clusters it finds, the share it leaves in no segment, and the silhouette of the rest. Click a row to run it.</p>
  <div class="min-cluster-size-view"></div>
  <section class="condensed-tree" hidden>
    <h3 class="eps-heading">HDBSCAN: the condensed tree</h3>
    <p class="sweep-note">Each bar is a cluster as density rises (downwards), as wide as its customers; the clusters
    HDBSCAN selected by their stability are in their segment's colour. Click a bar to see its customers in the view.</p>
    <div class="condensed-tree-view"></div>
  </section>`;
  const part = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  return {
    kMax: part('input[name="kmax"]'),
    sample: part('input[name="sample"]'),
    run: part('button[name="sweep"]'),
    status: part('.sweep-status'),
    charts: part('.sweep-charts'),
    table: part('.k-table-view'),
    tree: part('.cluster-tree-view'),
    epsMinSamples: part('input[name="eps-min-samples"]'),
    epsRun: part('button[name="k-distance"]'),
    epsStatus: part('.eps-status'),
    epsChart: part('.k-distance-view'),
    condensedTree: part('.condensed-tree'),
    condensedTreeChart: part('.condensed-tree-view'),
    sizes: part('input[name="min-cluster-sizes"]'),
    sizesRun: part('button[name="sweep-sizes"]'),
    sizesStatus: part('.sizes-status'),
    sizesTable: part('.min-cluster-size-view'),
  };
}
