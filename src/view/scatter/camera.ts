import * as THREE from 'three';
import type { ScreenView } from './picking.ts';
import type { Stage } from './scene.ts';

/** Where the camera is and what it orbits: what a bookmark keeps. */
export interface CameraPose {
  readonly position: readonly number[];
  readonly target: readonly number[];
}

/** The canvas in CSS pixels and the camera's projection x view matrix, for picking on screen. */
export function screenViewOf(stage: Stage): ScreenView {
  const { camera } = stage;
  const canvas = stage.renderer.domElement;
  camera.updateMatrixWorld();
  const matrix = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
  return { width: canvas.clientWidth, height: canvas.clientHeight, matrix: matrix.elements };
}

export function cameraPose(stage: Stage): CameraPose {
  return { position: stage.camera.position.toArray(), target: stage.controls.target.toArray() };
}

/** Put the camera back where a pose says. */
export function setCameraPose(stage: Stage, pose: CameraPose): void {
  const { camera, controls } = stage;
  camera.position.fromArray([...pose.position]);
  controls.target.fromArray([...pose.target]);
  camera.lookAt(controls.target);
  controls.update();
  stage.requestRender();
}
