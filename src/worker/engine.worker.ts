/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { browserShaders } from '../kmeans/gpu/shaders.browser.ts';
import { createEngineHost } from './engine-host.ts';

import { createSlicePool } from './slice-pool.ts';

// WebGPU is available to dedicated workers; the page's main thread only draws.
// The CPU engine's slices run on helper workers, one per core (up to 4).
const cores = Math.min(4, navigator.hardwareConcurrency || 1);
const pool = cores > 1 ? createSlicePool(cores) : null;
Comlink.expose(createEngineHost({
  gpu: async () => navigator.gpu, shaders: browserShaders, transfer: Comlink.transfer, cpu: pool ? (points, k) => pool.engine(points, k) : undefined,
}));
