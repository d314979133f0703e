/**
 * Any model file this workbench scores with: a KMeans model (its own, BigQuery's or Spark's
 * centroids; kmeans/foreign-model.ts) or a density model (DBSCAN, HDBSCAN).
 */
import { readModelFile } from '../kmeans/foreign-model.ts';
import type { SegmentModel } from '../kmeans/model.ts';
import { scoringSql, type ScoringSqlOptions } from '../kmeans/scoring-sql.ts';
import { dbscanScoringSql } from './dbscan-sql.ts';
import { hdbscanScoringSql } from './hdbscan-sql.ts';
import { checkDensityModel } from './density-model-check.ts';
import { DENSITY_MODEL_FORMAT, type DensityModel } from './density-model.ts';

export type SavedModel = { readonly kind: 'kmeans'; readonly model: SegmentModel } | { readonly kind: 'density'; readonly model: DensityModel };

/** The model in a file's text; any problem is one sentence naming the file. */
export function readSavedModel(text: string, file: string): SavedModel {
  // Only a density model's format line is looked for here; everything else is the KMeans reader's to judge.
  if (text.includes(`"${DENSITY_MODEL_FORMAT}"`)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RangeError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`, { cause: error });
    }
    if ((value as { format?: unknown } | null)?.format === DENSITY_MODEL_FORMAT) return { kind: 'density', model: checkDensityModel(value, file) };
  }
  return { kind: 'kmeans', model: readModelFile(text, file) };
}

/** The SELECT that scores a table with the model where the data lives: nearest centroid, nearest core point within eps, or HDBSCAN's approximate predict. */
export function savedModelSql(saved: SavedModel, options: ScoringSqlOptions): string {
  if (saved.kind === 'kmeans') return scoringSql(saved.model, options);
  return saved.model.algorithm === 'dbscan' ? dbscanScoringSql(saved.model, options) : hdbscanScoringSql(saved.model, options);
}
