import * as Comlink from 'comlink';
import type { EngineHost } from '../worker/engine-host.ts';

/** The engine worker, reached through comlink; terminate() also cancels long work at once. */
export function createEngineClient() {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'kmeans-engine' });
  const host = Comlink.wrap<EngineHost>(worker);
  return { host, terminate: () => worker.terminate() };
}

export type EngineClient = ReturnType<typeof createEngineClient>;

/** Whether a rejected worker call was cancelled (the worker's CancelledError arrives as a plain Error). */
export const isCancelled = (error: unknown) => error instanceof Error && /cancelled/.test(error.message);
