import * as THREE from 'three';
import type { Stage } from './scene.ts';

type Point = readonly [number, number, number];

/** The pinned customer's marker: a small wire sphere where it is drawn. */
export function createPinnedMarker(stage: Stage) {
  const marker = new THREE.Mesh(new THREE.SphereGeometry(0.07, 12, 8), new THREE.MeshBasicMaterial({ color: 0xffffff, wireframe: true }));
  marker.visible = false;
  marker.name = 'pinned-customer';
  stage.scene.add(marker);
  return {
    show(at: Point) {
      marker.position.set(...at);
      marker.visible = true;
      stage.requestRender();
    },
    hide() {
      marker.visible = false;
      stage.requestRender();
    },
    position: (): Point => [marker.position.x, marker.position.y, marker.position.z],
  };
}

/** The starting centroids placed by hand: a wire octahedron each. */
export function createPlacedMarkers(stage: Stage) {
  const material = new THREE.MeshBasicMaterial({ color: 0xffcf70, wireframe: true });
  const geometry = new THREE.OctahedronGeometry(0.1);
  const markers: THREE.Mesh[] = [];
  return {
    add(at: Point) {
      const marker = new THREE.Mesh(geometry, material);
      marker.position.set(...at);
      stage.scene.add(marker);
      markers.push(marker);
      stage.requestRender();
    },
    clear() {
      for (const marker of markers) stage.scene.remove(marker);
      markers.length = 0;
      stage.requestRender();
    },
  };
}

/**
 * Where the pointer (canvas pixels) meets the plane the view faces, through the point the camera
 * orbits: a flat view's plane is z = 0 (`across` 2); in 3D, the plane square to the line of sight
 * (`across` -1), so the centroid lands under the pointer at the depth of the view's centre. (A
 * plane across an axis met the pointer's ray at a glancing angle in oblique views, far off at the
 * customers' edge.) Null when the ray misses the plane.
 */
export function pointOnFacingPlane(stage: Stage, x: number, y: number, flat: boolean): { at: [number, number, number]; across: number } | null {
  const canvas = stage.renderer.domElement;
  const raycaster = new THREE.Raycaster();
  raycaster.setFromCamera(new THREE.Vector2((x / canvas.clientWidth) * 2 - 1, 1 - (y / canvas.clientHeight) * 2), stage.camera);
  const across = flat ? 2 : -1;
  const normal = flat ? new THREE.Vector3(0, 0, 1) : stage.camera.getWorldDirection(new THREE.Vector3());
  const hit = raycaster.ray.intersectPlane(new THREE.Plane().setFromNormalAndCoplanarPoint(normal, stage.controls.target), new THREE.Vector3());
  return hit ? { at: [hit.x, hit.y, hit.z], across } : null;
}
