import { describe, expect, it } from 'vitest';
import { analysisOf, createHistory, describeIsolation, describeRunChange } from '../../src/page-state/history.ts';
import { DEFAULT_RUN } from '../../src/page-state/run-params.ts';

// The analysis history: what counts as a change to step back through, said in a few words.

describe('the analysis history', () => {
  it('says which clustering settings changed, and ignores the engine and the customers', () => {
    expect(describeRunChange(DEFAULT_RUN, { ...DEFAULT_RUN, k: 5, initSeed: 3 })).toBe('k 4 → 5, init seed 0 → 3');
    expect(describeRunChange(DEFAULT_RUN, { ...DEFAULT_RUN, backend: 'cpu', threads: 2 })).toBeNull();
    expect(describeRunChange(DEFAULT_RUN, { ...DEFAULT_RUN, algorithm: 'dbscan', eps: 0.3 })).toBe('algorithm kmeans → dbscan, eps 0.15 → 0.3');
    expect(analysisOf({ ...DEFAULT_RUN, k: 7, n: 5000 })).toMatchObject({ k: 7 });
    expect(analysisOf({ ...DEFAULT_RUN, n: 5000 })).not.toHaveProperty('n');
  });

  it('names the isolated segments by their names', () => {
    expect(describeIsolation([], [1], ['A', 'B <b>'])).toBe('showing "B <b>" (was all segments)');
    expect(describeIsolation([0, 1], [0, 1], ['A', 'B'])).toBeNull();
  });

  it('keeps the newest steps and gives them back newest first', () => {
    const history = createHistory(2);
    for (const k of [2, 3, 4]) history.record({ label: `k ${k}`, run: { ...DEFAULT_RUN, k }, only: [], names: [] });
    expect(history.list().map((step) => step.label)).toEqual(['k 3', 'k 4']);
    expect(history.back()?.label).toBe('k 4');
    expect(history.back()?.label).toBe('k 3');
    expect(history.back()).toBeNull();
  });
});
