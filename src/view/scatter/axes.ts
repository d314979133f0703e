import * as THREE from 'three';
import { CSS2DObject } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { niceTicks } from './ticks.ts';

export interface AxisSpec {
  readonly name: string;
  /** Scaled-space extent of the data on this feature. */
  readonly min: number;
  readonly max: number;
  /** Scaler: business value = scaled * scale + mean. */
  readonly mean: number;
  readonly scale: number;
}

/** A label element: text only (feature names may come from files), never HTML. */
function label(text: string, className: string): CSS2DObject {
  const element = document.createElement('div');
  element.className = className;
  element.textContent = text;
  return new CSS2DObject(element);
}

/**
 * Three axes along the edges of the data's box, with ticks at round values in business
 * units (k$, score points) and the feature name at the end of each axis. `flat` (two drawn
 * features, seen face-on) points every tick within the plane, so none points at the viewer.
 */
export function createAxes(specs: readonly [AxisSpec, AxisSpec, AxisSpec], flat = false) {
  const group = new THREE.Group();
  const origin = specs.map((s) => s.min);
  const lines: number[] = [];
  const tickLength = 0.08;
  specs.forEach((spec, axis) => {
    if (spec.name === '') return; // a two-feature dataset draws on a plane
    const end = [...origin];
    end[axis] = spec.max;
    lines.push(...origin, ...end);
    // Ticks point away from the box, along the next axis.
    const across = flat ? (axis === 0 ? 1 : 0) : (axis + 1) % 3;
    const lo = spec.min * spec.scale + spec.mean;
    const hi = spec.max * spec.scale + spec.mean;
    for (const value of niceTicks(lo, hi, 5)) {
      const at = [...origin];
      at[axis] = (value - spec.mean) / spec.scale;
      const out = [...at];
      out[across] = at[across]! - tickLength;
      lines.push(...at, ...out);
      const text = label(Number.isInteger(value) ? String(value) : value.toFixed(1), 'axis-tick');
      const place = [...at];
      place[across] = at[across]! - tickLength * 3;
      text.position.set(place[0]!, place[1]!, place[2]!);
      group.add(text);
    }
    const title = label(spec.name, 'axis-title');
    const titleAt = [...end];
    titleAt[axis] = spec.max + 0.35;
    if (flat && axis === 0) {
      // A flat chart's x title sits under its tick labels, centred, as charts do: at the axis's end
      // a long name ran under the panel.
      titleAt[0] = (spec.min + spec.max) / 2;
      titleAt[1] = origin[1]! - tickLength * 6;
    }
    title.position.set(titleAt[0]!, titleAt[1]!, titleAt[2]!);
    group.add(title);
  });
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(lines, 3));
  const material = new THREE.LineBasicMaterial({ color: 0x7d8597 });
  group.add(new THREE.LineSegments(geometry, material));
  // The rest of the data's box, faint: it gives the cloud depth.
  const box = new THREE.Box3(new THREE.Vector3(...specs.map((s) => s.min)), new THREE.Vector3(...specs.map((s) => s.max)));
  const boxLines = new THREE.Box3Helper(box, new THREE.Color(0x39404f));
  group.add(boxLines);

  return {
    group,
    dispose() {
      geometry.dispose();
      material.dispose();
      boxLines.dispose();
      group.traverse((o) => {
        if (o instanceof CSS2DObject) o.element.remove();
      });
    },
  };
}
