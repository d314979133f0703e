import type { DbscanHelper } from '../density/dbscan-threads.ts';
import type { DensityHelper } from '../density/hdbscan-threads.ts';
import type { MixtureHelper } from '../mixture/threads.ts';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { cpuAlgorithmFor } from '../kmeans/cpu/engine.ts';
import { cpuKernelName } from '../kmeans/cpu/hamerly.ts';
import { prepareLocalForest } from '../kmeans/cpu/kdtree/forest.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import { MEASURE_ASIDE_MAX_ROWS, type ResamplingThread } from './resampling-thread.ts';

/** What the worker's services get from where they run (the browser's worker, or a test in Node). */
/**
 * The page's \`auto\` passes a software WebGPU adapter over (SwiftShader emulates a GPU on the same
 * cores: Choose k on 1 M customers took 80.8 s there against 4.4 s on the CPU engine) and says so.
 */
export const PAGE_SOFTWARE_GPU = { useAnyway: 'choose WebGPU as the backend to use it anyway' } as const;

export interface HostEnvironment {
  readonly gpu: () => Promise<GPU | undefined>;
  readonly shaders: ShaderSources;
  /** Hand big arrays over without copying (comlink's transfer in the worker; identity in tests). */
  readonly transfer: <T>(value: T, buffers: ArrayBuffer[]) => T;
  /**
   * The CPU engine for a thread count (0: automatic); the page's worker spreads the slices over
   * helper workers. Default: this thread.
   */
  readonly cpu?: (points: PointMatrix, k: number, threads: number) => AssignEngine;
  /**
   * Build the CPU engine's index of these points (kd-trees) in the helpers for a thread count,
   * telling progress (0 to 1); null where this thread's engine serves (it indexes here).
   */
  readonly prepareCpu?: (points: PointMatrix, threads: number, onProgress?: (share: number) => void) => Promise<void> | null;
  /** Free the CPU engine's index of the last points (new customers replace them). */
  readonly forgetCpu?: () => void;
  /** Where that engine's passes run, in words; null when on this thread. */
  readonly describeCpu?: (n: number, d: number, threads: number) => Promise<string | null>;
  /** Helpers that work beside this thread on DBSCAN, HDBSCAN and a mixture's E-steps, for a thread count (0: automatic); default none. */
  readonly helpers?: (threads: number) => (DensityHelper & DbscanHelper & MixtureHelper)[];
  /**
   * Where the Choose-k table's gap and stability run, and then the CPU sweep's measures
   * (default: this thread, beside the sweep).
   */
  readonly resampling?: ResamplingThread;
}

/** The CPU engine as the environment offers it, for the services that fit. */
export function cpuEngines(env: HostEnvironment) {
  return {
    /** The engine factory for a thread count; undefined: this thread's engine. */
    factory: (threads: number) => (env.cpu ? (p: PointMatrix, k: number) => env.cpu!(p, k, threads) : undefined),
    /** Index new points for the CPU engine before its first pass, so the wait shows progress. */
    async prepare(p: PointMatrix, threads: number, onProgress?: (share: number) => void): Promise<void> {
      const inHelpers = env.prepareCpu?.(p, threads, onProgress);
      if (inHelpers) await inHelpers;
      else if (cpuAlgorithmFor(p.n, p.d) === 'kd-tree filtering') await prepareLocalForest(p, onProgress);
    },
    /** Where the engine's passes run, in words. */
    async describe(n: number, d: number, threads: number): Promise<string> {
      const algorithm = cpuAlgorithmFor(n, d);
      return (await env.describeCpu?.(n, d, threads)) ?? `${algorithm}, ${algorithm === 'Hamerly' ? cpuKernelName(d) : 'JavaScript'}, one thread`;
    },
    /** Whether the engine's passes run on this thread (no helpers for these customers). */
    async runsHere(n: number, d: number, threads: number): Promise<boolean> {
      return ((await env.describeCpu?.(n, d, threads)) ?? null) === null;
    },
    /** The resampling worker, to share a sweep's measures: its copy of the customers is worth its memory up to a few million. */
    measuresAsideFor: (p: PointMatrix) => (p.n <= MEASURE_ASIDE_MAX_ROWS ? env.resampling : undefined),
  };
}
