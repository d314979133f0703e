import type { QueryService } from '../../protocol/host.ts';
import type { DensityCard } from '../../protocol/query.ts';
import type { FinishedRun } from '../data/run-exports.ts';
import type { Session } from '../session.ts';
import { centroidDistances } from './customers.ts';
import { memberships, passModel } from '../../mixture/e-step.ts';
import type { MixtureParams } from '../../mixture/gaussian.ts';
import type { PointMatrix } from '../../kmeans/types.ts';

/** Questions about customers: one customer's card, a search by id or text, a selection's summary. */
export function createQueryService(session: Session): QueryService {
  return {
    /** The customer drawn at `row`: id, values in business units, cluster and distances to the centroids. */
    card(row) {
      const { raw, points } = session.requireData();
      if (!(row >= 0 && row < points.n)) throw new RangeError(`no customer is drawn at row ${row}`);
      const rows = session.customers();
      const sourceRow = rows.sourceRow(row);
      const values = raw.columns.map((column) => column[sourceRow]!);
      const run = session.runOfPoints();
      const cluster = run ? run.labels[row]! : null;
      const none = { own: Number.NaN, runnerUp: Number.NaN, runnerUpCluster: -1 };
      const distances = run && !run.density && !run.mixture ? centroidDistances(points, row, run.result.centroids, run.result.k, cluster!) : none;
      return {
        row, ...rows.identify(row), values, cluster, distance: distances.own, runnerUp: distances.runnerUp, runnerUpCluster: distances.runnerUpCluster,
        density: run?.density ? densityCard(run, row) : null,
        memberships: run?.mixture ? mixtureMemberships(run.mixture.params, points, row) : null,
      };
    },

    /** The customer an id names (or a file's "row N"), the customers a text names, or why none. */
    find(query) {
      if (!session.points || !session.raw) return { problem: 'No customers are loaded yet.' };
      return session.customers().find(query);
    },

    /** Count, split by segment and feature ranges (business units) of the drawn rows with mask[i] = 1. */
    selectionSummary(mask) {
      const { raw, points } = session.requireData();
      if (mask.length !== points.n) throw new RangeError(`a selection of ${mask.length} customers for ${points.n}`);
      const rows = session.customers();
      const run = session.runOfPoints();
      const perCluster = new Array<number>(run?.result.k ?? 0).fill(0);
      const d = raw.columns.length;
      const sums = new Float64Array(d);
      const min = new Float64Array(d).fill(Infinity);
      const max = new Float64Array(d).fill(-Infinity);
      let count = 0;
      for (let i = 0; i < mask.length; i++) {
        if (!mask[i]) continue;
        count++;
        if (run) perCluster[run.labels[i]!]!++;
        const sourceRow = rows.sourceRow(i);
        for (let f = 0; f < d; f++) {
          const v = raw.columns[f]![sourceRow]!;
          sums[f]! += v;
          if (v < min[f]!) min[f] = v;
          if (v > max[f]!) max[f] = v;
        }
      }
      const features = raw.featureNames.map((name, f) => ({ name, mean: count ? sums[f]! / count : Number.NaN, min: min[f]!, max: max[f]! }));
      return { count, n: points.n, perCluster, features };
    },
  };
}

/** The customer's probability of each component, likeliest first: those of 0.1 % or more, at most 4. */
function mixtureMemberships(params: MixtureParams, points: PointMatrix, row: number): { cluster: number; probability: number }[] {
  const probabilities = memberships(points.data, row, passModel(params));
  return Array.from(probabilities, (probability, cluster) => ({ cluster, probability }))
    .filter((entry) => entry.probability >= 0.001)
    .sort((a, b) => b.probability - a.probability || a.cluster - b.cluster)
    .slice(0, 4);
}

/** A density run's facts about the customer drawn at `row`. */
function densityCard(run: FinishedRun, row: number): DensityCard {
  const { core, probability, outlierScore } = run.densityPerCustomer ?? {};
  if (run.density!.scored) return { scored: { clustered: run.labels[row] !== run.density!.noiseLabel }, ...(probability ? { probability: probability[row]! } : {}) };
  if (probability && outlierScore) return { probability: probability[row]!, outlierScore: outlierScore[row]! };
  if (!core) return {};
  return { role: core[row] ? 'core' : run.labels[row] === run.density!.noiseLabel ? 'noise' : 'border' };
}
