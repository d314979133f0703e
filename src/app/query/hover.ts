import { createHoverCard, type CardLooks } from '../../view/hover-card.ts';
import { screenViewOf } from '../../view/scatter/camera.ts';
import { drawnPosition, gridOnScreen, nearestInGrid, projectAll, projectPoint, type ScreenGrid, type ScreenPositions, type ScreenView } from '../../view/scatter/picking.ts';
import { createPinnedMarker } from '../../view/scatter/query-markers.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { EngineClient } from '../engine-client.ts';
import type { QueryWorkbench } from './query-workbench.ts';

/** How near the pointer a customer must be drawn to be the one under it. */
const HOVER_RADIUS = 8;

/**
 * Inspecting customers: hover shows a customer's card, a click pins it (a marker where it is
 * drawn, the card following it as the camera moves). Picking reads the drawn positions on the
 * CPU: screen positions are kept until the camera, the canvas or the customers change.
 */
export function createHover(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  engine: EngineClient;
  card: HTMLElement;
  canvas: HTMLCanvasElement;
  /** The drawn axes, part of what makes screen positions stale. */
  axes: () => readonly number[];
}) {
  const { stage, workbench, canvas } = parts;
  const card = createHoverCard(parts.card, () => unpin());
  const marker = createPinnedMarker(stage);
  let pinnedRow = -1;
  let shownRow = -1;
  let hoverTicket = 0;
  const looksNow = (): CardLooks | null => (workbench.outcome() ? workbench.looks() : null);

  async function showCard(row: number, at: { x: number; y: number }, pinned: boolean, started: number) {
    const ticket = ++hoverTicket;
    const data = workbench.data();
    if (!data) return;
    const customer = await parts.engine.host.query.card(row);
    if (ticket !== hoverTicket) return; // the pointer moved on
    card.show(customer, data.featureNames, looksNow(), at, pinned);
    shownRow = row;
    parts.card.dataset.ms = (performance.now() - started).toFixed(1);
  }

  // Screen positions of the last view, kept until the camera, the canvas or the customers change,
  // and refreshed shortly after the view settles, so a hover finds them ready.
  let projected: { data: Float32Array; key: string; screen: ScreenPositions; grid: ScreenGrid } | null = null;
  // The drawn axes too: with other than three features, new axes rewrite the same array.
  const viewKey = (view: ScreenView) => `${view.width}x${view.height}:${Array.prototype.join.call(view.matrix, ',')}:${parts.axes().join(',')}`;
  function screenPositions(): { screen: ScreenPositions; grid: ScreenGrid } | null {
    const drawn = workbench.drawn();
    if (!drawn) return null;
    const view = screenViewOf(stage);
    const key = viewKey(view);
    if (!projected || projected.data !== drawn.data || projected.key !== key) {
      const screen = projectAll(drawn, view, projected?.screen);
      projected = { data: drawn.data, key, screen, grid: gridOnScreen(screen, view.width, view.height, HOVER_RADIUS, projected?.grid) };
    }
    return projected;
  }
  let settleTimer = 0;
  let lastKey = '';
  stage.onFrame(() => {
    const key = viewKey(screenViewOf(stage));
    if (key !== lastKey) {
      lastKey = key;
      clearTimeout(settleTimer);
      settleTimer = window.setTimeout(() => void screenPositions(), 200);
    }
    return false;
  });

  /** Canvas pixels to the page's (client) pixels. */
  const clientOf = (x: number, y: number) => {
    const rect = canvas.getBoundingClientRect();
    return { x: x + rect.left, y: y + rect.top };
  };
  /** Where a scene point is drawn, in canvas pixels. */
  const screenPoint = (at: readonly [number, number, number]) => projectPoint(screenViewOf(stage), ...at);

  // A pinned card follows its customer as the camera moves.
  let stopFollowing: (() => void) | null = null;
  function follow() {
    stopFollowing?.();
    stopFollowing = stage.onFrame(() => {
      if (pinnedRow < 0 || parts.card.hidden) return false;
      const at = clientOf(...screenPoint(marker.position()));
      const x = at.x + 14;
      const y = at.y + 14;
      if (Math.abs(parts.card.offsetLeft - x) > 0.5 || Math.abs(parts.card.offsetTop - y) > 0.5) {
        parts.card.style.left = `${x}px`;
        parts.card.style.top = `${y}px`;
        parts.card.dataset.x = at.x.toFixed(1);
        parts.card.dataset.y = at.y.toFixed(1);
      }
      return false;
    });
  }

  function hideCard() {
    hoverTicket++;
    shownRow = -1;
    card.hide();
  }

  function unpin() {
    pinnedRow = -1;
    stopFollowing?.();
    stopFollowing = null;
    marker.hide();
    hideCard();
  }

  // Pointer moves are coalesced into one pick per task (not per frame: a software-rendered frame can take 250 ms).
  let hoverAt: { x: number; y: number; started: number } | null = null;
  let hoverQueued = false;
  let picks = 0;
  function hover() {
    hoverQueued = false;
    if (!hoverAt || pinnedRow >= 0) return;
    const { x, y, started } = hoverAt;
    const row = customerAt(x, y);
    // Mirrored for tests: how many hover picks ran, and the customer the last one found (-1: nobody).
    parts.card.dataset.picks = String(++picks);
    parts.card.dataset.picked = String(row);
    if (row < 0) return hideCard();
    if (row !== shownRow || parts.card.hidden) void showCard(row, clientOf(x, y), false, started);
  }

  /** The customer drawn under canvas pixel (x, y) (among the highlighted ones, if any), or -1. */
  function customerAt(x: number, y: number): number {
    const at = screenPositions();
    return at ? nearestInGrid(at.screen, at.grid, x, y, HOVER_RADIUS, workbench.highlighted()) : -1;
  }

  return {
    customerAt,
    /** The pointer moved to canvas pixel (x, y) with no button down. */
    moved(at: { x: number; y: number }) {
      hoverAt = { ...at, started: performance.now() };
      if (!hoverQueued) {
        hoverQueued = true;
        setTimeout(hover, 0);
      }
    },
    /** The pointer left the view: an unpinned card goes. */
    left() {
      hoverAt = null;
      if (pinnedRow < 0) hideCard();
    },
    /** Pin the card of the customer drawn at `row` (at canvas pixel `at`, or where it is drawn). */
    pin(row: number, at?: { x: number; y: number }) {
      pinnedRow = row;
      const drawn = workbench.drawn();
      if (drawn) marker.show(drawnPosition(drawn, row));
      follow();
      void showCard(row, at ? clientOf(at.x, at.y) : clientOf(...screenPoint(marker.position())), true, performance.now());
    },
    unpin,
    pinned: () => pinnedRow >= 0,
    /** A run finished: a pinned card shows its customer's new cluster. */
    refresh() {
      if (pinnedRow >= 0) void showCard(pinnedRow, { x: parts.card.offsetLeft - 14, y: parts.card.offsetTop - 14 }, true, performance.now());
    },
  };
}

export type Hover = ReturnType<typeof createHover>;
