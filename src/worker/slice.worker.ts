/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createSliceHost } from '../kmeans/cpu/threads/slice-host.ts';
import { createDensityHost } from '../density/helper-host.ts';
import { createMixtureHost } from '../mixture/helper-host.ts';

// A helper of the engine worker: runs Hamerly passes over the slices of customers it is given,
// and DBSCAN's and HDBSCAN's share of a run.
Comlink.expose({ ...createSliceHost(Comlink.transfer), ...createDensityHost(Comlink.transfer), ...createMixtureHost(Comlink.transfer) });
