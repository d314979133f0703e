/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { browserShaders } from '../kmeans/gpu/shaders.browser.ts';
import { createCpuEngine } from '../kmeans/cpu/engine.ts';
import { createEngineHost } from './host.ts';

import { resamplingOnWorker } from './resampling-thread.ts';
import { createSlicePool } from '../kmeans/cpu/threads/slice-pool.ts';
import type { SliceHost } from '../kmeans/cpu/threads/slice-host.ts';
import type { DensityHost } from '../density/helper-host.ts';
import type { MixtureHost } from '../mixture/helper-host.ts';
import { ENGINE_ALIVE, ENGINE_LIFE_PREFIX } from '../protocol/engine-life.ts';

// The page sees this worker end (out of memory, a crash) when the browser releases this lock.
if (self.name.startsWith(ENGINE_LIFE_PREFIX) && 'locks' in navigator) {
  void navigator.locks.request(self.name, () => {
    postMessage(ENGINE_ALIVE);
    return new Promise<never>(() => undefined);
  });
}

// WebGPU is available to dedicated workers; the page's main thread only draws.
// The CPU engine's slices run on helper workers. Automatic: one per core but one (the page's
// renderer and the browser's GPU process need a core; on two cores the helpers' messaging and
// contention cost more than they gain), up to 4; one thread runs here, in this worker.
const MAX_HELPERS = 4;
const automatic = Math.max(1, Math.min(MAX_HELPERS, (navigator.hardwareConcurrency || 1) - 1));
const threadsFor = (threads: number) => (threads > 0 ? threads : automatic);
const pool = createSlicePool(MAX_HELPERS, (slot, onDeath) => {
  const helper = new Worker(new URL('./slice.worker.ts', import.meta.url), { type: 'module', name: `kmeans-slice-${slot}` });
  helper.addEventListener('error', (event) => {
    event.preventDefault();
    onDeath(new Error(`a CPU helper worker failed: ${event.message || 'it could not start'}`));
    helper.terminate();
  });
  return Comlink.wrap<SliceHost & DensityHost & MixtureHost>(helper);
});
Comlink.expose(createEngineHost({
  gpu: async () => navigator.gpu,
  shaders: browserShaders,
  transfer: Comlink.transfer,
  cpu: (points, k, threads) => (threadsFor(threads) > 1 ? pool.engine(points, k, threadsFor(threads)) : createCpuEngine(points, k)),
  prepareCpu: (points, threads, onProgress) => (threadsFor(threads) > 1 ? pool.prepare(points, threadsFor(threads), onProgress) : null),
  forgetCpu: () => pool.forget(),
  // DBSCAN, HDBSCAN and a mixture's E-steps work on this thread too: one helper fewer than the KMeans engine's slices.
  helpers: (threads) => pool.helpers(threadsFor(threads) - 1),
  describeCpu: async (n, d, threads) => (threadsFor(threads) > 1 ? pool.describe(n, d, threadsFor(threads)) : null),
  resampling: resamplingOnWorker(() => new Worker(new URL('./resampling.worker.ts', import.meta.url), { type: 'module', name: 'kmeans-resampling' })),
}));
