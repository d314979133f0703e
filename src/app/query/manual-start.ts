import { LIMITS } from '../../protocol/limits.ts';
import { clampToRange } from './placement.ts';
import { makeButton } from '../../view/button.ts';
import { drawnPosition } from '../../view/scatter/picking.ts';
import { createPlacedMarkers, pointOnFacingPlane } from '../../view/scatter/query-markers.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { EngineClient } from '../engine-client.ts';
import type { QueryWorkbench } from './query-workbench.ts';

/**
 * A manual start: in this mode a click on a customer places a starting centroid there, and a click
 * on empty space places one where the pointer meets the plane of two features facing the camera
 * (a marker shows each); any placed centroid can be frozen; "Run from these" clusters from them,
 * k = how many.
 */
export function createManualStart(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  engine: EngineClient;
  /** Where the placed centroids are listed. */
  root: HTMLElement;
  say: (text: string) => void;
  /** The mode starts (the lasso ends). */
  onStart: () => void;
  /** The feature drawn on each scene axis (x, y, z; -1: none, drawn flat). */
  axes: () => readonly [number, number, number];
}) {
  const { stage, workbench, root } = parts;
  let placing = false;
  const placed: { values: readonly number[]; frozen: boolean }[] = [];
  const markers = createPlacedMarkers(stage);

  const button = makeButton('Place centroids', 'place', () => setPlacing(!placing),
    'Click customers or empty places in the view to start KMeans from there (one centroid each; any can be frozen)');
  button.setAttribute('aria-pressed', 'false');

  function setPlacing(on: boolean) {
    if (on) parts.onStart();
    // The placing notes speak of this placing only: they go when it ends (a run from the centroids, or the toggle).
    if (placing && !on) parts.say('');
    placing = on;
    button.setAttribute('aria-pressed', String(on));
    renderPlacement();
  }

  async function place(row: number) {
    const drawn = workbench.drawn();
    if (!drawn || !roomForMore()) return;
    const customer = await parts.engine.host.query.card(row);
    addPlaced(customer.values, drawnPosition(drawn, row));
  }

  /**
   * Place a centroid where the pointer (canvas pixels) meets the plane of the two drawn features
   * the camera faces most, through the point the camera orbits; the other features take that
   * point's values (their mean where they are not drawn).
   */
  function placeOnPlane(x: number, y: number) {
    const data = workbench.data();
    const drawn = workbench.drawn();
    if (!data || !drawn || !roomForMore()) return;
    const axes = parts.axes();
    const onPlane = pointOnFacingPlane(stage, x, y, axes[2] < 0);
    if (!onPlane) {
      parts.say('Click a customer, or a place on the plane the view faces.');
      return;
    }
    const { at: hit, across } = onPlane;
    // Where the plane runs past the customers (an oblique view), the centroid stays at their edge.
    const clamped = clampToRange(hit, axes, workbench.extent(), across);
    const scaled = data.featureNames.map((_, f) => {
      const axis = axes.indexOf(f);
      return axis < 0 ? 0 : hit[axis]!;
    });
    // A pointer is a few pixels wide: four significant digits say all it means (and hide float32 noise).
    addPlaced(scaled.map((v, f) => Number((v * data.scale[f]! + data.mean[f]!).toPrecision(4))), hit);
    const undrawn = data.featureNames.filter((_, f) => !axes.includes(f));
    const atMean = undrawn.length > 0 ? ` ${undrawn.join(', ')} at ${undrawn.length === 1 ? 'its' : 'their'} mean.` : '';
    const edge = clamped ? ', at the edge of the customers\' range' : '';
    if (across < 0) {
      parts.say(`Placed under the pointer, at the depth of the view's centre${edge}.${atMean}`);
      return;
    }
    const inPlane = [0, 1, 2].filter((a) => a !== across && axes[a]! >= 0).map((a) => data.featureNames[axes[a]!]!);
    parts.say(`Placed on the ${inPlane.join(' and ')} plane${edge}.${atMean}`);
  }

  function roomForMore(): boolean {
    if (placed.length < LIMITS.placedCentroids.max) return true;
    parts.say(`At most ${LIMITS.placedCentroids.max} centroids.`);
    return false;
  }

  function addPlaced(values: readonly number[], at: readonly [number, number, number]) {
    markers.add(at);
    placed.push({ values, frozen: false });
    renderPlacement();
  }

  function clearPlaced() {
    markers.clear();
    placed.length = 0;
  }

  function renderPlacement() {
    root.hidden = !placing && placed.length === 0;
    root.dataset.placed = String(placed.length);
    if (root.hidden) return;
    const names = workbench.data()?.featureNames ?? [];
    const title = document.createElement('div');
    title.className = 'selection-title';
    title.textContent = placed.length === 0
      ? 'Click customers, or empty places on the plane the view faces, to place starting centroids.'
      : `Starting centroids: ${placed.length} (k = ${placed.length})`;
    const list = document.createElement('ol');
    list.className = 'placed-list';
    list.start = 0;
    placed.forEach((centroid, j) => {
      const item = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = names.map((name, f) => `${name} ${Number(centroid.values[f]!.toPrecision(6))}`).join(', ');
      const freeze = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = `freeze-${j}`;
      box.checked = centroid.frozen;
      box.addEventListener('change', () => (centroid.frozen = box.checked));
      freeze.append(box, ' freeze');
      item.append(text, freeze);
      list.append(item);
    });
    const buttons = document.createElement('div');
    buttons.className = 'selection-actions';
    const run = makeButton('Run from these', 'run-placed', () => {
      const d = names.length;
      const centroids = new Float64Array(placed.length * d);
      placed.forEach((c, j) => centroids.set(c.values, j * d));
      const frozen = placed.flatMap((c, j) => (c.frozen ? [j] : []));
      clearPlaced();
      setPlacing(false);
      void workbench.fitFromPlaced(centroids, frozen);
    });
    run.disabled = placed.length === 0;
    const clear = makeButton('Clear', 'clear-placed', () => {
      clearPlaced();
      renderPlacement();
    });
    buttons.append(run, clear);
    root.replaceChildren(title, list, buttons);
  }


  return {
    /** The toolbar's toggle. */
    button,
    active: () => placing,
    set: setPlacing,
    /** Place a starting centroid on the customer drawn at `row`. */
    place,
    /** Place a starting centroid on the plane under the pointer (canvas pixels): a click on no customer. */
    placeOnPlane,
    /** New customers: the placed centroids go, the mode ends. */
    reset() {
      clearPlaced();
      setPlacing(false);
    },
  };
}

export type ManualStart = ReturnType<typeof createManualStart>;
