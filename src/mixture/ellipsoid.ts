import { covarianceSize, type CovarianceType } from './gaussian.ts';

/**
 * The eigenvalues and unit eigenvectors of a symmetric 3 x 3 matrix (row-major), by Jacobi
 * rotations: vectors[3 * r + c] is component r of eigenvector c.
 */
export function symmetricEigen3(matrix: ArrayLike<number>): { values: [number, number, number]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < 32; sweep++) {
    const off = a[1]! ** 2 + a[2]! ** 2 + a[5]! ** 2;
    if (off < 1e-30 * (a[0]! ** 2 + a[4]! ** 2 + a[8]! ** 2) || off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = a[3 * p + q]!;
      if (apq === 0) continue;
      // The rotation that zeroes a[p][q] (Golub and Van Loan's symmetric Schur step).
      const tau = (a[3 * q + q]! - a[3 * p + p]!) / (2 * apq);
      const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
      const c = 1 / Math.sqrt(1 + t * t);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p]!;
        const akq = a[3 * k + q]!;
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k]!;
        const aqk = a[3 * q + k]!;
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[3 * k + p]!;
        const vkq = v[3 * k + q]!;
        v[3 * k + p] = c * vkp - s * vkq;
        v[3 * k + q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: [a[0]!, a[4]!, a[8]!], vectors: v };
}

/**
 * A component's spread over the three drawn features (feature -1: drawn flat, no spread) as the
 * axes of its one-standard-deviation ellipsoid: columns of a 3 x 3 row-major matrix, each an
 * eigenvector scaled by the square root of its eigenvalue (scaled units).
 */
export function ellipsoidAxes(covariances: Float64Array, type: CovarianceType, d: number, component: number, drawn: readonly [number, number, number]): Float64Array {
  const size = covarianceSize(type, d);
  const base = component * size;
  const entry = (f: number, g: number): number => {
    if (f < 0 || g < 0) return 0;
    if (type === 'full') return covariances[base + f * d + g]!;
    if (f !== g) return 0;
    return type === 'diag' ? covariances[base + f]! : covariances[base]!;
  };
  const sub = drawn.flatMap((f) => drawn.map((g) => entry(f, g)));
  const { values, vectors } = symmetricEigen3(sub);
  const axes = new Float64Array(9);
  for (let c = 0; c < 3; c++) {
    const length = Math.sqrt(Math.max(0, values[c]!));
    for (let r = 0; r < 3; r++) axes[3 * r + c] = vectors[3 * r + c]! * length;
  }
  return axes;
}
