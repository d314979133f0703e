/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { browserShaders } from '../kmeans/gpu/shaders.browser.ts';
import { createEngineHost } from './engine-host.ts';

// WebGPU is available to dedicated workers; the page's main thread only draws.
Comlink.expose(createEngineHost({ gpu: async () => navigator.gpu, shaders: browserShaders, transfer: Comlink.transfer }));
