import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import type { SliceHost } from '../worker/slice-host.ts';
import { createSlicePool } from '../worker/slice-pool.ts';

export interface ThreadPool {
  readonly threads: number;
  engine(points: PointMatrix, k: number): AssignEngine;
  describe(n: number, d: number): Promise<string>;
  /** Stop the threads (they would keep the process alive). */
  close(): Promise<void>;
}

// Worker threads do not inherit the main thread's tsx hooks: each registers them, then loads its module.
const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./slice-thread.ts', import.meta.url).href)}); })`;

/**
 * The command line's CPU engine on every core: the same helper code as the page's workers, in
 * Node worker threads started on first use. The TypeScript sources load through tsx, as in the
 * main thread.
 */
export function createThreadPool(threads = availableParallelism()): ThreadPool {
  const started: Worker[] = [];
  const pool = createSlicePool(threads, (slot) => {
    const worker = new Worker(bootstrap, { eval: true, name: `kmeans-thread-${slot}` });
    started.push(worker);
    return Comlink.wrap<SliceHost>(nodeEndpoint(worker));
  });
  return {
    threads,
    engine: (points, k) => pool.engine(points, k, threads),
    describe: (n, d) => pool.describe(n, d, threads).then((where) => where.replace('helper workers', 'threads')),
    async close() {
      await Promise.all(started.splice(0).map((worker) => worker.terminate()));
    },
  };
}
