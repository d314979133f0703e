import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/app/data/run-summary.ts';
import { DEFAULT_RUN } from '../../src/page-state/run-params.ts';
import type { DatasetSummary } from '../../src/protocol/data.ts';
import type { FitOutcome } from '../../src/protocol/fit.ts';

describe('run summary', () => {
  const data = {
    n: 1000, featureNames: ['A', 'B'], source: { kind: 'file', name: 'bank.csv', rows: 1003, droppedRows: 3, imputedRows: 0, bytes: 1, ms: 1 },
    mean: Float64Array.from([10, 100]), scale: Float64Array.from([2, 5]),
  } as unknown as DatasetSummary;
  const outcome = {
    result: { k: 2, counts: Float64Array.from([600, 400]), inertia: 123.456, iterations: 7, converged: true, stop: 'tol', backend: 'webgpu', msPerIteration: 1.25, msTotal: 9, gpuMsPerIteration: 0.25 },
    startedFromGiven: false, fallbackReason: null, adapter: 'nvidia hopper NVIDIA H200',
  } as unknown as FitOutcome;

  it('says where the data came from, how it was clustered, and what came out', () => {
    const text = runSummary({
      run: { ...DEFAULT_RUN, k: 2, nInit: 1 }, data, outcome, names: ['Savers', 'Spenders'], warnings: [], model: null, url: 'http://x/?k=2', when: new Date(0),
    });
    expect(text).toContain('Data: bank.csv, 1,003 rows, 3 rows with problems dropped; 1,000 customers clustered');
    expect(text).toContain('KMeans: k = 2, init k-means++, n_init 1, max_iter 300, tol 0.0001, init seed 0');
    expect(text).toContain('Result: converged after 7 iterations (tol), inertia 123.4560000');
    expect(text).toContain('Backend: WebGPU (adapter: nvidia hopper NVIDIA H200); 1.3 ms per iteration (wall clock), 9 ms in total; the assignment pass took 0.250 ms on the GPU\'s clock (timestamp queries)');
    expect(text).toContain('  0. Savers: 600 (60.0%)\n  1. Spenders: 400 (40.0%)');
    expect(text).toContain('This link reopens the settings only; it cannot carry the imported file (import it again): http://x/?k=2');
    expect(text).not.toContain('Warnings');
  });

  it('lists the warnings and says what a model-initialised run\'s link cannot bring back', () => {
    const generated = { ...data, source: { kind: 'generated', seed: 42, separation: 1 } } as unknown as DatasetSummary;
    // Started from (scaled) (0, 0) and (1, 1): (10, 100) and (12, 105) in business units.
    const fromModel = { ...outcome, startedFromGiven: true, result: { ...outcome.result, initialCentroids: Float64Array.from([0, 0, 1, 1]) } } as FitOutcome;
    const text = runSummary({
      run: DEFAULT_RUN, data: generated, outcome: fromModel, names: ['A', 'B'], warnings: ['Segment 1 ("B") holds only 4 customers.'],
      model: { file: 'bank-model.json', mode: 'refit' }, url: 'http://x/', when: new Date(0),
    });
    expect(text).toContain('init the centroids of bank-model.json');
    expect(text).toContain('Initial centroids: 0: A 10, B 100; 1: A 12, B 105');
    expect(text).not.toContain('Frozen');
    expect(text).toContain('Warnings:\n  Segment 1 ("B") holds only 4 customers.');
    expect(text).toContain('it cannot carry the model bank-model.json (load it again and refit from its centroids): http://x/');
    const plain = runSummary({ run: DEFAULT_RUN, data: generated, outcome, names: ['A', 'B'], warnings: [], model: null, url: 'http://x/', when: new Date(0) });
    expect(plain).toContain('Reopen this run: http://x/');
    expect(plain).not.toContain('Initial centroids');
    // Placed in the view, one frozen: said as such, with where the frozen one ended.
    const placed = {
      ...fromModel, centroidsInUnits: Float64Array.from([10, 100, 12.5, 104]), result: { ...fromModel.result, frozen: [0] },
    } as FitOutcome;
    const byHand = runSummary({
      run: DEFAULT_RUN, data: generated, outcome: placed, names: ['A', 'B'], warnings: [], model: { file: 'centroids placed in the view', mode: 'placed' }, url: 'http://x/', when: new Date(0),
    });
    expect(byHand).toContain('init centroids placed in the view, n_init 1');
    expect(byHand).toContain('Frozen centroids (did not move): segment 0 at A 10, B 100');
    expect(byHand).toContain('it cannot carry the centroids placed in the view (listed above): http://x/');
  });
});
