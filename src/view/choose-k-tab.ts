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
  <div class="k-distance-view"></div>`;
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
  };
}
