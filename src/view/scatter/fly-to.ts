import * as THREE from 'three';
import type { Stage } from './scene.ts';

/** Glide the camera to look at `at` from `distance` away (half a second); resolves once it is drawn there. */
export function flyTo(stage: Stage, at: readonly [number, number, number], distance: number): Promise<void> {
  const { camera, controls } = stage;
  const target = new THREE.Vector3(...at);
  const fromTarget = controls.target.clone();
  const fromPosition = camera.position.clone();
  const direction = fromPosition.clone().sub(fromTarget).normalize();
  const toPosition = target.clone().addScaledVector(direction, distance);
  const started = performance.now();
  return new Promise((resolve) => {
    const stop = stage.onFrame((now) => {
      const t = Math.min(1, (now - started) / 500);
      const ease = t * t * (3 - 2 * t);
      controls.target.lerpVectors(fromTarget, target, ease);
      camera.position.lerpVectors(fromPosition, toPosition, ease);
      if (t >= 1) {
        stop();
        // One more frame at the final place before the card is placed there.
        requestAnimationFrame(() => resolve());
        return false;
      }
      return true;
    });
  });
}
