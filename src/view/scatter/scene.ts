import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { BACKGROUND } from '../palette.ts';

/**
 * The 3D stage: a WebGL2 renderer on the page's canvas, a label overlay for axis text,
 * orbit controls and one render loop that reports its frame time.
 */
export function createStage(canvas: HTMLCanvasElement, overlayParent: HTMLElement) {
  // preserveDrawingBuffer lets the canvas be read back for a PNG export or a test.
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
  renderer.setClearColor(BACKGROUND, 1);
  const labels = new CSS2DRenderer();
  labels.domElement.className = 'label-layer';
  // Right after the canvas, so the view is the first stop of the Tab order.
  overlayParent.insertBefore(labels.domElement, canvas.nextSibling);
  const surface = labels.domElement;
  surface.tabIndex = 0;
  surface.setAttribute('role', 'application');
  surface.setAttribute('aria-label', '3D view of the customers: arrow keys orbit, + and - zoom');

  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(45, 1, 0.01, 200);
  camera.position.set(6.5, 4.5, 7.5);
  const controls = new OrbitControls(camera, labels.domElement);
  controls.enableDamping = true;
  controls.autoRotateSpeed = 0.8;

  // Parts of the canvas covered by the HUD's column (left), the panel (right) and the open drawer
  // (bottom): the view is framed for the rest, so the data stays in sight instead of sliding under them.
  let insets = { left: 0, right: 0, bottom: 0 };
  const resize = () => {
    const { clientWidth: width, clientHeight: height } = canvas;
    renderer.setSize(width, height, false);
    labels.setSize(width, height);
    const visibleWidth = Math.max(1, width - insets.left - insets.right);
    const visibleHeight = Math.max(1, height - insets.bottom);
    camera.aspect = visibleWidth / visibleHeight;
    // The projection is made for the visible part and extended over the covered part, so its centre is the visible centre.
    if (visibleWidth < width || visibleHeight < height) camera.setViewOffset(visibleWidth, visibleHeight, -insets.left, 0, width, height);
    else camera.clearViewOffset();
    camera.updateProjectionMatrix();
  };
  const observer = new ResizeObserver(() => {
    resize();
    markDirty();
  });
  observer.observe(canvas);
  resize();

  // Draw only when something changed: a frame of a million software-rendered points is
  // expensive, and an idle page should leave the cores to the engine. Frames are asked for only
  // while something moves: an idle page's empty frames (each a pass of style, layout and
  // compositing in a software-rendered browser) took a tenth of a core. Idle, the per-frame
  // callbacks are polled a few times a second instead (the HUD reads the run's state there).
  const IDLE_POLL_MS = 100;
  const beforeRender = new Set<(now: number) => boolean>();
  let dirty = true;
  let wasBusy = false;
  let renderMs = 0;
  let frame = 0;
  // Inside a frame: a change there (the controls' damping moving the camera) needs no new frame,
  // the frame asks for the next one itself; asking again would run two loops, then four.
  let inFrame = false;
  let idlePoll: ReturnType<typeof setTimeout> | undefined;
  const wake = () => {
    if (frame !== 0 || inFrame) return;
    clearTimeout(idlePoll);
    idlePoll = undefined;
    frame = requestAnimationFrame(loop);
  };
  function markDirty() {
    dirty = true;
    wake();
  }
  /** The controls' damping and every callback's step; true while any of them is still moving. */
  const step = (now: number) => {
    let busy = controls.update() || controls.autoRotate;
    for (const callback of beforeRender) busy = callback(now) || busy;
    return busy;
  };
  const poll = () => {
    idlePoll = undefined;
    if (step(performance.now()) || dirty) wake();
    else idlePoll = setTimeout(poll, IDLE_POLL_MS);
  };
  controls.addEventListener('change', markDirty);
  function loop(now: number) {
    frame = 0;
    inFrame = true;
    try {
      const busy = step(now);
      // An animation's last step (a glide reaching its end) is placed by the call that returns false:
      // draw that frame too, or a slow frame rate leaves the markers short of where they stopped.
      const settling = wasBusy && !busy;
      wasBusy = busy;
      if (!dirty && !busy && !settling) {
        idlePoll = setTimeout(poll, IDLE_POLL_MS);
        return;
      }
      dirty = false;
      const started = performance.now();
      renderer.render(scene, camera);
      labels.render(scene, camera);
      // Mirrored for tests: where the camera looked from in the frame drawn.
      canvas.dataset.camera = camera.position.toArray().map((v) => v.toFixed(3)).join(',');
      canvas.dataset.target = controls.target.toArray().map((v) => v.toFixed(3)).join(',');
      const ms = performance.now() - started;
      renderMs = renderMs === 0 ? ms : renderMs * 0.8 + ms * 0.2;
    } finally {
      inFrame = false;
    }
    frame = requestAnimationFrame(loop);
  }
  wake();

  // With the view focused, the keyboard orbits and zooms as the mouse does.
  const ORBIT_STEP = Math.PI / 36;
  surface.addEventListener('keydown', (event) => {
    const turn: Record<string, [number, number]> = { ArrowLeft: [-ORBIT_STEP, 0], ArrowRight: [ORBIT_STEP, 0], ArrowUp: [0, -ORBIT_STEP], ArrowDown: [0, ORBIT_STEP] };
    const zoom: Record<string, number> = { '+': 0.85, '=': 0.85, '-': 1 / 0.85, _: 1 / 0.85 };
    const [dTheta, dPhi] = turn[event.key] ?? [0, 0];
    const factor = zoom[event.key] ?? 1;
    if (dTheta === 0 && dPhi === 0 && factor === 1) return;
    // The page's own keys (→ steps the run) do not see keys the view used.
    event.preventDefault();
    event.stopPropagation();
    if ((dTheta !== 0 || dPhi !== 0) && !controls.enableRotate) return; // a flat view does not turn
    const offset = camera.position.clone().sub(controls.target);
    const spherical = new THREE.Spherical().setFromVector3(offset);
    spherical.theta += dTheta;
    spherical.phi = Math.min(Math.PI - 0.05, Math.max(0.05, spherical.phi + dPhi));
    spherical.radius *= factor;
    camera.position.copy(controls.target).add(new THREE.Vector3().setFromSpherical(spherical));
    camera.lookAt(controls.target);
    controls.update();
    markDirty();
  });

  return {
    scene,
    camera,
    controls,
    renderer,
    /** Smoothed time to draw one frame, ms. */
    frameMs: () => renderMs,
    /** Pixels covered on the right (the panel) and at the bottom (the open drawer). */
    setInsets(next: { left: number; right: number; bottom: number }) {
      if (next.left === insets.left && next.right === insets.right && next.bottom === insets.bottom) return;
      insets = next;
      resize();
      markDirty();
    },
    /** Ask for a frame (data or settings changed). */
    requestRender: markDirty,
    /** Run before each frame; return true while animating (keeps frames coming). */
    onFrame(callback: (now: number) => boolean) {
      beforeRender.add(callback);
      wake();
      return () => beforeRender.delete(callback);
    },
    /**
     * Aim the camera at a box centre at a distance that shows all of it (`radius`: half its
     * diagonal). `flat`: two features on the x-y plane, seen face-on with rotation off (pan and
     * zoom stay), so the scatter reads as a 2D chart instead of a tilted plane.
     */
    frame(center: THREE.Vector3, radius: number, flat = false) {
      controls.target.copy(center);
      controls.enableRotate = !flat;
      camera.up.set(0, 1, 0);
      const direction = flat ? new THREE.Vector3(0, 0, 1) : new THREE.Vector3(0.85, 0.55, 1.35).normalize();
      camera.position.copy(center).addScaledVector(direction, radius * (flat ? 2.5 : 2.6));
      camera.near = radius / 100;
      camera.far = radius * 20;
      camera.updateProjectionMatrix();
      markDirty();
    },
    dispose() {
      cancelAnimationFrame(frame);
      clearTimeout(idlePoll);
      observer.disconnect();
      controls.dispose();
      renderer.dispose();
      labels.domElement.remove();
    },
  };
}

export type Stage = ReturnType<typeof createStage>;
