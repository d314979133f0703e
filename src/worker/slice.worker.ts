/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createSliceHost } from '../kmeans/cpu/threads/slice-host.ts';

// A helper of the engine worker: runs Hamerly passes over the slices of customers it is given.
Comlink.expose(createSliceHost(Comlink.transfer));
