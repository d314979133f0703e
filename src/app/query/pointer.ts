import type { Hover } from './hover.ts';
import type { Lasso } from './lasso.ts';
import type { ManualStart } from './manual-start.ts';

/** Pointer travel, in CSS pixels, under which a press and release is a click (not an orbit). */
const CLICK_SLOP = 4;

/**
 * The pointer over the view, routed to the mode it is in: a lasso being drawn, centroids being
 * placed, or hover and pin (a drag orbits the camera, which the controls do themselves).
 */
export function routePointer(surface: HTMLElement, canvas: HTMLCanvasElement, modes: { hover: Hover; lasso: Lasso; manualStart: ManualStart }) {
  const { hover, lasso, manualStart } = modes;
  const canvasPoint = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  let pressedAt: { x: number; y: number } | null = null;
  // The farthest the pointer went from where it was pressed: a lasso may end where it began.
  let travelled = 0;
  surface.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    pressedAt = canvasPoint(event);
    travelled = 0;
    if (lasso.active()) lasso.press(pressedAt, event.pointerId);
  });
  surface.addEventListener('pointermove', (event) => {
    const at = canvasPoint(event);
    if (pressedAt) travelled = Math.max(travelled, Math.hypot(at.x - pressedAt.x, at.y - pressedAt.y));
    if (lasso.drawing()) return lasso.drag(at);
    if (event.buttons !== 0) return; // orbiting
    hover.moved(at);
  });
  surface.addEventListener('pointerleave', () => hover.left());
  surface.addEventListener('pointerup', (event) => {
    const at = canvasPoint(event);
    const wasClick = pressedAt !== null && Math.max(travelled, Math.hypot(at.x - pressedAt.x, at.y - pressedAt.y)) < CLICK_SLOP;
    pressedAt = null;
    if (lasso.drawing()) return lasso.release(wasClick);
    if (!wasClick) return;
    const row = hover.customerAt(at.x, at.y);
    if (manualStart.active()) {
      if (row >= 0) void manualStart.place(row);
      else manualStart.placeOnPlane(at.x, at.y);
      return;
    }
    if (row >= 0) hover.pin(row, at);
    else if (hover.pinned()) hover.unpin();
  });
}
