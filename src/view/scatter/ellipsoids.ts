import * as THREE from 'three';
import { ellipsoidAxes } from '../../mixture/ellipsoid.ts';
import type { CovarianceType } from '../../mixture/gaussian.ts';
import { clusterColor } from '../palette.ts';

/** What the ellipsoids draw: each component's mean and covariance (scaled units, k x d and by type). */
export interface Components {
  readonly k: number;
  readonly d: number;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  readonly covariance: CovarianceType;
}

/** Segments per ring: smooth at any zoom the view allows. */
const RING_SEGMENTS = 72;
/** Rings are the component's colour lightened towards this, so they stand out from its own customers. */
const RING_LIGHT = new THREE.Color(0xf4f6fa);

/** Three great circles of the unit sphere (xy, yz and zx planes) as line segments. */
function unitRings(): THREE.BufferGeometry {
  const positions: number[] = [];
  for (const [a, b] of [[0, 1], [1, 2], [2, 0]] as const) {
    for (let s = 0; s < RING_SEGMENTS; s++) {
      for (const t of [s, s + 1]) {
        const point = [0, 0, 0];
        point[a] = Math.cos((2 * Math.PI * t) / RING_SEGMENTS);
        point[b] = Math.sin((2 * Math.PI * t) / RING_SEGMENTS);
        positions.push(...point);
      }
    }
  }
  return new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
}

/**
 * A Gaussian mixture's components drawn as their 1 and 2 standard-deviation ellipsoids (three
 * rings each, in the component's colour) over the drawn features: where a component reaches, and
 * how it is stretched and turned. EM's iterations move and reshape them.
 */
export function createComponentEllipsoids() {
  const group = new THREE.Group();
  group.renderOrder = 9;
  const geometry = unitRings();
  let rings: THREE.LineSegments[] = [];
  let components: Components | null = null;
  let slots: readonly number[] = [];
  let axes: [number, number, number] = [0, 1, 2];
  const basis = new THREE.Matrix4();

  function draw() {
    for (const ring of rings) {
      (ring.material as THREE.Material).dispose();
      group.remove(ring);
    }
    rings = [];
    if (!components) return;
    const { k, d, means, covariances, covariance } = components;
    for (let j = 0; j < k; j++) {
      const spread = ellipsoidAxes(covariances, covariance, d, j, axes);
      const centre = axes.map((f) => (f < 0 ? 0 : means[j * d + f]!));
      for (const [deviations, opacity] of [[1, 1], [2, 0.5]] as const) {
        // Over the points (which would hide a ring inside its own cluster), as the centroid markers are.
        const color = new THREE.Color(clusterColor(slots[j] ?? j)).lerp(RING_LIGHT, 0.45);
        const material = new THREE.LineBasicMaterial({ color, transparent: true, opacity, depthWrite: false, depthTest: false });
        const ring = new THREE.LineSegments(geometry, material);
        const column = (c: number) => new THREE.Vector3(spread[c]!, spread[3 + c]!, spread[6 + c]!).multiplyScalar(deviations);
        basis.makeBasis(column(0), column(1), column(2)).setPosition(centre[0]!, centre[1]!, centre[2]!);
        ring.matrixAutoUpdate = false;
        ring.matrix.copy(basis);
        ring.frustumCulled = false;
        ring.renderOrder = 9;
        group.add(ring);
        rings.push(ring);
      }
    }
  }

  return {
    group,
    /** Draw these components (null: none, for every other kind of run), coloured by their palette slots. */
    set(next: Components | null, colourSlots: readonly number[]) {
      components = next;
      slots = colourSlots;
      draw();
    },
    setAxes(x: number, y: number, z: number) {
      axes = [x, y, z];
      draw();
    },
    setVisible(visible: boolean) {
      group.visible = visible;
    },
    dispose() {
      components = null;
      draw();
      geometry.dispose();
    },
  };
}
