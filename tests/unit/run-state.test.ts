import { describe, expect, it } from 'vitest';
import { byCanonicalRank, fallbackSentence, namesByCanonical, outcomeMessage, outcomeState, settledState } from '../../src/app/fit/run-state.ts';
import type { FitOutcome } from '../../src/protocol/fit.ts';

const outcome = (result: Partial<FitOutcome['result']>, fallbackReason: string | null = null) =>
  ({ result: { stop: 'converged', converged: true, k: 4, ...result }, fallbackReason }) as unknown as FitOutcome;

describe('the run\'s state as the HUD says it', () => {
  it('follows the facts: a fit in flight runs, a finished run says how it ended, customers alone are stopped', () => {
    expect(settledState({ fitting: true, finished: outcome({}), hasData: true })).toBe('running');
    expect(settledState({ fitting: false, finished: outcome({}), hasData: true })).toBe('converged');
    expect(settledState({ fitting: false, finished: outcome({ converged: false, stop: 'max_iter' } as never), hasData: true })).toBe('stopped');
    expect(settledState({ fitting: false, finished: outcome({ stop: 'scored' } as never), hasData: true })).toBe('scored');
    expect(settledState({ fitting: false, finished: null, hasData: true })).toBe('stopped');
    expect(settledState({ fitting: false, finished: null, hasData: false })).toBe('error');
    expect(outcomeState(outcome({ stop: 'scored' } as never))).toBe('scored');
  });

  it('says under a finished run how it ended, a fallback as a plain sentence', () => {
    expect(outcomeMessage(outcome({}), 300)).toBe('');
    expect(outcomeMessage(outcome({ converged: false, stop: 'max_iter' } as never), 300)).toBe('Stopped at the iteration limit (300).');
    expect(outcomeMessage(outcome({ stop: 'scored', k: 6 } as never), 300)).toBe('Assigned to the model\'s 6 saved segments (no refitting).');
    expect(outcomeMessage(outcome({}, 'running on the CPU because WebGPU found no adapter'), 300)).toBe('Running on the CPU: WebGPU found no adapter.');
    expect(fallbackSentence('continued on the CPU because the GPU device was lost')).toBe('Running on the CPU: the GPU device was lost.');
  });

  it('orders an iteration\'s legend as the finished run will number it, and carries a model\'s names there', () => {
    // canonicalOrder gives each engine cluster its rank: cluster 0 ranks 2, 1 ranks 0, 2 ranks 1.
    expect(byCanonicalRank([2, 0, 1])).toEqual([1, 2, 0]);
    // Engine cluster j started from the model's centroid j and became canonical cluster canonical[j].
    expect(namesByCanonical(['a', 'b', 'c'], [2, 0, 1])).toEqual(['b', 'c', 'a']);
  });
});
