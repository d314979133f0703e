import type { DensityOutcome, FitOutcome, MixtureOutcome } from '../../protocol/fit.ts';
import type { RunState } from '../../page-state/run-status.ts';

/** The state a finished outcome leaves. */
export const outcomeState = (outcome: FitOutcome): RunState =>
  outcome.result.stop === 'scored' ? 'scored' : outcome.result.converged ? 'converged' : 'stopped';

/**
 * What the run is doing, from the facts: a fit in flight, the last finished run, customers
 * drawn with nothing run on them, or nothing at all (an error left the page empty).
 */
export function settledState(facts: { fitting: boolean; finished: FitOutcome | null; hasData: boolean }): RunState {
  if (facts.fitting) return 'running';
  if (facts.finished) return outcomeState(facts.finished);
  return facts.hasData ? 'stopped' : 'error';
}

/** The HUD's sentence for a run that fell back to the CPU ("Running on the CPU: …."). */
export const fallbackSentence = (reason: string) => `Running on the CPU: ${reason.replace(/^(running|continued) on the CPU because /, '')}.`;

/** What the HUD says under a finished run. */
export function outcomeMessage(outcome: FitOutcome, maxIter: number): string {
  const { result } = outcome;
  if (result.stop === 'scored') return `Assigned to the model's ${result.k} saved segments (no refitting).`;
  if (outcome.fallbackReason) return fallbackSentence(outcome.fallbackReason);
  return result.converged ? '' : `Stopped at the iteration limit (${maxIter}).`;
}

/** The legend's order while a run is in progress: clusters by the rank the finished run will number them. */
export function byCanonicalRank(order: ArrayLike<number>): number[] {
  return Array.from(order, (rank, j) => ({ rank, j })).sort((a, b) => a.rank - b.rank).map(({ j }) => j);
}

/** A saved model's names (engine order: cluster j started from its centroid j) in the finished run's canonical numbering. */
export function namesByCanonical(givenNames: readonly string[], canonical: ArrayLike<number>): string[] {
  const order = Array.from(canonical);
  return order.map((_, c) => givenNames[order.indexOf(c)]!);
}

/** What the HUD says under a finished density run: clusters and noise, or plainly that all is noise. */
export function densityMessage(density: DensityOutcome, n: number): string {
  const share = `${((100 * density.noise) / n).toFixed(1)} %`;
  const { settings } = density;
  const name = density.algorithm === 'hdbscan' ? 'HDBSCAN' : 'DBSCAN';
  if (density.scored) {
    return `Scored with a saved ${name} model (${settings}): ${density.clusters} clusters; ${density.noise.toLocaleString('en-US')} customers (${share}) are near none of them (grey).`;
  }
  if (density.clusters === 0) {
    const change = density.algorithm === 'hdbscan' ? 'Lower min_cluster_size or min_samples' : 'No customer has min_samples neighbours within eps: raise eps or lower min_samples';
    return `Every customer is noise at ${settings}. ${change}.`;
  }
  return `${name} found ${density.clusters} cluster${density.clusters === 1 ? '' : 's'}; ${density.noise.toLocaleString('en-US')} customers (${share}) are in no segment (grey). ${settings}.`;
}

/** What the HUD says under a finished Gaussian mixture: its fit, and how many customers it is unsure of (drawn pale). */
export function mixtureMessage(mixture: MixtureOutcome, result: FitOutcome['result'], paleBelow: number): string {
  let uncertain = 0;
  for (let i = 0; i < mixture.certainty.length; i++) if (mixture.certainty[i]! < paleBelow) uncertain++;
  const share = `${((100 * uncertain) / result.n).toFixed(1)} %`;
  const iterations = result.converged ? `converged in ${result.iterations} EM iterations` : `stopped at the iteration limit (${result.iterations} EM iterations)`;
  const pale = paleBelow > 0 ? `; ${uncertain.toLocaleString('en-US')} customers (${share}) are under ${Math.round(paleBelow * 100)} % sure of their segment (drawn pale)` : '';
  return `Gaussian mixture (${mixture.covariance} covariances), ${iterations}: log-likelihood ${mixture.meanLogLikelihood.toFixed(3)} per customer, BIC ${mixture.bic.toFixed(0)}${pale}.`;
}
