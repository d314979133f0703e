/**
 * The scoring SQL of a DBSCAN model: each row takes the cluster of its nearest core point within
 * eps (ties to the lowest-numbered core point), else -1 and "No segment", as `kmeans assign` does.
 *
 * The core points travel inside the query as a VALUES list. A join on grid cells keeps the
 * search near each customer: cells of side a hair over eps on the first three features, so a core
 * point within eps lies in the customer's cell or a neighbouring one (3^3 cells). Arithmetic is
 * the engine's (kmeans/scoring-sql.ts): features scaled to 32-bit floats, squared distances
 * summed in double precision in feature order and compared with eps² as a double.
 */
import { NO_SEGMENT } from '../data/labels.ts';
import { commentText, DIALECTS, doubleLiteral, scaledFeatures, stringLiteral, tableName, type ScoringSqlOptions } from '../kmeans/scoring-sql.ts';
import type { DbscanModel } from './density-model.ts';

/** Dialects whose correlated subqueries take ORDER BY ... LIMIT 1 (PostgreSQL's and DuckDB's SQL). */
const DBSCAN_DIALECTS = ['duckdb', 'ansi'];

/** Core points a query carries at most: about 90 bytes of SQL each. */
const MAX_SQL_CORE_POINTS = 500_000;

/** Cells a hair wider than eps: a rounding in the division cannot put a core point within eps two cells away. */
const CELL_MARGIN = 1 + 1e-6;

/**
 * The subquery of each row's scaled features (kmeans_x0, ...) and its grid cell on the first three
 * (kmeans_g0, ...), for cells of side `side` (a double literal): the density models' scoring SQL
 * joins it with the cells of the model's points.
 */
export function customersInCells(model: Pick<DbscanModel, 'features' | 'scaler'>, dialectName: ScoringSqlOptions['dialect'], side: string): string {
  const dialect = DIALECTS[dialectName];
  const axes = Array.from({ length: Math.min(model.features.length, 3) }, (_, f) => f);
  // Standard SQL wants a FROM: one row of nothing.
  const fromNothing = dialectName === 'ansi' ? '\n        FROM (VALUES (0)) AS one_row (z)' : '';
  return `SELECT scaled.*, ${axes.map((f) => `FLOOR(kmeans_x${f} / ${side}) AS kmeans_g${f}`).join(', ')}
      FROM (
        SELECT ${scaledFeatures(model, dialect).map((expression, f) => `${expression} AS kmeans_x${f}`).join(',\n          ')}${fromNothing}
      ) AS scaled`;
}

export function dbscanScoringSql(model: DbscanModel, options: ScoringSqlOptions): string {
  if (!DBSCAN_DIALECTS.includes(options.dialect)) {
    throw new RangeError(`a DBSCAN model's scoring SQL is written for duckdb and ansi (PostgreSQL), not ${options.dialect}: its nearest-core-point search needs a correlated subquery with ORDER BY and LIMIT`);
  }
  if (model.coreClusters.length > MAX_SQL_CORE_POINTS) {
    throw new RangeError(`the model has ${model.coreClusters.length.toLocaleString('en-US')} core points: its scoring SQL would carry them all ` +
      `(about ${Math.round((model.coreClusters.length * 90) / 1e6)} MB of text), more than a query should; score with kmeans assign, or fit on a sample`);
  }
  const dialect = DIALECTS[options.dialect];
  const double = doubleLiteral(dialect);
  const table = tableName(options.table, dialect);
  const d = model.features.length;
  const g = Math.min(d, 3);
  const cores = model.coreClusters.length;
  const side = double(model.params.eps * CELL_MARGIN);
  const eps2 = double(model.params.eps * model.params.eps);
  const x = (f: number) => `kmeans_x${f}`;
  const c = (f: number) => `kmeans_c${f}`;
  const cell = (f: number) => `kmeans_g${f}`;
  const features = Array.from({ length: d }, (_, f) => f);
  const axes = features.slice(0, g);

  const values = Array.from({ length: cores }, (_, i) =>
    `(${i}, ${model.coreClusters[i]}, ${features.map((f) => `'${String(Math.fround(model.corePoints[i * d + f]!))}'`).join(', ')})`);
  const offsets = Array.from({ length: 3 ** g }, (_, o) => `(${axes.map((f) => (Math.floor(o / 3 ** f) % 3) - 1).join(', ')})`);
  const distance = features.map((f) => `(x.${x(f)} - c.${c(f)}) * (x.${x(f)} - c.${c(f)})`).join(' + ');
  const total = features.map((f) => x(f)).join(' + ');
  const names = [`WHEN -1 THEN ${stringLiteral(NO_SEGMENT, options.dialect)}`, ...model.segmentNames.map((name, j) => `WHEN ${j} THEN ${stringLiteral(name, options.dialect)}`)];
  // DuckDB's arg_min is an aggregate its planner joins by hash, twice as fast there as ORDER BY ... LIMIT 1.
  const nearest = options.dialect === 'duckdb'
    ? { select: `arg_min(c.kmeans_cluster, (${distance}, c.kmeans_core))`, after: '' }
    : { select: 'c.kmeans_cluster', after: `\n        ORDER BY ${distance}, c.kmeans_core\n        LIMIT 1` };
  const coreColumns = `kmeans_core, kmeans_cluster, ${features.map(c).join(', ')}`;

  return `-- Scoring SQL (${options.dialect}): assigns each customer of ${commentText(options.table)} to the cluster of its nearest
-- core point within eps ${model.params.eps} of ${commentText(options.source ?? 'a saved DBSCAN model')} (${cores} core points, ${model.clusters} clusters),
-- as the KMeans workbench does; a customer near no core point is -1, "${NO_SEGMENT}".
-- Features: ${model.features.map(commentText).join(', ')}; scaled by the model's mean and scale.
WITH kmeans_core_text (${coreColumns}) AS (
  VALUES
    ${values.length > 0 ? values.join(',\n    ') : `(-1, -1, ${features.map(() => "'0'").join(', ')})`}
),
kmeans_offset (${axes.map((f) => `kmeans_o${f}`).join(', ')}) AS (
  VALUES ${offsets.join(', ')}
),
kmeans_core_cell AS (
  SELECT kmeans_core, kmeans_cluster, ${features.map((f) => `CAST(${c(f)} AS ${dialect.double}) AS ${c(f)}`).join(', ')},
    ${axes.map((f) => `FLOOR(CAST(${c(f)} AS ${dialect.double}) / ${side}) + kmeans_o${f} AS ${cell(f)}`).join(',\n    ')}
  FROM kmeans_core_text, kmeans_offset
  WHERE kmeans_core >= 0
)
SELECT t.*, s.kmeans_cluster AS cluster, s.kmeans_segment AS segment
FROM ${table} AS t,
LATERAL (
  SELECT kmeans_cluster, CASE kmeans_cluster ${names.join(' ')} END AS kmeans_segment
  FROM (
    SELECT CASE WHEN (${total}) - (${total}) = 0 THEN COALESCE((
        SELECT ${nearest.select}
        FROM kmeans_core_cell AS c
        WHERE ${axes.map((f) => `c.${cell(f)} = x.${cell(f)}`).join(' AND ')}
          AND ${distance} <= ${eps2}${nearest.after}
      ), -1) END AS kmeans_cluster
    FROM (
      ${customersInCells(model, options.dialect, side)}
    ) AS x
  ) AS labelled
) AS s;
`;
}
