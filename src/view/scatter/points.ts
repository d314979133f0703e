import * as THREE from 'three';
import { CLUSTER_COLORS, NOISE_COLOR, PENDING_COLOR } from '../palette.ts';
import type { DrawnPositions } from './picking.ts';

const MAX_COLORS = CLUSTER_COLORS.length;
/** The palette the shader holds: the cluster colours, then the noise grey (NOISE_SLOT). */
const SHADER_COLORS = [...CLUSTER_COLORS, NOISE_COLOR];
const pending = new THREE.Color(PENDING_COLOR);
/** Label value for "not assigned yet": drawn in neutral grey. */
export const UNASSIGNED = 255;

const vertexShader = /* glsl */ `
  attribute float label;
  attribute float picked;
  attribute float certainty;
  uniform float highlighting;
  uniform float paleBelow;
  uniform float pointSize;
  uniform float pixelRatio;
  uniform ivec3 axes;
  uniform vec3 palette[${SHADER_COLORS.length}];
  uniform int paletteOf[${MAX_COLORS}];
  varying vec3 vColor;
  varying float vFade;
  void main() {
    vec3 f = position;
    vec3 p = vec3(f[axes.x], f[axes.y], f[axes.z]);
    int l = int(label + 0.5);
    vColor = l >= ${MAX_COLORS} ? vec3(${pending.r.toFixed(4)}, ${pending.g.toFixed(4)}, ${pending.b.toFixed(4)}) : palette[paletteOf[l]];
    // A mixture's uncertain customers (likeliest component under paleBelow) go pale: their colour half-way to a light grey.
    bool pale = certainty < paleBelow;
    vColor = pale ? mix(vColor, vec3(0.62, 0.64, 0.68), 0.6) : vColor;
    // While a subset is highlighted, the others fade to a faint grey (their colours stay in the palette).
    bool dimmed = highlighting > 0.5 && picked < 0.5;
    vColor = dimmed ? mix(vColor, vec3(0.3, 0.32, 0.38), 0.85) : vColor;
    vFade = dimmed ? 0.12 : pale ? 0.55 : 1.0;
    vec4 mv = modelViewMatrix * vec4(p, 1.0);
    gl_Position = projectionMatrix * mv;
    gl_PointSize = clamp(pointSize * pixelRatio * 6.0 / -mv.z, 1.0, 64.0);
  }
`;

const fragmentShader = /* glsl */ `
  uniform float opacity;
  varying vec3 vColor;
  varying float vFade;
  void main() {
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;  // round points
    gl_FragColor = vec4(vColor, opacity * vFade);
    // Palette colours are linear inside three.js; convert for the screen so they match the legend.
    #include <colorspace_fragment>
  }
`;

/**
 * One point per customer. Positions (scaled features, n x d) are uploaded once; each iteration
 * only the one-byte label attribute changes. With three features the axis mapping is a uniform,
 * so remapping axes costs nothing per point; with 2 or 4..8 features the three drawn columns are
 * copied out on each remap (axis -1 draws a flat 0). Colours are uniforms too.
 */
export function createPointCloud(positions: Float32Array, n: number, d = 3) {
  const geometry = new THREE.BufferGeometry();
  const drawn = d === 3 ? positions : new Float32Array(n * 3);
  const positionAttribute = new THREE.BufferAttribute(drawn, 3);
  geometry.setAttribute('position', positionAttribute);
  const labels = new Uint8Array(n).fill(UNASSIGNED);
  const labelAttribute = new THREE.BufferAttribute(labels, 1);
  labelAttribute.setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('label', labelAttribute);
  // One byte per customer: 1 for those a highlight keeps in colour.
  const picked = new Uint8Array(n);
  const pickedAttribute = new THREE.BufferAttribute(picked, 1);
  pickedAttribute.setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('picked', pickedAttribute);
  // A mixture's probability of each customer's likeliest component (1: certain, as every other run's customers are).
  const certainty = new Float32Array(n).fill(1);
  const certaintyAttribute = new THREE.BufferAttribute(certainty, 1);
  certaintyAttribute.setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('certainty', certaintyAttribute);
  geometry.computeBoundingSphere();

  const material = new THREE.ShaderMaterial({
    vertexShader,
    fragmentShader,
    transparent: true,
    depthWrite: false,
    uniforms: {
      highlighting: { value: 0 },
      paleBelow: { value: 0 },
      pointSize: { value: 2 },
      pixelRatio: { value: 1 },
      opacity: { value: 0.7 },
      axes: { value: new THREE.Vector3(0, 1, 2) },
      palette: { value: SHADER_COLORS.map((hex) => new THREE.Color(hex)) },
      paletteOf: { value: Array.from({ length: MAX_COLORS }, (_, i) => i) },
    },
  });
  const object = new THREE.Points(geometry, material);
  object.frustumCulled = false;

  return {
    object,
    setLabels(next: Uint8Array) {
      labels.set(next);
      labelAttribute.needsUpdate = true;
    },
    /** Each customer's certainty (a mixture's probability of its likeliest component), or null for a run that is sure of everyone. */
    setCertainty(next: Float32Array | null) {
      if (next) certainty.set(next);
      else certainty.fill(1);
      certaintyAttribute.needsUpdate = true;
    },
    /** Customers whose certainty is under this share are drawn pale (0: none). */
    setPaleBelow(share: number) {
      material.uniforms.paleBelow!.value = share;
    },
    /** paletteOf[cluster] = colour slot, so colours stay put when clusters are renumbered. */
    setColorSlots(slots: ArrayLike<number>) {
      const value = material.uniforms.paletteOf!.value as number[];
      for (let i = 0; i < slots.length; i++) value[i] = slots[i]!;
    },
    /**
     * Keep the customers with mask[i] = 1 in colour and fade the others; null ends the highlight.
     * Returns how many are highlighted (0 for null).
     */
    highlight(mask: Uint8Array | null): number {
      material.uniforms.highlighting!.value = mask ? 1 : 0;
      if (!mask) return 0;
      if (mask.length !== n) throw new RangeError(`a highlight of ${mask.length} customers for ${n}`);
      let count = 0;
      for (let i = 0; i < n; i++) count += picked[i] = mask[i] ? 1 : 0;
      pickedAttribute.needsUpdate = true;
      return count;
    },
    /** Where each customer is drawn, for picking on screen. */
    drawn(): DrawnPositions {
      if (d === 3) {
        const axes = material.uniforms.axes!.value as THREE.Vector3;
        return { data: positions, n, stride: 3, offsets: [axes.x, axes.y, axes.z] };
      }
      return { data: drawn, n, stride: 3, offsets: [0, 1, 2] };
    },
    /** The current label of every customer (UNASSIGNED before the first iteration). */
    labels: () => labels,
    /** Whether a highlight is on, and which customers it keeps. */
    highlighted: (): Uint8Array | null => (material.uniforms.highlighting!.value ? picked : null),
    setAxes(x: number, y: number, z: number) {
      if (d === 3) {
        (material.uniforms.axes!.value as THREE.Vector3).set(x, y, z);
        return;
      }
      [x, y, z].forEach((f, a) => {
        for (let i = 0, o = a, from = f; i < n; i++, o += 3, from += d) drawn[o] = f < 0 ? 0 : positions[from]!;
      });
      positionAttribute.needsUpdate = true;
    },
    setStyle(style: { pointSize: number; opacity: number; pixelRatio: number }) {
      material.uniforms.pointSize!.value = style.pointSize;
      material.uniforms.opacity!.value = style.opacity;
      material.uniforms.pixelRatio!.value = style.pixelRatio;
    },
    dispose() {
      geometry.dispose();
      material.dispose();
    },
  };
}

export type PointCloud = ReturnType<typeof createPointCloud>;
