import { createRandom } from '../src/data/random.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';

/** Shapes for the HDBSCAN tests, seeded; Gaussian jitter keeps pairwise distances free of ties. */

/** Two interleaved crescents (scikit-learn's make_moons) with jitter, plus uniform noise over their box. */
export function crescents(n: number, noiseShare: number, seed: number, jitter = 0.08): PointMatrix {
  const random = createRandom(seed);
  const data = new Float32Array(n * 2);
  const noisy = Math.round(n * noiseShare);
  for (let i = 0; i < n; i++) {
    let x: number;
    let y: number;
    if (i < noisy) {
      x = random.uniform() * 4 - 1.5;
      y = random.uniform() * 2.5 - 1;
    } else {
      const t = random.uniform() * Math.PI;
      const lower = i % 2 === 0;
      x = lower ? 1 - Math.cos(t) : Math.cos(t);
      y = lower ? 0.5 - Math.sin(t) : Math.sin(t);
      x += jitter * random.normal();
      y += jitter * random.normal();
    }
    data[2 * i] = x;
    data[2 * i + 1] = y;
  }
  return { data, n, d: 2 };
}

/** A dense Gaussian core inside a ring of radius 4 (in d = 2 or 3: the ring lies in the first two). */
export function coreInRing(n: number, d: number, seed: number): PointMatrix {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const inCore = i % 3 === 0;
    const t = random.uniform() * 2 * Math.PI;
    const r = inCore ? 0 : 4 + 0.25 * random.normal();
    for (let f = 0; f < d; f++) {
      const base = f === 0 ? r * Math.cos(t) : f === 1 ? r * Math.sin(t) : 0;
      data[i * d + f] = base + (inCore ? 0.5 : 0.15) * random.normal();
    }
  }
  return { data, n, d };
}

/** Customers shaped like the benchmark's: crescents, a ring, a clump and 3 % uniform noise, 3 features. */
export function mixedCustomers(n: number, seed: number): PointMatrix {
  const random = createRandom(seed);
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const kind = i % 100 < 3 ? 3 : i % 3;
    let x: number;
    let y: number;
    let z: number;
    if (kind === 0) {
      const t = random.uniform() * Math.PI;
      const lower = random.uniform() < 0.5;
      x = (lower ? 1 - Math.cos(t) : Math.cos(t)) * 2;
      y = (lower ? 0.5 - Math.sin(t) : Math.sin(t)) * 2;
      z = 0.15 * random.normal();
    } else if (kind === 1) {
      const t = random.uniform() * 2 * Math.PI;
      x = 8 + 2 * Math.cos(t);
      y = 2 * Math.sin(t);
      z = 2 + 0.15 * random.normal();
    } else if (kind === 2) {
      x = 3 + 0.4 * random.normal();
      y = 6 + 0.4 * random.normal();
      z = -2 + 0.4 * random.normal();
    } else {
      x = random.uniform() * 14 - 3;
      y = random.uniform() * 12 - 4;
      z = random.uniform() * 8 - 4;
    }
    data[3 * i] = x + 0.1 * random.normal();
    data[3 * i + 1] = y + 0.1 * random.normal();
    data[3 * i + 2] = z;
  }
  return { data, n, d: 3 };
}
