import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createSliceHost } from '../kmeans/cpu/threads/slice-host.ts';
import { createDensityHost } from '../density/helper-host.ts';
import { createMixtureHost } from '../mixture/helper-host.ts';

// A worker thread of the command line's CPU engine: holds kd-trees (or Hamerly slices) and runs their
// passes, and DBSCAN's and HDBSCAN's share of a run.
Comlink.expose({ ...createSliceHost(Comlink.transfer), ...createDensityHost(Comlink.transfer), ...createMixtureHost(Comlink.transfer) }, nodeEndpoint(parentPort!));
