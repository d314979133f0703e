/** The query capability's slice of the worker protocol: questions about single customers and selections. */

/** One customer, as the hover card shows it. */
export interface CustomerCard {
  /** The drawn row. */
  readonly row: number;
  /** What the id is called (the id column's header, "CustomerID", or "Row") and this customer's. */
  readonly idLabel: string;
  readonly id: string;
  /** Feature values in business units, as in the data (before any outlier clipping). */
  readonly values: readonly number[];
  /** Cluster of the finished run (canonical), or null while none is finished. */
  readonly cluster: number | null;
  /** Standardised distance to its centroid, and to the nearest other one (which). */
  readonly distance: number;
  readonly runnerUp: number;
  readonly runnerUpCluster: number;
  /** A density run's word on this customer (its distances to centres mean nothing); null for KMeans. */
  readonly density: DensityCard | null;
  /** A Gaussian mixture's memberships of this customer, likeliest first (those of 0.1 % or more, at most 4); null for the others. */
  readonly memberships: readonly { readonly cluster: number; readonly probability: number }[] | null;
}

/** DBSCAN: whether the customer is a core point, a border point or noise. HDBSCAN: membership strength and GLOSH outlier score. */
export interface DensityCard {
  readonly role?: 'core' | 'border' | 'noise';
  /** The label came from a saved model: no core points or outlier scores, only whether it joined a cluster (and HDBSCAN's membership). */
  readonly scored?: { readonly clustered: boolean };
  readonly probability?: number;
  readonly outlierScore?: number;
}

/** Summary of selected customers: count, split by segment, and each feature's spread in business units. */
export interface SelectionSummary {
  readonly count: number;
  readonly n: number;
  /** Customers per cluster of the finished run (empty while none is finished). */
  readonly perCluster: readonly number[];
  readonly features: readonly { readonly name: string; readonly mean: number; readonly min: number; readonly max: number }[];
}

/** One customer (`row`), several (`rows`, a mask over the drawn rows, with the query as `where`), or why none. */
export type CustomerSearch =
  | { row: number }
  | { rows: Uint8Array; count: number; where: string; hidden: number }
  | { problem: string };
