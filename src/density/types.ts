/** What a density clustering reports, shared by DBSCAN and HDBSCAN. */

/** The label of a customer who belongs to no cluster (scikit-learn's -1). */
export const NOISE = -1;

export interface DensityClustering {
  /** Cluster per customer, 0.. in the reference's numbering; NOISE (-1) for none. */
  readonly labels: Int32Array;
  readonly clusters: number;
  /** Customers labelled NOISE. */
  readonly noise: number;
}
