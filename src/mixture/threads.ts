import { plusPlusStart } from '../kmeans/kept-seedings.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import { blockCount, labelBlocks, passBlocks, sumBlocks } from './e-step.ts';
import type { MixtureEngine } from './fit.ts';
import type { MixtureHost } from './helper-host.ts';
import { kmeansStartLabels, localMixtureEngine } from './local-engine.ts';
import { MIXTURE_BLOCK, statsSize, type PassModel } from './pass-layout.ts';

/** What a helper does for a mixture (helper-host.ts), as seen from here. */
export type MixtureHelper = Pick<MixtureHost, 'mixturePoints' | 'mixturePass' | 'mixtureLabel' | 'dropMixturePoints'>;

/** Below this many customers the threads' messages cost more than they save. */
export const MIXTURE_THREADS_FROM = 50_000;

/**
 * EM's passes on this thread and the helpers: the blocks are split in runs, one per thread, this
 * thread taking the first while the others work; the sums are added in block order, so the result
 * is the same bits on any number of threads.
 */
export async function threadedMixtureEngine(
  points: PointMatrix, helpers: readonly MixtureHelper[], kmeansEngine: (points: PointMatrix, k: number) => AssignEngine,
): Promise<MixtureEngine & { readonly threads: number; close(): Promise<void> }> {
  const blocks = blockCount(points.n);
  const parts = Math.min(helpers.length + 1, blocks);
  if (parts < 2) return { ...localMixtureEngine(points, kmeansEngine), threads: 1, close: async () => undefined };
  const used = helpers.slice(0, parts - 1);
  const bounds = Array.from({ length: parts + 1 }, (_, part) => Math.round((part * blocks) / parts));
  const ids = await Promise.all(used.map((helper) => helper.mixturePoints(points.data, points.n)));
  const runs = (each: (fromBlock: number, toBlock: number, helper: number) => unknown) => used.map((_, h) => each(bounds[h + 1]!, bounds[h + 2]!, h));
  return {
    /** Threads the E-steps run on (this one and the helpers used). */
    threads: parts,
    async pass(model: PassModel) {
      const away = runs((from, to, h) => used[h]!.mixturePass(ids[h]!, model, from, to)) as Promise<Float64Array>[];
      const here = passBlocks(points.data, points.n, model, 0, bounds[1]!);
      return sumBlocks([here, ...(await Promise.all(away))], statsSize(model.k, model.d, model.covariance));
    },
    async label(model: PassModel) {
      const labels = new Uint8Array(points.n);
      const top = new Float32Array(points.n);
      const away = runs((from, to, h) => used[h]!.mixtureLabel(ids[h]!, model, from, to)) as Promise<{ labels: Uint8Array; top: Float32Array; sums: Float64Array }>[];
      const sums = [labelBlocks(points.data, points.n, model, 0, bounds[1]!, labels, top)];
      (await Promise.all(away)).forEach((part, h) => {
        labels.set(part.labels, bounds[h + 1]! * MIXTURE_BLOCK);
        top.set(part.top, bounds[h + 1]! * MIXTURE_BLOCK);
        sums.push(part.sums);
      });
      let logLikelihood = 0;
      for (const part of sums) for (const sum of part) logLikelihood += sum;
      return { labels, top, logLikelihood };
    },
    kmeansLabels: (k, seed, signal) => kmeansStartLabels(points, k, seed, kmeansEngine, signal),
    plusPlusCentres: (k, seed) => plusPlusStart(points, k, seed),
    async close() {
      await Promise.all(used.map((helper, h) => helper.dropMixturePoints(ids[h]!)));
    },
  };
}
