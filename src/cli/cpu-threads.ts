import { createCpuEngine, usefulThreads, type CpuEngineOptions } from '../kmeans/cpu/engine.ts';
import type { AssignEngine, BackendChoice, PointMatrix } from '../kmeans/types.ts';
import { createThreadPool, type ThreadPool } from '../node/thread-pool.ts';

/**
 * The CPU engine's worker threads: only where there is more than one core and more than one run
 * of customers to share out (with one, a thread would only add its start-up), no
 * more threads than runs, and only once the CPU is known to serve (with `auto` the GPU may).
 */
export class CpuThreads {
  private pool: ThreadPool | null = null;
  private warming: Promise<unknown> = Promise.resolve();
  constructor(private readonly wanted: number, private readonly backend: BackendChoice) {}

  private threadsFor(n: number): number {
    return usefulThreads(n, this.wanted);
  }

  private start(n: number): ThreadPool | null {
    if (!this.pool && this.threadsFor(n) > 1) {
      this.pool = createThreadPool(this.threadsFor(n));
      this.warming = this.pool.warm().catch(() => undefined);
    }
    return this.pool;
  }

  /** With `--backend cpu`, start the threads now if n customers would use them (they load while the file is read). */
  expect(n: number): void {
    if (this.backend === 'cpu') this.start(n);
  }

  /** The CPU engine factory for n customers: on the threads (started on first use), or on this one. */
  engineFor(n: number, options: CpuEngineOptions): (points: PointMatrix, k: number) => AssignEngine {
    return (points, k) => this.start(n)?.engine(points, k, options) ?? createCpuEngine(points, k, options);
  }

  /** Threads the CPU engine runs on for n customers. */
  count(n: number): number {
    return this.pool ? this.threadsFor(n) : 1;
  }

  ready(): Promise<unknown> {
    return this.warming;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
