import { describe, expect, it } from 'vitest';
import { runWinningStartShown, type WinningStart } from '../../src/kmeans/best-start.ts';
import { canonicalOrder } from '../../src/kmeans/canonical.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { runKMeans } from '../../src/kmeans/run.ts';
import type { IterationSnapshot } from '../../src/kmeans/types.ts';
import { blobs } from '../helpers.ts';

describe('the winning start shown', () => {
  // Overlapping blobs with k above their number: the restarts end apart, so one of them wins.
  const points = blobs(6000, 3, 5, 3, 0.9);
  const options = { k: 7, seed: 0, nInit: 4 };

  it('gives the result of all restarts, playing only the iterations of the start that wins', async () => {
    const all: IterationSnapshot[] = [];
    const expected = await runKMeans(createCpuEngine(points, 7), points, options, { withLabels: true, onIteration: (s) => void all.push(s) });
    expect(new Set(all.map((s) => s.restart)).size).toBe(4);
    expect(expected.bestRestart).toBeGreaterThan(0); // the check means more when the winner is not the first start

    const shown: { snapshot: IterationSnapshot; winner: WinningStart }[] = [];
    const result = await runWinningStartShown(createCpuEngine(points, 7), points, options, {
      withLabels: true, onIteration: (snapshot, winner) => void shown.push({ snapshot, winner }),
    });
    expect(result.inertia).toBe(expected.inertia);
    expect(result.iterations).toBe(expected.iterations);
    expect(result.bestRestart).toBe(expected.bestRestart);
    expect(Array.from(result.centroids)).toEqual(Array.from(expected.centroids));
    expect(Array.from(result.initialCentroids)).toEqual(Array.from(expected.initialCentroids));
    expect(Array.from(result.labels!)).toEqual(Array.from(expected.labels!));

    // Exactly the winner's iterations, in order, numbered as its restart.
    const winnersOwn = all.filter((s) => s.restart === expected.bestRestart);
    expect(shown.map(({ snapshot }) => [snapshot.restart, snapshot.iteration, snapshot.inertia])).toEqual(winnersOwn.map((s) => [s.restart, s.iteration, s.inertia]));
    // Each carries where the start ends, in the snapshots' (engine) numbering: the last iteration's centroids.
    const last = shown.at(-1)!;
    for (const { winner } of shown) {
      expect(winner.starts).toBe(4);
      expect(Array.from(winner.centroids)).toEqual(Array.from(last.snapshot.centroids));
    }
    expect(Array.from(canonicalOrder(last.winner.centroids, 7, 3))).toEqual(Array.from(result.canonical));
  });
});
