import * as THREE from 'three';
import { makeButton } from '../view/button.ts';
import { drawnPosition } from '../view/scatter/picking.ts';
import type { Stage } from '../view/scatter/scene.ts';
import type { EngineClient } from './engine-client.ts';
import type { QueryWorkbench } from './view-query.ts';

/**
 * A manual start: in this mode a click on a customer places a starting centroid there (a marker
 * shows it); any placed centroid can be frozen; "Run from these" clusters from them, k = how many.
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
}) {
  const { stage, workbench, root } = parts;
  let placing = false;
  const placed: { values: readonly number[]; frozen: boolean; marker: THREE.Mesh }[] = [];
  const placedMaterial = new THREE.MeshBasicMaterial({ color: 0xffcf70, wireframe: true });
  const placedGeometry = new THREE.OctahedronGeometry(0.1);

  const button = makeButton('Place centroids', 'place', () => setPlacing(!placing),
    'Click customers in the view to start KMeans from them (one centroid each; any can be frozen)');
  button.setAttribute('aria-pressed', 'false');

  function setPlacing(on: boolean) {
    if (on) parts.onStart();
    placing = on;
    button.setAttribute('aria-pressed', String(on));
    renderPlacement();
  }

  async function place(row: number) {
    const data = workbench.data();
    const drawn = workbench.drawn();
    if (!data || !drawn) return;
    if (placed.length >= 32) {
      parts.say('At most 32 centroids.');
      return;
    }
    const customer = await parts.engine.host.customerCard(row);
    const marker = new THREE.Mesh(placedGeometry, placedMaterial);
    marker.position.set(...drawnPosition(drawn, row));
    stage.scene.add(marker);
    stage.requestRender();
    placed.push({ values: customer.values, frozen: false, marker });
    renderPlacement();
  }

  function clearPlaced() {
    for (const { marker } of placed) stage.scene.remove(marker);
    placed.length = 0;
    stage.requestRender();
  }

  function renderPlacement() {
    root.hidden = !placing && placed.length === 0;
    root.dataset.placed = String(placed.length);
    if (root.hidden) return;
    const names = workbench.data()?.featureNames ?? [];
    const title = document.createElement('div');
    title.className = 'selection-title';
    title.textContent = placed.length === 0 ? 'Click customers in the view to place starting centroids.' : `Starting centroids: ${placed.length} (k = ${placed.length})`;
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
    /** New customers: the placed centroids go, the mode ends. */
    reset() {
      clearPlaced();
      setPlacing(false);
    },
  };
}
