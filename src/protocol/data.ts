/** The data capability's slice of the worker protocol: customers generated, imported, drawn. */

/** What the page asks the engine worker to generate. */
export interface GenerateRequest {
  readonly n: number;
  readonly seed: number;
  readonly separation: number;
  /** round: the study's four segments (KMeans's case); shaped: bands, a core in a ring and a clump with 3 % scattered (density clustering's case). */
  readonly shape: CustomerShape;
}

export const CUSTOMER_SHAPES = ['round', 'shaped'] as const;
export type CustomerShape = (typeof CUSTOMER_SHAPES)[number];

/** What comes back: scaled positions to draw, and the scaler to label axes in business units. */
export interface DatasetSummary {
  readonly n: number;
  readonly featureNames: readonly string[];
  /** Scaled, interleaved n x d float32: the engines' input, drawn as is. */
  readonly positions: Float32Array;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly ms: number;
  readonly source: DataSource;
}

/** Where the customers came from, as the page describes them. */
export type DataSource =
  | { readonly kind: 'generated'; readonly seed: number; readonly separation: number; readonly shape: CustomerShape }
  | {
      readonly kind: 'file';
      readonly name: string;
      /** Data rows in the file, and those left out for problems (drop) or filled (impute). */
      readonly rows: number;
      readonly droppedRows: number;
      readonly imputedRows: number;
      readonly bytes: number;
      readonly ms: number;
    };
