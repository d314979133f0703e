import { canonicalOrder } from '../../kmeans/canonical.ts';
import type { SnapshotListener } from '../../protocol/fit.ts';
import type { Hud } from '../../view/hud.ts';
import type { Legend } from '../../view/legend.ts';
import type { RunScene } from '../../view/scatter/run-scene.ts';
import type { SegmentLooks } from '../segments/segment-identity.ts';
import type { Pacer } from './pacer.ts';
import { byCanonicalRank, fallbackSentence } from './run-state.ts';

/** One fit as the player draws it. */
export interface PlayedRun {
  readonly k: number;
  readonly d: number;
  readonly restarts: number;
  /** False once a newer run replaced this one: its late snapshots are dropped. */
  readonly isCurrent: () => boolean;
  /** Colours and names of an iteration's clusters (engine order), so the legend does not reorder at the end. */
  readonly looksOf: (centroids: Float64Array) => SegmentLooks;
  readonly pacer: Pacer;
  /** Stepping by halves: each iteration shows its assignment, then its update. */
  readonly halfSteps: () => boolean;
  /** A note under the HUD while the run plays (the slow opening run says so). */
  readonly note?: string;
}

/** What the HUD says at each step of a density run. */
const DENSITY_STEPS = {
  core: { step: '1 of 3: core points', message: 'Core points (light grey): customers with min_samples neighbours within eps. The rest wait in dark grey.' },
  clusters: { step: '2 of 3: clusters', message: 'Core points within eps of each other join one cluster.' },
  border: { step: '3 of 3: borders', message: 'Border customers join the cluster of a core point within eps; the rest are in no segment (grey).' },
  dense: { step: '1 of 4: densest cores', message: 'The heart of each cluster the condensed tree picked by stability (membership 0.9 or more); the rest wait in light grey.' },
  growing: { step: '2 of 4: clusters growing', message: 'Customers with membership 0.5 or more join: each cluster as it was at twice its densest distance.' },
  fringe: { step: '3 of 4: fringes', message: 'Every customer a cluster keeps joins it, however weakly.' },
  selected: { step: '4 of 4: no segment', message: 'Clusters picked from the condensed tree by their stability; the rest are in no segment (grey).' },
} as const;

/** What the HUD says during an EM iteration: the E-step coloured the customers, the M-step moved the centres. */
const emMessage = (logLikelihood: number, note: string | undefined) =>
  `EM: each customer takes the colour of its likeliest component (E-step), then the means move (M-step); log-likelihood ${logLikelihood.toFixed(4)} per customer.${note ? ` ${note}` : ''}`;

/**
 * Draws each real iteration as it arrives: the points recolour, the centroids glide, the HUD and
 * the legend follow, and the pacer holds the engine until the eye has seen it. Stepping by halves,
 * the assignment (points recolour, centroids stay) and the update (centroids glide) are two steps.
 * Mirrored on the canvas for tests: data-phase, data-labels-applied, data-centroids.
 */
export function createSnapshotPlayer(parts: { scene: RunScene; hud: Hud; legend: Legend; canvas: HTMLCanvasElement }) {
  const { scene, hud, legend, canvas } = parts;
  let lastSnapshotAt = 0;
  let labelsApplied = 0;
  // Where the markers were last sent (engine order), to tell whether the finished run's centroids differ.
  let lastCentroids: Float64Array | null = null;

  function applyLabels(labels: Uint8Array) {
    scene.setLabels(labels);
    labelsApplied++;
    canvas.dataset.labelsApplied = String(labelsApplied);
  }

  return {
    /** Where the markers were last sent, engine order (null before the first snapshot of a run). */
    lastCentroids: () => lastCentroids,
    /** Markers placed without snapshots (a scored model): the finished run's centroids are new to them. */
    forget: () => void (lastCentroids = null),
    /** The listener that plays this run's snapshots. */
    play(run: PlayedRun): SnapshotListener {
      lastCentroids = null;
      return async (snapshot, backend, labels) => {
        if (!run.isCurrent()) return;
        // The winning start replayed: every frame takes the finished run's colours and order.
        const settled = snapshot.winner?.centroids ?? snapshot.centroids;
        const looks = run.looksOf(settled);
        if (snapshot.densityStage) {
          // A density run: its three steps recolour the customers; there are no centres to move.
          const { step, message } = DENSITY_STEPS[snapshot.densityStage];
          scene.setColorSlots(looks.slots);
          if (labels) applyLabels(labels);
          canvas.dataset.phase = snapshot.densityStage;
          hud.update({ state: 'running', backend, iteration: snapshot.iteration, step, inertia: Number.NaN, shift: Number.NaN, changed: snapshot.changed, msPerIteration: snapshot.ms, gpuMs: null, message });
          legend.update(looks.names.map((name, j) => ({ name, slot: looks.slots[j]!, size: snapshot.counts[j]! })).filter((entry) => entry.size > 0));
          await run.pacer.gate();
          return;
        }
        if (run.halfSteps() && labels && snapshot.iteration > 1) {
          // The assignment half: customers take the colour of their nearest centroid, which stays put.
          applyLabels(labels);
          canvas.dataset.phase = 'assign';
          hud.update({ state: 'running', backend, iteration: snapshot.iteration, changed: snapshot.changed, inertia: snapshot.inertia });
          await run.pacer.gate();
          if (!run.isCurrent()) return;
        }
        const now = performance.now();
        // Each restart starts afresh: its markers jump to their new start instead of gliding.
        if (snapshot.iteration === 1) scene.resetMarkers(snapshot.centroids);
        const glide = Math.min(600, Math.max(60, lastSnapshotAt ? (now - lastSnapshotAt) * 0.8 : 300));
        lastSnapshotAt = now;
        scene.moveMarkers(snapshot.centroids, glide, now);
        lastCentroids = snapshot.centroids;
        canvas.dataset.centroids = Array.from(snapshot.centroids, (v) => v.toFixed(5)).join(',');
        scene.setColorSlots(looks.slots);
        scene.setMarkerSlots(looks.slots);
        // EM: the M-step moved and reshaped the components.
        if (snapshot.em) scene.setComponents({ k: run.k, d: run.d, means: snapshot.centroids, ...snapshot.em }, looks.slots);
        if (labels && canvas.dataset.phase !== 'assign') applyLabels(labels);
        // The update half (or the whole iteration): the centroids glide to their new places.
        canvas.dataset.phase = 'update';
        hud.update({
          state: 'running', backend, iteration: snapshot.iteration, inertia: snapshot.inertia, shift: snapshot.shift,
          changed: snapshot.changed, msPerIteration: snapshot.ms, gpuMs: snapshot.gpuMs, restart: snapshot.restart, restarts: run.restarts,
          ...(snapshot.winner ? { step: `${snapshot.iteration} (best of ${snapshot.winner.starts} starts)` } : {}),
          message: snapshot.fallbackReason ? fallbackSentence(snapshot.fallbackReason)
            : snapshot.em ? emMessage(snapshot.em.logLikelihood, run.note) : run.note,
        });
        // The legend lists clusters in the order the finished run will number them.
        const order = byCanonicalRank(canonicalOrder(settled, run.k, run.d));
        legend.update(order.map((j) => ({ name: looks.names[j]!, slot: looks.slots[j]!, size: snapshot.counts[j]! })));
        await run.pacer.gate();
      };
    },
  };
}
