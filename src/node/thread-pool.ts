import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { DbscanHelper } from '../density/dbscan-threads.ts';
import type { DensityHelper } from '../density/hdbscan-threads.ts';
import type { CpuEngineOptions } from '../kmeans/cpu/engine.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import type { SliceHost } from '../kmeans/cpu/threads/slice-host.ts';
import type { DensityHost } from '../density/helper-host.ts';
import type { MixtureHost } from '../mixture/helper-host.ts';
import type { MixtureHelper } from '../mixture/threads.ts';

/** A worker thread's services: the CPU engine's slices, DBSCAN's and HDBSCAN's ranges, a mixture's E-steps. */
type HelperHost = SliceHost & DensityHost & MixtureHost;
import { createSlicePool } from '../kmeans/cpu/threads/slice-pool.ts';

export interface ThreadPool {
  readonly threads: number;
  engine(points: PointMatrix, k: number, options?: CpuEngineOptions): AssignEngine;
  describe(n: number, d: number): Promise<string>;
  /** Start the threads now (they load their code while the caller reads its input). */
  warm(): Promise<void>;
  /** The first `count` threads as DBSCAN's, HDBSCAN's and a mixture's helpers (density/*-threads.ts, mixture/threads.ts). */
  helpers(count: number): (DensityHelper & DbscanHelper & MixtureHelper)[];
  /** Stop the threads (they would keep the process alive). */
  close(): Promise<void>;
}

// Worker threads do not inherit the main thread's tsx hooks: each registers them, then loads its
// module. Both found from here, not from the working folder (an eval worker resolves from there).
const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const threadModule = new URL('./slice-thread.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(threadModule)}); })`;

/**
 * The command line's CPU engine on every core: the same helper code as the page's workers, in
 * Node worker threads started on first use. The TypeScript sources load through tsx, as in the
 * main thread.
 */
export function createThreadPool(threads = availableParallelism()): ThreadPool {
  const started: Worker[] = [];
  let closing = false;
  const pool = createSlicePool(threads, (slot, onDeath) => {
    const worker = new Worker(bootstrap, { eval: true, name: `kmeans-thread-${slot}` });
    started.push(worker);
    // One sentence for the run instead of an unhandled error (a crash) or a call that never returns.
    worker.on('error', (error) => onDeath(new Error(`a CPU worker thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!closing && code !== 0) onDeath(new Error(`a CPU worker thread stopped (exit code ${code})`));
    });
    return Comlink.wrap<HelperHost>(nodeEndpoint(worker));
  });
  return {
    threads,
    engine: (points, k, options) => pool.engine(points, k, threads, options),
    warm: () => pool.warm(threads),
    helpers: (count) => pool.helpers(count),
    describe: (n, d) => pool.describe(n, d, threads).then((where) => where.replace('helper workers', 'threads')),
    async close() {
      closing = true;
      await Promise.all(started.splice(0).map((worker) => worker.terminate()));
    },
  };
}
