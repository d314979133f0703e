/**
 * The scoring SQL of an HDBSCAN model: the hdbscan library's approximate_predict, as `kmeans
 * assign` runs it (density-score.ts), written out for DuckDB and standard SQL.
 *
 * Each fitted customer travels in the query (a VALUES list) with what the rule reads of it: its
 * core distance, the label of the selected cluster it lies in, the lambda it fell out at, the
 * lambda that cluster was born at and its largest lambda. A new customer's 2 x min_samples nearest
 * fitted customers (ties to the lower index) are found in two parts: those within a radius r, by a
 * join on grid cells of side r; and, only for a customer with fewer than that many within r, all
 * the others. r is the 90th percentile of the fitted customers' own distance to that many
 * neighbours, so most customers need the grid alone. The rest is the rule: own core distance,
 * the neighbour nearest in mutual reachability, lambda = 1 / that distance, the cluster if
 * lambda still reaches it, membership lambda over the cluster's largest.
 */
import { NO_SEGMENT } from '../data/labels.ts';
import { commentText, DIALECTS, doubleLiteral, stringLiteral, tableName, type ScoringSqlOptions } from '../kmeans/scoring-sql.ts';
import { customersInCells } from './dbscan-sql.ts';
import type { HdbscanModel } from './density-model.ts';
import { buildKdTree, kNearestDistances } from './kd-tree.ts';

const HDBSCAN_DIALECTS = ['duckdb', 'ansi'];

/** Fitted customers a query carries at most: about 120 bytes of SQL each. */
const MAX_SQL_FITTED = 200_000;

/** Cells a hair wider than r: a rounding in the division cannot put a customer within r two cells away. */
const CELL_MARGIN = 1 + 1e-6;

/** Share of fitted customers whose own neighbours all lie within r. */
const RADIUS_QUANTILE = 0.9;

/** The rule's inputs per fitted customer, one VALUES row each. */
function fittedRows(model: HdbscanModel, double: (value: number) => string): string[] {
  const d = model.features.length;
  const n = model.coreDistances.length;
  // Per condensed-tree node: the selected cluster it lies in (itself or an ancestor), or -1.
  const selectedOf = new Int32Array(model.nodeLabel.length).fill(-1);
  for (let node = 0; node < model.nodeLabel.length; node++) {
    const label = model.nodeLabel[node]!;
    if (label < 0) continue;
    const up = model.nodeParent[node]!;
    selectedOf[node] = up >= 0 && model.nodeLabel[up] === label ? selectedOf[up]! : node;
  }
  const nullable = (value: number | null) => (value === null ? 'NULL' : double(value));
  return Array.from({ length: n }, (_, i) => {
    const node = model.pointNode[i]!;
    const label = model.nodeLabel[node]!;
    const cluster = selectedOf[node]!;
    // Lambda reaches the cluster when it exceeds the cluster's birth; the root is reached by all.
    const birth = label < 0 ? 'NULL' : cluster === 0 ? '-1' : nullable(model.nodeLambda[cluster]!);
    const features = Array.from({ length: d }, (_, f) => `'${String(Math.fround(model.points[i * d + f]!))}'`).join(', ');
    return `(${i}, ${double(model.coreDistances[i]!)}, ${label}, ${nullable(model.pointLambda[i]!)}, ${birth}, ${label < 0 ? 'NULL' : nullable(model.nodeMaxLambda[node]!)}, ${features})`;
  });
}

/** The grid's radius: most fitted customers have their k nearest (themselves included) within it. */
function gridRadius(model: HdbscanModel, k: number): number {
  const d = model.features.length;
  const points = { data: Float32Array.from(model.points), n: model.coreDistances.length, d };
  const own = kNearestDistances(buildKdTree(points), Math.min(k + 1, points.n)).sort();
  const radius = own[Math.min(own.length - 1, Math.floor(own.length * RADIUS_QUANTILE))]!;
  return radius > 0 ? radius : 1e-6;
}

export function hdbscanScoringSql(model: HdbscanModel, options: ScoringSqlOptions): string {
  if (!HDBSCAN_DIALECTS.includes(options.dialect)) {
    throw new RangeError(`an HDBSCAN model's scoring SQL is written for duckdb and ansi (PostgreSQL), not ${options.dialect}: its nearest-neighbour search needs LATERAL joins with window functions`);
  }
  const n = model.coreDistances.length;
  if (n > MAX_SQL_FITTED) {
    throw new RangeError(`the model holds ${n.toLocaleString('en-US')} fitted customers: its scoring SQL would carry them all ` +
      `(about ${Math.round((n * 120) / 1e6)} MB of text), more than a query should; score with kmeans assign, or fit on a sample`);
  }
  const dialect = DIALECTS[options.dialect];
  const double = doubleLiteral(dialect);
  const table = tableName(options.table, dialect);
  const d = model.features.length;
  const g = Math.min(d, 3);
  const minSamples = model.params.minSamples;
  const k = Math.min(2 * minSamples, n);
  const coreRank = Math.min(minSamples, k - 1) + 1;
  const radius = gridRadius(model, k);
  const side = double(radius * CELL_MARGIN);
  const radius2 = double(radius * radius);
  const x = (f: number) => `kmeans_x${f}`;
  const c = (f: number) => `kmeans_c${f}`;
  const cell = (f: number) => `kmeans_g${f}`;
  const features = Array.from({ length: d }, (_, f) => f);
  const axes = features.slice(0, g);
  const offsets = Array.from({ length: 3 ** g }, (_, o) => `(${axes.map((f) => (Math.floor(o / 3 ** f) % 3) - 1).join(', ')})`);
  const distance2 = features.map((f) => `(x.${x(f)} - f.${c(f)}) * (x.${x(f)} - f.${c(f)})`).join(' + ');
  const total = features.map((f) => x(f)).join(' + ');
  const names = [`WHEN -1 THEN ${stringLiteral(NO_SEGMENT, options.dialect)}`, ...model.segmentNames.map((name, j) => `WHEN ${j} THEN ${stringLiteral(name, options.dialect)}`)];
  const ruleColumns = 'kmeans_point, kmeans_core, kmeans_label, kmeans_fall, kmeans_birth, kmeans_max_lambda';
  const doubles = (names: readonly string[]) => names.map((name) => `CAST(${name} AS ${dialect.double}) AS ${name}`).join(', ');
  const fittedColumns = `kmeans_point, kmeans_label, ${doubles(['kmeans_core', 'kmeans_fall', 'kmeans_birth', 'kmeans_max_lambda', ...features.map(c)])}`;
  const cellMatch = axes.map((f) => `f.${cell(f)} = x.${cell(f)}`).join(' AND ');
  const near = `(SELECT COUNT(*) FROM kmeans_fitted_cell AS f WHERE ${cellMatch} AND ${distance2} <= ${radius2})`;
  const lambda = 'CASE WHEN kmeans_reach > 0 THEN 1.0 / kmeans_reach ELSE 1.7976931348623157e308 END';
  // The neighbour's cluster if lambda reaches it: the neighbour fell out at or below lambda, or
  // lambda is past the cluster's birth (NULL lambdas are infinite).
  const reaches = '(kmeans_fall IS NOT NULL AND kmeans_fall <= kmeans_lambda) OR (kmeans_birth IS NOT NULL AND kmeans_birth < kmeans_lambda)';

  return `-- Scoring SQL (${options.dialect}): assigns each customer of ${commentText(options.table)} to a cluster of
-- ${commentText(options.source ?? 'a saved HDBSCAN model')} (${n} fitted customers, ${model.clusters} clusters) by the hdbscan library's
-- approximate_predict over its ${k} nearest fitted customers, as the KMeans workbench does; a customer
-- that reaches no cluster is -1, "${NO_SEGMENT}". probability is its membership (0 for noise).
-- Features: ${model.features.map(commentText).join(', ')}; scaled by the model's mean and scale.
WITH kmeans_fitted_text (${ruleColumns}, ${features.map(c).join(', ')}) AS (
  VALUES
    ${fittedRows(model, double).join(',\n    ')}
),
kmeans_fitted AS (
  SELECT ${fittedColumns}
  FROM kmeans_fitted_text
),
kmeans_offset (${axes.map((f) => `kmeans_o${f}`).join(', ')}) AS (
  VALUES ${offsets.join(', ')}
),
kmeans_fitted_cell AS (
  SELECT kmeans_fitted.*, ${axes.map((f) => `FLOOR(${c(f)} / ${side}) + kmeans_o${f} AS ${cell(f)}`).join(', ')}
  FROM kmeans_fitted, kmeans_offset
)
SELECT t.*, s.kmeans_cluster AS cluster, s.kmeans_segment AS segment, s.kmeans_probability AS probability
FROM ${table} AS t,
LATERAL (
  SELECT kmeans_cluster, CASE kmeans_cluster ${names.join(' ')} END AS kmeans_segment,
    CASE WHEN kmeans_cluster IS NULL THEN NULL WHEN kmeans_cluster < 0 THEN 0.0
      WHEN kmeans_max_lambda IS NULL THEN 0.0 WHEN kmeans_max_lambda > 0 THEN LEAST(kmeans_max_lambda, kmeans_lambda) / kmeans_max_lambda
      ELSE 1.0 END AS kmeans_probability
  FROM (
    SELECT CASE WHEN (${total}) - (${total}) = 0 THEN CASE WHEN kmeans_label >= 0 AND (${reaches}) THEN kmeans_label ELSE -1 END END AS kmeans_cluster,
      kmeans_max_lambda, kmeans_lambda
    FROM (
      SELECT x.*, ${near} AS kmeans_near
      FROM (
      ${customersInCells(model, options.dialect, side)}
      ) AS x
    ) AS x
    LEFT JOIN LATERAL (
      SELECT kmeans_label, kmeans_fall, kmeans_birth, kmeans_max_lambda, ${lambda} AS kmeans_lambda
      FROM (
        SELECT ranked.*, GREATEST(kmeans_core, kmeans_own_core, kmeans_distance) AS kmeans_reach
        FROM (
          SELECT nearest.*, SQRT(kmeans_distance2) AS kmeans_distance,
            MAX(CASE WHEN kmeans_rank = ${coreRank} THEN SQRT(kmeans_distance2) END) OVER () AS kmeans_own_core
          FROM (
            SELECT candidates.*, ROW_NUMBER() OVER (ORDER BY kmeans_distance2, kmeans_point) AS kmeans_rank
            FROM (
              SELECT ${ruleColumns}, ${distance2} AS kmeans_distance2
              FROM kmeans_fitted_cell AS f
              WHERE ${cellMatch} AND ${distance2} <= ${radius2}
              UNION ALL
              SELECT ${ruleColumns}, ${distance2} AS kmeans_distance2
              FROM kmeans_fitted AS f
              WHERE x.kmeans_near < ${k} AND NOT (${distance2} <= ${radius2})
            ) AS candidates
          ) AS nearest
          WHERE kmeans_rank <= ${k}
        ) AS ranked
      ) AS reached
      ORDER BY kmeans_reach, kmeans_rank
      LIMIT 1
    ) AS chosen ON TRUE
  ) AS labelled
) AS s;
`;
}
