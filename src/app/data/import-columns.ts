import { MIN_FEATURES, type ColumnChoice, type CsvPreview } from '../../data/csv-import.ts';

/**
 * The columns to import without asking: the model's features where a model is loaded (all found
 * by name), else the suggested ones when there are enough; null where the analyst must choose.
 */
export function clearColumns(preview: CsvPreview, modelFeatures: readonly string[] | null): ColumnChoice | null {
  const lower = preview.headers.map((header) => header.trim().toLowerCase());
  const features = modelFeatures ? modelFeatures.map((name) => lower.indexOf(name.trim().toLowerCase())) : [...preview.suggested];
  if (features.length < MIN_FEATURES || features.some((c) => c < 0 || !preview.numeric[c])) return null;
  return { features, formats: preview.formats };
}

/** A shipped dataset's columns, found by name in its file. */
export function namedColumns(preview: CsvPreview, names: readonly string[]): ColumnChoice {
  const features = names.map((name) => preview.headers.indexOf(name));
  const lost = names.filter((_, f) => features[f]! < 0 || !preview.numeric[features[f]!]);
  if (lost.length > 0) throw new Error(`the file has no numeric column ${lost.join(', ')}`);
  return { features, formats: preview.formats };
}
