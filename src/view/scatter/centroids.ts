import * as THREE from 'three';
import { Line2 } from 'three/examples/jsm/lines/Line2.js';
import { LineGeometry } from 'three/examples/jsm/lines/LineGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { clusterColor } from '../palette.ts';

const MAX_TRAIL = 1024;
/** Trail width in CSS pixels: thick enough to follow a centroid's path at a glance. */
const TRAIL_WIDTH = 3;

/**
 * Centroid markers that glide from one iteration's position to the next, each leaving a
 * trail through the positions of the real iterations (not an interpolation of the answer).
 */
export function createCentroidMarkers(k: number, d = 3) {
  const group = new THREE.Group();
  const geometry = new THREE.OctahedronGeometry(0.2);
  // Markers and trails are drawn after the (transparent) points and over them: a centroid
  // must stay visible inside its own cluster. A white shell outlines each marker.
  const onTop = { depthTest: false, depthWrite: false, transparent: true };
  const fill = new THREE.InstancedMesh(geometry, new THREE.MeshBasicMaterial(onTop), k);
  const outline = new THREE.InstancedMesh(geometry, new THREE.MeshBasicMaterial({ ...onTop, color: 0xf4f6fa, side: THREE.BackSide }), k);
  fill.renderOrder = 12;
  outline.renderOrder = 11;
  group.add(outline, fill);

  // Trails are screen-space ribbons TRAIL_WIDTH pixels wide (WebGL draws plain lines 1 pixel wide).
  const size = new THREE.Vector2();
  const trails = Array.from({ length: k }, () => {
    const positions = new Float32Array(MAX_TRAIL * 3);
    const material = new LineMaterial({ linewidth: TRAIL_WIDTH, transparent: true, opacity: 0.95, depthTest: false });
    const line = new Line2(new LineGeometry(), material);
    line.frustumCulled = false;
    line.renderOrder = 10;
    line.visible = false;
    line.onBeforeRender = (renderer) => material.resolution.copy(renderer.getSize(size));
    group.add(line);
    return { line, positions, count: 0, history: [] as number[], shown: true };
  });

  let from: Float64Array = new Float64Array(k * d);
  let to: Float64Array = new Float64Array(k * d);
  let start = 0;
  let duration = 1;
  let axes: [number, number, number] = [0, 1, 2];
  const matrix = new THREE.Matrix4();
  const outlineScale = new THREE.Vector3(1.35, 1.35, 1.35);
  let colorSlots: ArrayLike<number> = Array.from({ length: k }, (_, j) => j);

  const place = (values: Float64Array) => {
    for (let j = 0; j < k; j++) {
      const p = new THREE.Vector3(...axes.map((f) => (f < 0 ? 0 : values[j * d + f]!)));
      fill.setMatrixAt(j, matrix.makeTranslation(p));
      outline.setMatrixAt(j, matrix.compose(p, new THREE.Quaternion(), outlineScale));
    }
    fill.instanceMatrix.needsUpdate = true;
    outline.instanceMatrix.needsUpdate = true;
  };

  const drawTrails = () => {
    for (const trail of trails) {
      const points = trail.history.length / d;
      for (let p = 0; p < points; p++) {
        for (let a = 0; a < 3; a++) trail.positions[p * 3 + a] = axes[a]! < 0 ? 0 : trail.history[p * d + axes[a]!]!;
      }
      // A ribbon needs two points; a fresh geometry per iteration (a few dozen points) is cheap.
      trail.line.geometry.dispose();
      trail.line.geometry = new LineGeometry();
      if (points >= 2) trail.line.geometry.setPositions(trail.positions.subarray(0, points * 3));
      trail.line.visible = trail.shown && points >= 2;
    }
  };

  const paint = () => {
    for (let j = 0; j < k; j++) {
      const color = new THREE.Color(clusterColor(colorSlots[j] ?? j));
      fill.setColorAt(j, color);
      trails[j]!.line.material.color = color;
    }
    if (fill.instanceColor) fill.instanceColor.needsUpdate = true;
  };
  paint();

  return {
    group,
    /** Start gliding towards this iteration's centroids (k x d, scaled space) over `ms`. */
    moveTo(centroids: Float64Array, ms: number, now: number) {
      from = current(now);
      to = Float64Array.from(centroids);
      start = now;
      duration = Math.max(1, ms);
      trails.forEach((trail, j) => {
        if (trail.history.length / d >= MAX_TRAIL) trail.history.splice(0, d);
        trail.history.push(...centroids.subarray(j * d, j * d + d));
      });
      drawTrails();
    },
    /** Jump without gliding (a new run starts here). */
    reset(centroids: Float64Array) {
      from = Float64Array.from(centroids);
      to = Float64Array.from(centroids);
      start = 0;
      for (const trail of trails) trail.history = [];
      drawTrails();
      place(to);
    },
    /** Place the markers for this frame; true while still gliding. */
    update(now: number): boolean {
      place(current(now));
      return now - start < duration;
    },
    setAxes(x: number, y: number, z: number) {
      axes = [x, y, z];
      drawTrails();
      place(to);
    },
    setColorSlots(slots: ArrayLike<number>) {
      colorSlots = slots;
      paint();
    },
    setVisible(markers: boolean, showTrails: boolean) {
      fill.visible = markers;
      outline.visible = markers;
      for (const trail of trails) {
        trail.shown = showTrails;
        trail.line.visible = showTrails && trail.history.length / d >= 2;
      }
    },
    dispose() {
      geometry.dispose();
      (fill.material as THREE.Material).dispose();
      (outline.material as THREE.Material).dispose();
      fill.dispose();
      outline.dispose();
      for (const trail of trails) {
        trail.line.geometry.dispose();
        trail.line.material.dispose();
      }
    },
  };

  function current(now: number): Float64Array {
    const t = Math.min(1, Math.max(0, (now - start) / duration));
    const eased = t * t * (3 - 2 * t);
    return from.map((a, i) => a + (to[i]! - a) * eased);
  }
}

export type CentroidMarkers = ReturnType<typeof createCentroidMarkers>;
