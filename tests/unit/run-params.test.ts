import { describe, expect, it } from 'vitest';
import { readRunParams, writeRunParams, DEFAULT_RUN } from '../../src/page-state/run-params.ts';

describe('run parameters in the URL', () => {
  it('round-trips a run and ignores values out of range', () => {
    const run = { ...DEFAULT_RUN, n: 1_000_000, k: 6, seed: 9, backend: 'cpu' as const, threads: 3, outliers: 'drop' as const };
    expect(readRunParams(writeRunParams(run))).toEqual(run);
    expect(writeRunParams(DEFAULT_RUN).toString()).toBe('');
    expect(readRunParams(new URLSearchParams('k=99&n=5&backend=gpu&tol=x&outliers=maybe&threads=9'))).toEqual(DEFAULT_RUN);
  });
});
