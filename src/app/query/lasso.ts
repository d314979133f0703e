import { makeButton } from '../../view/button.ts';
import { screenViewOf } from '../../view/scatter/camera.ts';
import { selectInPolygon } from '../../view/scatter/picking.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { QueryWorkbench } from './query-workbench.ts';
import type { SelectionController } from './selection.ts';

/** The lasso that made a selection: canvas pixels, with the canvas size it was drawn on and the view's projection then. */
export interface LassoShape {
  readonly polygon: number[];
  readonly width: number;
  readonly height: number;
  readonly matrix: readonly number[];
}

/** The lasso: a toggle, an outline drawn over the view, and the customers inside it selected. */
export function createLasso(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  selection: SelectionController;
  surface: HTMLElement;
  canvas: HTMLCanvasElement;
  /** The lasso starts: other pointer modes end. */
  onStart: () => void;
}) {
  const { stage, surface, canvas } = parts;
  let on = false;
  let path: number[] | null = null;
  // The lasso of the current selection, for a bookmark to redraw it.
  let shape: LassoShape | null = null;
  const svgNs = 'http://www.w3.org/2000/svg';
  const overlay = document.createElementNS(svgNs, 'svg');
  overlay.classList.add('lasso-overlay');
  const outline = document.createElementNS(svgNs, 'polygon');
  overlay.append(outline);
  canvas.parentElement!.append(overlay);
  const button = makeButton('Lasso select', 'lasso', () => set(!on), 'Draw around customers on the view to select them (Esc ends)');
  button.setAttribute('aria-pressed', 'false');

  function set(next: boolean) {
    if (next) parts.onStart();
    on = next;
    button.setAttribute('aria-pressed', String(next));
    stage.controls.enabled = !next;
    surface.classList.toggle('lassoing', next);
    if (!next) {
      path = null;
      outline.setAttribute('points', '');
    }
  }

  async function finish(polygon: number[]) {
    const drawn = parts.workbench.drawn();
    if (!drawn) return;
    const started = performance.now();
    // Customers a filter faded out cannot be selected.
    const view = screenViewOf(stage);
    const selected = selectInPolygon(drawn, view, polygon, parts.selection.selectable());
    shape = { polygon, width: view.width, height: view.height, matrix: Array.from(view.matrix) };
    outline.setAttribute('points', '');
    await parts.selection.select({ ...selected, kept: false }, started);
  }

  return {
    button,
    active: () => on,
    /** A lasso path is being drawn (the lasso is on and the pointer pressed). */
    drawing: () => on && path !== null,
    set,
    /** The current selection's lasso (null: it came from elsewhere, a search). */
    shape: () => shape,
    setShape: (next: LassoShape | null) => (shape = next),
    /** A press at canvas pixel `at` starts a lasso path. */
    press(at: { x: number; y: number }, pointerId: number) {
      path = [at.x, at.y];
      surface.setPointerCapture(pointerId);
    },
    /** The pointer moved while the lasso is on: the outline follows. */
    drag(at: { x: number; y: number }) {
      if (!path) return;
      path.push(at.x, at.y);
      const rect = canvas.getBoundingClientRect();
      const points: string[] = [];
      for (let i = 0; i < path.length; i += 2) points.push(`${path[i]! + rect.left},${path[i + 1]! + rect.top}`);
      outline.setAttribute('points', points.join(' '));
    },
    /** The pointer was released: a drawn path (not a click) selects what it surrounds. */
    release(wasClick: boolean) {
      const drawnPath = path;
      path = null;
      if (drawnPath && drawnPath.length >= 6 && !wasClick) void finish(drawnPath);
    },
  };
}

export type Lasso = ReturnType<typeof createLasso>;
