import * as Comlink from 'comlink';
import type { EngineHostApi } from '../protocol/host.ts';

/**
 * The worker's services as the page calls them: `host.fit.run(...)`. Comlink reaches a nested
 * service by its path at run time; its types would call a nested object a promise, so each
 * service is typed as a remote of its own.
 */
export type RemoteHost = { readonly [S in keyof EngineHostApi]: Comlink.Remote<EngineHostApi[S]> };

/** The engine worker, reached through comlink; terminate() also cancels long work at once. */
export function createEngineClient() {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'kmeans-engine' });
  const host = Comlink.wrap<EngineHostApi>(worker) as unknown as RemoteHost;
  return { host, terminate: () => worker.terminate() };
}

export type EngineClient = ReturnType<typeof createEngineClient>;

/** Whether a rejected worker call was cancelled (the worker's CancelledError arrives as a plain Error). */
export const isCancelled = (error: unknown) => error instanceof Error && /cancelled/.test(error.message);
