import * as Comlink from 'comlink';
import * as THREE from 'three';
import { createHoverCard, type CardLooks } from '../view/hover-card.ts';
import { drawnPosition, gridOnScreen, nearestInGrid, projectAll, projectPoint, selectInPolygon, type DrawnPositions, type ScreenGrid, type ScreenPositions, type ScreenView } from '../view/scatter/picking.ts';
import type { Stage } from '../view/scatter/scene.ts';
import { renderSelection } from '../view/selection-panel.ts';
import type { Progress } from '../view/progress.ts';
import type { DatasetSummary } from '../protocol/data.ts';
import type { FitOutcome } from '../protocol/fit.ts';
import { flyTo } from '../view/scatter/fly-to.ts';
import { makeButton } from '../view/button.ts';
import { createManualStart } from './manual-start.ts';
import { bookmarkLink, type Bookmark } from '../page-state/bookmarks.ts';
import { createBookmarksMenu } from './bookmarks-menu.ts';
import { downloadBlob } from '../view/download.ts';
import { isCancelled, type EngineClient } from './engine-client.ts';
import type { PageStateStore } from '../page-state/state.ts';

/** What the view's questions need from the workbench. */
export interface QueryWorkbench {
  drawn(): DrawnPositions | null;
  extent(): readonly { readonly min: number; readonly max: number }[];
  highlight(mask: Uint8Array | null): number;
  highlighted(): Uint8Array | null;
  outcome(): FitOutcome | null;
  looks(): CardLooks | null;
  names(): readonly string[];
  data(): DatasetSummary | null;
  refreshLegend(): void;
  fitFromPlaced(centroidsInUnits: Float64Array, frozen: readonly number[]): Promise<void>;
  renameSegment(cluster: number, name: string): void;
}

export interface QueryElements {
  /** Search box, lasso toggle and their status line. */
  readonly toolbar: HTMLElement;
  readonly card: HTMLElement;
  readonly selection: HTMLElement;
  /** The centroids placed for a manual start. */
  readonly placement: HTMLElement;
  /** Saved views. */
  readonly bookmarks: HTMLElement;
  /** Where the pointer is read (the orbit controls' element, over the canvas). */
  readonly surface: HTMLElement;
  readonly canvas: HTMLCanvasElement;
}

/** Pointer travel, in CSS pixels, under which a press and release is a click (not an orbit). */
const CLICK_SLOP = 4;
/** How near the pointer a customer must be drawn to be the one under it. */
const HOVER_RADIUS = 8;

/**
 * Asking the 3D view about customers: hover shows a customer's card and a click pins it; search
 * by id flies the camera to a customer; a lasso selects customers on screen (summary, export,
 * keep as a filter); a legend entry isolates its segment (kept in the URL as `only=`). One
 * highlight at a time: the newest question's customers stay in colour, the others fade.
 */
export function createViewQuery(parts: {
  stage: Stage;
  workbench: QueryWorkbench;
  engine: EngineClient;
  state: PageStateStore;
  progress: Progress;
  elements: QueryElements;
}) {
  const { stage, workbench, engine, state, progress, elements } = parts;
  const host = engine.host;
  const card = createHoverCard(elements.card, () => unpin());
  let pinnedRow = -1;
  let shownRow = -1;
  let hoverTicket = 0;
  let selection: { mask: Uint8Array; count: number; kept: boolean } | null = null;
  // The lasso that made the selection (canvas pixels, with the canvas size): a bookmark redraws it.
  let selectionLasso: { polygon: number[]; width: number; height: number } | null = null;

  // The pinned customer's marker: a small wire sphere where it is drawn.
  const marker = new THREE.Mesh(new THREE.SphereGeometry(0.07, 12, 8), new THREE.MeshBasicMaterial({ color: 0xffffff, wireframe: true }));
  marker.visible = false;
  marker.name = 'pinned-customer';
  stage.scene.add(marker);

  const screenView = (): ScreenView => {
    const { camera } = stage;
    camera.updateMatrixWorld();
    const matrix = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    return { width: elements.canvas.clientWidth, height: elements.canvas.clientHeight, matrix: matrix.elements };
  };
  const canvasPoint = (event: { clientX: number; clientY: number }) => {
    const rect = elements.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const looksNow = () => (workbench.outcome() ? workbench.looks() : null);

  // ---- Inspect: hover and pin ----
  async function showCard(row: number, at: { x: number; y: number }, pinned: boolean, started: number) {
    const ticket = ++hoverTicket;
    const data = workbench.data();
    if (!data) return;
    const customer = await host.query.card(row);
    if (ticket !== hoverTicket) return; // the pointer moved on
    card.show(customer, data.featureNames, looksNow(), at, pinned);
    shownRow = row;
    elements.card.dataset.ms = (performance.now() - started).toFixed(1);
  }

  // Screen positions of the last view, kept until the camera, the canvas or the customers change,
  // and refreshed shortly after the view settles, so a hover finds them ready.
  let projected: { data: Float32Array; key: string; screen: ScreenPositions; grid: ScreenGrid } | null = null;
  const viewKey = (view: ScreenView) =>
    // The drawn axes too: with other than three features, new axes rewrite the same array.
    `${view.width}x${view.height}:${Array.prototype.join.call(view.matrix, ',')}:${state.get().view.axes.join(',')}`;
  function screenPositions(): { screen: ScreenPositions; grid: ScreenGrid } | null {
    const drawn = workbench.drawn();
    if (!drawn) return null;
    const view = screenView();
    const key = viewKey(view);
    if (!projected || projected.data !== drawn.data || projected.key !== key) {
      const screen = projectAll(drawn, view, projected?.screen);
      projected = { data: drawn.data, key, screen, grid: gridOnScreen(screen, view.width, view.height, HOVER_RADIUS, projected?.grid) };
    }
    return projected;
  }
  function customerAt(x: number, y: number): number {
    const at = screenPositions();
    return at ? nearestInGrid(at.screen, at.grid, x, y, HOVER_RADIUS, workbench.highlighted()) : -1;
  }
  let settleTimer = 0;
  let lastKey = '';
  stage.onFrame(() => {
    const key = viewKey(screenView());
    if (key !== lastKey) {
      lastKey = key;
      clearTimeout(settleTimer);
      settleTimer = window.setTimeout(() => void screenPositions(), 200);
    }
    return false;
  });

  // Pointer moves are coalesced into one pick per task (not per frame: a software-rendered frame can take 250 ms).
  let hoverAt: { x: number; y: number; started: number } | null = null;
  let hoverQueued = false;
  function hover() {
    hoverQueued = false;
    if (!hoverAt || pinnedRow >= 0) return;
    const { x, y, started } = hoverAt;
    const row = customerAt(x, y);
    if (row < 0) {
      hoverTicket++;
      shownRow = -1;
      card.hide();
      return;
    }
    if (row !== shownRow || elements.card.hidden) void showCard(row, clientOf(x, y), false, started);
  }
  const clientOf = (x: number, y: number) => {
    const rect = elements.canvas.getBoundingClientRect();
    return { x: x + rect.left, y: y + rect.top };
  };

  // A pinned card follows its customer as the camera moves.
  let stopFollowing: (() => void) | null = null;
  function follow() {
    stopFollowing?.();
    stopFollowing = stage.onFrame(() => {
      if (pinnedRow < 0 || elements.card.hidden) return false;
      const at = clientOf(...screenPoint(marker.position));
      const x = at.x + 14;
      const y = at.y + 14;
      if (Math.abs(elements.card.offsetLeft - x) > 0.5 || Math.abs(elements.card.offsetTop - y) > 0.5) {
        elements.card.style.left = `${x}px`;
        elements.card.style.top = `${y}px`;
        elements.card.dataset.x = at.x.toFixed(1);
        elements.card.dataset.y = at.y.toFixed(1);
      }
      return false;
    });
  }

  /** Where a scene point is drawn, in canvas pixels. */
  const screenPoint = (target: THREE.Vector3) => projectPoint(screenView(), target.x, target.y, target.z);

  function pin(row: number, at: { x: number; y: number }) {
    pinnedRow = row;
    const drawn = workbench.drawn();
    if (drawn) marker.position.set(...drawnPosition(drawn, row));
    marker.visible = true;
    follow();
    stage.requestRender();
    void showCard(row, at, true, performance.now());
  }

  function unpin() {
    pinnedRow = -1;
    shownRow = -1;
    hoverTicket++;
    stopFollowing?.();
    stopFollowing = null;
    marker.visible = false;
    card.hide();
    stage.requestRender();
  }

  // ---- Lasso ----
  let lassoOn = false;
  let lassoPath: number[] | null = null;
  const svgNs = 'http://www.w3.org/2000/svg';
  const overlay = document.createElementNS(svgNs, 'svg');
  overlay.classList.add('lasso-overlay');
  const outline = document.createElementNS(svgNs, 'polygon');
  overlay.append(outline);
  elements.canvas.parentElement!.append(overlay);

  function setLasso(on: boolean) {
    if (on) manualStart.set(false);
    lassoOn = on;
    lassoButton.setAttribute('aria-pressed', String(on));
    stage.controls.enabled = !on;
    elements.surface.classList.toggle('lassoing', on);
    if (!on) {
      lassoPath = null;
      outline.setAttribute('points', '');
    }
  }

  async function finishLasso(path: number[]) {
    const drawn = workbench.drawn();
    if (!drawn) return;
    const started = performance.now();
    // Customers a filter faded out cannot be selected.
    const kept = selection?.kept ? selection.mask : workbench.highlighted();
    const view = screenView();
    const selected = selectInPolygon(drawn, view, path, kept);
    selectionLasso = { polygon: path, width: view.width, height: view.height };
    outline.setAttribute('points', '');
    await select({ ...selected, kept: false }, started);
  }

  /** Show (or end, with null) a selection; `started`: when the lasso closed, to time it to the summary shown. */
  async function select(next: { mask: Uint8Array; count: number; kept: boolean } | null, started = performance.now()) {
    selection = next;
    if (!next) {
      elements.selection.hidden = true;
      delete elements.selection.dataset.count;
      applyHighlight();
      return;
    }
    applyHighlight();
    const summary = await host.query.selectionSummary(next.mask);
    if (selection !== next) return;
    renderSelection(elements.selection, summary, looksNow(), next.kept, {
      exportCsv: () => void exportSelection(next.mask),
      keepAsFilter: () => {
        setLasso(false);
        void select({ ...next, kept: true });
      },
      clear: () => void select(null),
    });
    elements.selection.dataset.ms = (performance.now() - started).toFixed(1);
  }

  async function exportSelection(mask: Uint8Array) {
    if (!workbench.outcome()) {
      say('The selection can be exported once the run has finished.');
      return;
    }
    const task = progress.start('Exporting the selected customers…', () => void host.cancel('export'));
    try {
      const blob = await host.data.exportCsv(workbench.names(), Comlink.proxy((done: number, total: number) => task.update('Exporting the selected customers…', done / total)), undefined, mask);
      downloadBlob(blob, 'selected_customers.csv');
    } catch (error) {
      if (!isCancelled(error)) say(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      task.end();
    }
  }

  // ---- Isolating segments (legend) ----
  function segmentMask(segments: readonly number[]): Uint8Array | null {
    const outcome = workbench.outcome();
    if (!outcome || segments.length === 0 || segments.some((c) => c >= outcome.result.k)) return null;
    const wanted = new Uint8Array(256);
    for (const c of segments) wanted[c] = 1;
    const { labels } = outcome;
    const mask = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) mask[i] = wanted[labels[i]!]!;
    return mask;
  }

  /** The newest question decides what stays in colour: a selection, else the isolated segments. */
  function applyHighlight() {
    const mask = selection ? selection.mask : segmentMask(state.get().view.only);
    workbench.highlight(mask);
    workbench.refreshLegend();
    elements.toolbar.dataset.isolated = state.get().view.only.join(',');
  }

  function isolate(segment: number, add: boolean) {
    const current = state.get().view.only;
    const next = add
      ? current.includes(segment) ? current.filter((c) => c !== segment) : [...current, segment].sort((a, b) => a - b)
      : current.length === 1 && current[0] === segment ? [] : [segment];
    state.set({ view: { ...state.get().view, only: next } });
    if (selection && !selection.kept) void select(null);
    else applyHighlight();
  }

  // ---- Search ----
  const searchForm = document.createElement('form');
  searchForm.className = 'search';
  searchForm.setAttribute('role', 'search');
  const searchInput = document.createElement('input');
  searchInput.type = 'search';
  searchInput.name = 'customer';
  searchInput.placeholder = 'Find a customer by id';
  searchInput.setAttribute('aria-label', 'Find a customer by id');
  searchInput.title = 'A customer id; in an imported file also a text from its other columns ("Female"), or "Gender = Female"';
  searchForm.append(searchInput);
  const lassoButton = makeButton('Lasso select', 'lasso', () => setLasso(!lassoOn), 'Draw around customers on the view to select them (Esc ends)');
  lassoButton.setAttribute('aria-pressed', 'false');
  const status = document.createElement('p');
  status.className = 'query-status';
  status.setAttribute('role', 'status');
  elements.toolbar.className = 'query-toolbar';
  elements.toolbar.replaceChildren(searchForm, lassoButton, status);
  const say = (text: string) => (status.textContent = text);

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const found = await host.query.find(searchInput.value);
      if ('problem' in found) {
        say(found.problem);
        return;
      }
      say('');
      if ('rows' in found) {
        // Several customers (a text such as "Female"): they become the selection, with its summary and export.
        selectionLasso = null;
        unpin();
        const hidden = found.hidden > 0 ? ` (${found.hidden.toLocaleString('en-US')} more not drawn: dropped at import or as outliers)` : '';
        say(`${found.count.toLocaleString('en-US')} customers with ${found.where}${hidden}.`);
        await select({ mask: found.rows, count: found.count, kept: false });
        return;
      }
      const drawn = workbench.drawn();
      if (!drawn) return;
      const target = new THREE.Vector3(...drawnPosition(drawn, found.row));
      await flyTo(stage, target);
      pin(found.row, clientOf(...screenPoint(target)));
    })();
  });
  const manualStart = createManualStart({ stage, workbench, engine, root: elements.placement, say, onStart: () => setLasso(false), axes: () => state.get().view.axes });
  lassoButton.after(manualStart.button);
  // Esc in the search box clears it, then ends what the view shows (the page's own keys skip inputs).
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (searchInput.value !== '') searchInput.value = '';
    else if (!escape()) searchInput.blur();
    say('');
  });

  // ---- Bookmarks ----
  manualStart.button.after(createBookmarksMenu({ root: elements.bookmarks, capture: captureView, restore: restoreView }));

  /** The current view as a bookmark. */
  function captureView(name: string, notes: string): Bookmark {
    const { camera, controls } = stage;
    return {
      name, notes, search: location.search.replace(/^\?/, ''),
      camera: { position: camera.position.toArray(), target: controls.target.toArray() },
      segmentNames: [...workbench.names()],
      lasso: selection && selectionLasso ? { ...selectionLasso, kept: selection.kept } : null,
    };
  }

  /**
   * Go back to a bookmark: on other customers or another clustering, by opening its link; on
   * these, by putting back the camera, the isolated segments, the names and the selection.
   */
  function restoreView(bookmark: Bookmark) {
    const ofRun = (search: string) => {
      const params = new URLSearchParams(search);
      params.delete('only');
      params.sort();
      return params.toString();
    };
    if (ofRun(bookmark.search) !== ofRun(location.search)) {
      location.assign(bookmarkLink(bookmark, `${location.origin}${location.pathname}`));
      return;
    }
    const { camera, controls } = stage;
    camera.position.fromArray(bookmark.camera.position);
    controls.target.fromArray(bookmark.camera.target);
    camera.lookAt(controls.target);
    controls.update();
    stage.requestRender();
    const current = workbench.names();
    bookmark.segmentNames.forEach((name, c) => {
      if (c < current.length && current[c] !== name) workbench.renameSegment(c, name);
    });
    const only = (new URLSearchParams(bookmark.search).get('only') ?? '').split(',').filter((t) => t !== '').map(Number).filter(Number.isInteger);
    state.set({ view: { ...state.get().view, only } });
    applyHighlight();
    const drawn = workbench.drawn();
    const view = screenView();
    if (bookmark.lasso && drawn && Math.abs(view.width - bookmark.lasso.width) < 1 && Math.abs(view.height - bookmark.lasso.height) < 1) {
      // As when it was drawn: only the isolated segments' customers could be selected.
      const selected = selectInPolygon(drawn, view, bookmark.lasso.polygon, segmentMask(only));
      selectionLasso = { polygon: [...bookmark.lasso.polygon], width: view.width, height: view.height };
      void select({ ...selected, kept: bookmark.lasso.kept });
    } else {
      if (bookmark.lasso) say(`The bookmark's selection was drawn on a ${bookmark.lasso.width} x ${bookmark.lasso.height} view; this one differs, so it is not redrawn.`);
      void select(null);
    }
    elements.toolbar.dataset.restored = bookmark.name;
  }

  /** Esc: end the lasso, the selection, then the pinned card; false when there was none of those. */
  function escape(): boolean {
    if (manualStart.active()) {
      manualStart.set(false);
      return true;
    }
    if (lassoOn) {
      setLasso(false);
      return true;
    }
    if (selection) {
      void select(null);
      return true;
    }
    if (pinnedRow >= 0) {
      unpin();
      return true;
    }
    return false;
  }

  // ---- Pointer ----
  let pressedAt: { x: number; y: number } | null = null;
  // The farthest the pointer went from where it was pressed: a lasso may end where it began.
  let travelled = 0;
  elements.surface.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    pressedAt = canvasPoint(event);
    travelled = 0;
    if (lassoOn) {
      lassoPath = [pressedAt.x, pressedAt.y];
      elements.surface.setPointerCapture(event.pointerId);
    }
  });
  elements.surface.addEventListener('pointermove', (event) => {
    const at = canvasPoint(event);
    if (pressedAt) travelled = Math.max(travelled, Math.hypot(at.x - pressedAt.x, at.y - pressedAt.y));
    if (lassoOn && lassoPath) {
      lassoPath.push(at.x, at.y);
      const rect = elements.canvas.getBoundingClientRect();
      const points: string[] = [];
      for (let i = 0; i < lassoPath.length; i += 2) points.push(`${lassoPath[i]! + rect.left},${lassoPath[i + 1]! + rect.top}`);
      outline.setAttribute('points', points.join(' '));
      return;
    }
    if (event.buttons !== 0) return; // orbiting
    hoverAt = { ...at, started: performance.now() };
    if (!hoverQueued) {
      hoverQueued = true;
      setTimeout(hover, 0);
    }
  });
  elements.surface.addEventListener('pointerleave', () => {
    hoverAt = null;
    if (pinnedRow < 0) {
      hoverTicket++;
      shownRow = -1;
      card.hide();
    }
  });
  elements.surface.addEventListener('pointerup', (event) => {
    const at = canvasPoint(event);
    const wasClick = pressedAt !== null && Math.max(travelled, Math.hypot(at.x - pressedAt.x, at.y - pressedAt.y)) < CLICK_SLOP;
    pressedAt = null;
    if (lassoOn && lassoPath) {
      const path = lassoPath;
      lassoPath = null;
      if (path.length >= 6 && !wasClick) void finishLasso(path);
      return;
    }
    if (!wasClick) return;
    const row = customerAt(at.x, at.y);
    if (manualStart.active()) {
      if (row >= 0) void manualStart.place(row);
      else manualStart.placeOnPlane(at.x, at.y);
      return;
    }
    if (row >= 0) pin(row, clientOf(at.x, at.y));
    else if (pinnedRow >= 0) unpin();
  });

  return {
    /** A legend entry was clicked: isolate its segment (`add`: toggle it among the isolated ones). */
    isolate,
    /** A run finished: the isolated segments (from the URL) apply to its labels. */
    onOutcome() {
      const { only } = state.get().view;
      const outcome = workbench.outcome();
      if (outcome && only.some((c) => c >= outcome.result.k)) state.set({ view: { ...state.get().view, only: [] } });
      if (pinnedRow >= 0) void showCard(pinnedRow, { x: elements.card.offsetLeft - 14, y: elements.card.offsetTop - 14 }, true, performance.now());
      applyHighlight();
    },
    /** New customers: every question about the old ones ends. */
    onData() {
      unpin();
      setLasso(false);
      manualStart.reset();
      selection = null;
      elements.selection.hidden = true;
      say('');
    },
    escape,
    /** Put back a bookmark (a link's, once its run has finished). */
    restoreView,
    /** Say something on the tools' status line (a link that could not be read). */
    tell: (text: string) => say(text),
  };
}

export type ViewQuery = ReturnType<typeof createViewQuery>;
