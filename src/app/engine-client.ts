import * as Comlink from 'comlink';
import type { EngineHostApi } from '../protocol/host.ts';
import { ENGINE_ALIVE, ENGINE_LIFE_PREFIX } from '../protocol/engine-life.ts';

/**
 * The worker's services as the page calls them: `host.fit.run(...)`. Comlink reaches a nested
 * service by its path at run time; its types would call a nested object a promise, so each
 * service is typed as a remote of its own.
 */
export type RemoteHost = { readonly [S in keyof EngineHostApi]: Comlink.Remote<EngineHostApi[S]> };

/** A call that was in flight when the engine's worker ended. */
export class EngineLostError extends Error {
  constructor() {
    super('the engine stopped (its worker ended) before it answered');
    this.name = 'EngineLostError';
  }
}

/** One engine worker: its remote, and the calls in flight on it (each one's reject, called if the worker ends first). */
interface Life {
  readonly worker: Worker;
  readonly remote: Comlink.Remote<EngineHostApi>;
  readonly inFlight: Set<(error: Error) => void>;
  /** Why the worker never started (its script failed), or null: a call then fails at once instead of waiting. */
  startFailure: Error | null;
  /** The worker said it holds its lock: it started. */
  alive: boolean;
}

/**
 * The engine worker, reached through comlink, and kept alive: where the worker ends (out of
 * memory, a crash, killed), every call in flight rejects with EngineLostError, a new worker takes
 * its place and `onRestart` listeners are told, so the page can put its work back.
 *
 * The worker's end is seen through a Web Lock: the worker holds one named for it from its start,
 * the browser releases it when the worker ends however it ends, and the page's own request for the
 * same lock is then granted. Where Web Locks are missing the worker is not watched.
 */
export function createEngineClient() {
  const restartListeners = new Set<() => void>();
  let life = start();

  function start(): Life {
    const name = `${ENGINE_LIFE_PREFIX}${crypto.randomUUID()}`;
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name });
    const remote = Comlink.wrap<EngineHostApi>(worker);
    const inFlight = new Set<(error: Error) => void>();
    // Asked only once the worker holds its lock (it says so), or the page would get it first.
    const watch = (event: MessageEvent) => {
      if (event.data !== ENGINE_ALIVE) return;
      started.alive = true;
      worker.removeEventListener('message', watch);
      void navigator.locks.request(name, async () => {
        if (life.worker !== worker) return;
        for (const reject of inFlight) reject(new EngineLostError());
        inFlight.clear();
        worker.terminate();
        life = start();
        for (const listener of restartListeners) listener();
      });
    };
    if ('locks' in navigator) worker.addEventListener('message', watch);
    const started: Life = { worker, remote, inFlight, startFailure: null, alive: false };
    // A worker whose script fails never holds its lock: its calls fail with the reason (no restart, which would fail the same way).
    // (Watched only with locks: without them a later error in a live worker would look the same.)
    if ('locks' in navigator) worker.addEventListener('error', (event) => {
      if (started.alive) return;
      started.startFailure = new Error(`the engine could not start (${event.message || 'its script did not load'})`);
      for (const reject of inFlight) reject(started.startFailure);
      inFlight.clear();
    });
    return started;
  }

  /**
   * A method (`host.cancel`) or a service's method (`host.fit.run`), reached by its path on
   * whichever worker is alive now; a call rejects if that worker ends before it answers.
   */
  const reach = (path: readonly string[]): unknown => new Proxy(() => undefined, {
    // Not a promise: `then` must read as absent, or awaiting a service would call it.
    get: (_, key) => (typeof key !== 'string' || key === 'then' ? undefined : reach([...path, key])),
    apply: (_, __, args: unknown[]) => {
      const current = life;
      const target = path.reduce<unknown>((remote, key) => (remote as Record<string, unknown>)[key], current.remote) as (...a: unknown[]) => Promise<unknown>;
      // Not Promise.race against a promise that lives as long as the worker: that would keep every answer.
      return new Promise<unknown>((resolve, reject) => {
        if (current.startFailure) return reject(current.startFailure);
        current.inFlight.add(reject);
        target(...args).then(resolve, reject).finally(() => current.inFlight.delete(reject));
      });
    },
  });
  const host = reach([]) as RemoteHost;

  return {
    host,
    /** Told after a new worker has replaced one that ended; returns a function that stops telling. */
    onRestart(listener: () => void) {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
  };
}

export type EngineClient = ReturnType<typeof createEngineClient>;

/** Whether a rejected worker call was cancelled (the worker's CancelledError arrives as a plain Error). */
export const isCancelled = (error: unknown) => error instanceof Error && /cancelled/.test(error.message);
