/**
 * Where the customers on screen came from, as the panel and the URL describe them. Generated
 * customers are reproduced by the run parameters; a file cannot travel in a link, but a shipped
 * dataset (`sample`: its name) can.
 */
export type SourceLabel =
  | { readonly kind: 'generated' }
  | { readonly kind: 'file'; readonly name: string; readonly rows: number; readonly sample?: string };

/**
 * A run that started from a saved model's centroids (or was scored by it), or from centroids the
 * analyst placed in the view: the link cannot carry those.
 */
export interface ModelStart {
  readonly file: string;
  readonly mode: 'refit' | 'scored' | 'placed';
}
