import * as THREE from 'three';
import { createComponentEllipsoids, type Components } from './ellipsoids.ts';
import { isFlatView, sceneAxes, type ViewParams } from '../../page-state/view-params.ts';
import { densityAlpha, densityViewOn } from './density-view.ts';
import type { DatasetSummary } from '../../protocol/data.ts';
import { createAxes, type AxisSpec } from './axes.ts';
import { createCentroidMarkers, type CentroidMarkers } from './centroids.ts';
import { createPointCloud, type PointCloud } from './points.ts';
import type { Stage } from './scene.ts';

/** A feature's range in the scaled space the view draws. */
export interface Extent {
  readonly min: number;
  readonly max: number;
}

/**
 * The drawing of a run on the stage: the customers' point cloud, the centroid markers with their
 * trails, the axes, and the camera's framing of them. What to draw comes from the run's
 * controller; this owns every three.js object of it and disposes of them when replaced.
 * Mirrored on the canvas for tests: data-highlighted, data-projection, data-gliding.
 */
export function createRunScene(stage: Stage) {
  const canvas = stage.renderer.domElement;
  let data: DatasetSummary | null = null;
  // Scaled-space extent of each feature: one scan per dataset, reused by every axis rebuild.
  let extent: Extent[] = [];
  let cloud: PointCloud | null = null;
  let markers: CentroidMarkers | null = null;
  // A mixture's components as ellipsoids (none for other runs).
  const ellipsoids = createComponentEllipsoids();
  stage.scene.add(ellipsoids.group);
  let axes: ReturnType<typeof createAxes> | null = null;
  let view: ViewParams | null = null;
  // Half the drawn box's diagonal, as last framed: a fly-to's distance is a share of it.
  let boxRadius = 1;

  // Mirrored for tests: "1" from a glide's start until the frame that places the markers where it ends.
  const mirrorGliding = (gliding: boolean) => (canvas.dataset.gliding = gliding ? '1' : '0');
  stage.onFrame((now) => {
    const gliding = markers?.update(now) ?? false;
    mirrorGliding(gliding);
    return gliding;
  });

  const drawnAxes = () => sceneAxes(view!.axes);
  const isFlat = () => isFlatView(view!.axes);

  function rebuildAxes() {
    if (!data || !view) return;
    axes?.dispose();
    if (axes) stage.scene.remove(axes.group);
    const shown = data;
    const spec = (f: number): AxisSpec =>
      f < 0 ? { name: '', min: 0, max: 0, mean: 0, scale: 1 } : { name: shown.featureNames[f]!, ...extent[f]!, mean: shown.mean[f]!, scale: shown.scale[f]! };
    const [x, y, z] = drawnAxes();
    axes = createAxes([spec(x), spec(y), spec(z)], isFlat());
    stage.scene.add(axes.group);
  }

  /** Aim the camera at the drawn box: at an angle in 3D, face-on when flat. */
  function frameData() {
    if (!data || !view) return;
    const drawn = drawnAxes();
    const center = new THREE.Vector3(...drawn.map((f) => (f < 0 ? 0 : (extent[f]!.min + extent[f]!.max) / 2)));
    // Half the drawn box's diagonal: a cube of tight clusters needs more room than its widest side.
    const radius = Math.hypot(...drawn.map((f) => (f < 0 ? 0 : extent[f]!.max - extent[f]!.min))) / 2;
    boxRadius = radius || 1;
    stage.frame(center, radius, isFlat());
    canvas.dataset.projection = isFlat() ? 'flat' : '3d';
  }

  function removeMarkers() {
    if (!markers) return;
    stage.scene.remove(markers.group);
    markers.dispose();
    markers = null;
  }

  return {
    /** Every customer in view again, from the opening angle (the Fit view button, F and Home). */
    fitView: frameData,
    /** How far a search stops from the customer it flies to: the same for every search, never closer each time. */
    closeUpDistance: () => boxRadius * 0.9,
    /**
     * Draw other customers (their positions uploaded once); a highlight of the old ones ends.
     * Returns whether one was on.
     */
    setData(next: DatasetSummary): boolean {
      data = next;
      extent = featureExtent(next);
      if (cloud) {
        stage.scene.remove(cloud.object);
        cloud.dispose();
      }
      const hadHighlight = canvas.dataset.highlighted !== undefined;
      delete canvas.dataset.highlighted;
      cloud = createPointCloud(next.positions, next.n, next.featureNames.length);
      stage.scene.add(cloud.object);
      ellipsoids.set(null, []);
      return hadHighlight;
    },

    /** Apply the view's settings; new axes also rebuild the axes and frame the customers again. */
    applyView(next: ViewParams, axesChanged: boolean) {
      view = next;
      // Few customers get bigger dots: 200 rows drawn at the size made for 200 000 would vanish.
      const boost = data ? Math.min(4, Math.max(1, (200_000 / data.n) ** 0.25)) : 1;
      const density = data !== null && densityViewOn(next.density, data.n);
      canvas.dataset.density = density ? 'on' : 'off';
      const opacity = next.opacity * (density ? densityAlpha(data!.n) : 1);
      cloud?.setStyle({ pointSize: next.pointSize * boost, opacity, pixelRatio: stage.renderer.getPixelRatio() });
      cloud?.setPaleBelow(next.paleBelow);
      cloud?.setAxes(...drawnAxes());
      markers?.setAxes(...drawnAxes());
      markers?.setVisible(next.centroids, next.trails);
      ellipsoids.setAxes(...drawnAxes());
      ellipsoids.setVisible(next.centroids);
      stage.controls.autoRotate = next.autoRotate && !isFlat();
      if (axesChanged) {
        rebuildAxes();
        frameData();
      }
      stage.requestRender();
    },

    /** New markers for k centroids (the old ones go); `start`: where they sit at once. */
    newMarkers(k: number, d: number, start?: Float64Array) {
      removeMarkers();
      markers = createCentroidMarkers(k, d);
      if (start) markers.reset(start);
      stage.scene.add(markers.group);
      if (view) this.applyView(view, false);
    },

    /** A restart's first centroids: the markers jump there instead of gliding. */
    resetMarkers: (centroids: Float64Array) => markers?.reset(centroids),
    /** The markers glide to these centroids (engine order) over `ms`. */
    moveMarkers(centroids: Float64Array, ms: number, now: number) {
      markers?.moveTo(centroids, ms, now);
      if (markers) mirrorGliding(true);
    },
    setMarkerSlots: (slots: readonly number[]) => markers?.setColorSlots(slots),

    /** Colour slot of each cluster, for the points. */
    setColorSlots(slots: readonly number[]) {
      cloud?.setColorSlots(slots);
      stage.requestRender();
    },

    /** Each customer's cluster (the one-byte label attribute is the only upload). */
    setLabels(labels: Uint8Array) {
      cloud?.setLabels(labels);
      stage.requestRender();
    },
    /** A mixture's components as their 1 and 2 standard-deviation ellipsoids, coloured by slot; null: none. */
    setComponents(components: Components | null, slots: readonly number[]) {
      ellipsoids.set(components, slots);
      canvas.dataset.ellipsoids = String(components?.k ?? 0);
      stage.requestRender();
    },
    /** A mixture's certainty of each customer (pale under the view's paleBelow), or null: everyone certain. */
    setCertainty(certainty: Float32Array | null) {
      cloud?.setCertainty(certainty);
      stage.requestRender();
    },

    /** Keep these customers (mask[i] = 1) in colour and fade the others, or end that with null. */
    highlight(mask: Uint8Array | null): number {
      const count = cloud?.highlight(mask) ?? 0;
      if (mask && cloud) canvas.dataset.highlighted = String(count);
      else delete canvas.dataset.highlighted;
      stage.requestRender();
      return count;
    },
    /** The customers a highlight keeps in colour, or null when none is on. */
    highlighted: () => cloud?.highlighted() ?? null,
    /** Where each customer is drawn (for picking on screen); null before customers are drawn. */
    drawn: () => cloud?.drawn() ?? null,
    /** Each feature's range in the scaled space the view draws (one scan per dataset). */
    extent: (): readonly Extent[] => extent,
  };
}

export type RunScene = ReturnType<typeof createRunScene>;

/** Scaled-space min and max of each feature. */
function featureExtent(data: DatasetSummary): Extent[] {
  const d = data.featureNames.length;
  const extent = Array.from({ length: d }, () => ({ min: Infinity, max: -Infinity }));
  const { positions } = data;
  for (let i = 0; i < positions.length; i++) {
    const e = extent[i % d]!;
    const v = positions[i]!;
    if (v < e.min) e.min = v;
    if (v > e.max) e.max = v;
  }
  return extent;
}
