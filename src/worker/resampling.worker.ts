/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createResamplingHost } from './resampling-thread.ts';

// A helper of the engine worker: the Choose-k table's gap statistic and stability, on a thread of their own.
Comlink.expose(createResamplingHost());
