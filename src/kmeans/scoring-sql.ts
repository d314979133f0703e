import type { SegmentModel } from './model.ts';

/** The SQL dialects the scoring query is written for. */
export const SQL_DIALECTS = ['duckdb', 'spark', 'bigquery', 'ansi'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface ScoringSqlOptions {
  /** The table holding the customers, optionally qualified ("lake.crm.customers"): each part is quoted. */
  readonly table: string;
  readonly dialect: SqlDialect;
  /** Where the model came from, for the header comment (a file name). */
  readonly source?: string;
}

export interface Dialect {
  readonly quote: (identifier: string) => string;
  readonly double: string;
  /** The 32-bit float type, or null where the dialect has none. */
  readonly float32: string | null;
}

export const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: { quote: (id) => `"${id.replace(/"/g, '""')}"`, double: 'DOUBLE', float32: 'REAL' },
  ansi: { quote: (id) => `"${id.replace(/"/g, '""')}"`, double: 'DOUBLE PRECISION', float32: 'REAL' },
  spark: { quote: (id) => `\`${id.replace(/`/g, '``')}\``, double: 'DOUBLE', float32: 'FLOAT' },
  bigquery: { quote: (id) => `\`${id.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``, double: 'FLOAT64', float32: null },
};

/**
 * A text as an SQL string literal, never code: DuckDB and standard SQL double a quote; Spark and
 * BigQuery read backslash escapes, so there backslash, quote and line breaks are escaped.
 */
export function stringLiteral(text: string, dialect: SqlDialect): string {
  if (dialect === 'duckdb' || dialect === 'ansi') return `'${text.replace(/'/g, "''")}'`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/**
 * One SELECT that scores every row of a table with a saved model, where the data lives: every
 * column of the table, then `cluster` (the model's number) and `segment` (its name).
 *
 * The arithmetic is the engine's: each feature is read as a 32-bit float, scaled with the model's
 * mean and scale in double precision and rounded to a 32-bit float again (the engine's points are
 * Float32Array); the squared distance to each centroid is summed feature by feature in double
 * precision, in feature order; the nearest centroid wins, ties to the lowest number. Constants are
 * written as the shortest text that reads back as the same double. A row with a missing, NaN or
 * infinite feature gets NULL for both. BigQuery has no 32-bit float: there, rows within float32 rounding of a tie
 * may take the other segment.
 */
export function scoringSql(model: SegmentModel, options: ScoringSqlOptions): string {
  const dialect = DIALECTS[options.dialect];
  const d = model.features.length;
  const { k } = model;
  const table = tableName(options.table, dialect);
  const double = doubleLiteral(dialect);
  const x = (f: number) => `kmeans_x${f}`;
  const dist = (j: number) => `kmeans_d${j}`;
  // Internal names, renamed only at the end: the table may have its own Cluster (a re-scored export).
  const label = 'kmeans_cluster';

  const scaled = scaledFeatures(model, dialect).map((expression, f) => `${expression} AS ${x(f)}`);
  const distances = model.centroidsScaled.map((centroid, j) =>
    `${centroid.map((c, f) => `(${x(f)} - ${double(c)}) * (${x(f)} - ${double(c)})`).join(' + ')} AS ${dist(j)}`);
  // A NaN or infinite feature makes the distances' sum minus itself other than 0 (DuckDB and Spark
  // order NaN above every number, so the comparisons below would pick a centre for it): no segment.
  const total = Array.from({ length: k }, (_, j) => dist(j)).join(' + ');
  // The first j no later centre beats: the lowest-numbered nearest centre. NULL distances match no branch.
  const branches = [`WHEN NOT ((${total}) - (${total}) = 0) THEN NULL`, ...Array.from({ length: k }, (_, j) => {
    const later = Array.from({ length: k - j - 1 }, (_, i) => `${dist(j)} <= ${dist(j + 1 + i)}`);
    return `WHEN ${later.length ? later.join(' AND ') : `${dist(j)} IS NOT NULL`} THEN ${j}`;
  })];
  const names = model.segmentNames.map((name, j) => `WHEN ${j} THEN ${stringLiteral(name, options.dialect)}`);
  // Standard SQL wants a FROM: one row of nothing.
  const fromNothing = options.dialect === 'ansi' ? '\n        FROM (VALUES (0)) AS one_row (z)' : '';

  const header = [
    `-- Scoring SQL (${options.dialect}): assigns each customer of ${commentText(options.table)} to the nearest of the`,
    `-- ${k} segments of ${commentText(options.source ?? 'a saved model')}, as the KMeans workbench does.`,
    `-- Features: ${model.features.map(commentText).join(', ')}; scaled by the model's mean and scale.`,
    ...(dialect.float32 ? [] : ['-- BigQuery has no 32-bit float: a customer within float32 rounding of a tie may take the other segment.']),
  ];
  if (options.dialect === 'bigquery') {
    // No LATERAL: the helper columns are added in steps and dropped with EXCEPT.
    const helpers = [...Array.from({ length: d }, (_, f) => x(f)), ...Array.from({ length: k }, (_, j) => dist(j))];
    return `${header.join('\n')}
WITH scaled AS (
  SELECT t.*,
    ${scaled.join(',\n    ')}
  FROM ${table} AS t
),
distances AS (
  SELECT *,
    ${distances.join(',\n    ')}
  FROM scaled
),
labelled AS (
  SELECT *, CASE ${branches.join(' ')} END AS ${label}
  FROM distances
)
SELECT * EXCEPT (${helpers.join(', ')}, ${label}),
  ${label} AS cluster,
  CASE ${label} ${names.join(' ')} END AS segment
FROM labelled;
`;
  }
  return `${header.join('\n')}
SELECT t.*, s.${label} AS cluster, s.kmeans_segment AS segment
FROM ${table} AS t,
LATERAL (
  SELECT ${label}, CASE ${label} ${names.join(' ')} END AS kmeans_segment
  FROM (
    SELECT CASE ${branches.join(' ')} END AS ${label}
    FROM (
      SELECT
        ${distances.join(',\n        ')}
      FROM (
        SELECT
          ${scaled.join(',\n          ')}${fromNothing}
      ) AS scaled
    ) AS distances
  ) AS labelled
) AS s;
`;
}

/** The table to score, each part of a qualified name quoted. */
export function tableName(table: string, dialect: Dialect): string {
  if (table.trim() === '') throw new RangeError('name the table to score');
  return table.split('.').map((part) => dialect.quote(part.trim())).join('.');
}

/** A double constant, written as the shortest text that reads back as the same double. */
export function doubleLiteral(dialect: Dialect): (value: number) => string {
  return (value) => {
    if (!Number.isFinite(value)) throw new RangeError(`the model holds a number SQL cannot write: ${value}`);
    return `CAST('${String(value)}' AS ${dialect.double})`;
  };
}

/**
 * Each feature of row `t` as the engine scales it: read as a 32-bit float, scaled with the model's
 * mean and scale in double precision, rounded to a 32-bit float again.
 */
export function scaledFeatures(model: Pick<SegmentModel, 'features' | 'scaler'>, dialect: Dialect): string[] {
  const double = doubleLiteral(dialect);
  const float32 = (expression: string) => (dialect.float32 ? `CAST(${expression} AS ${dialect.float32})` : expression);
  return model.features.map((name, f) =>
    float32(`(${float32(`t.${dialect.quote(name)}`)} - ${double(model.scaler.mean[f]!)}) / ${double(model.scaler.scale[f]!)}`));
}

/** Text safe inside a `--` comment: one line. */
export const commentText = (text: string) => text.replace(/[\r\n]+/g, ' ');
