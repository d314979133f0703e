import type { EngineHostApi } from '../protocol/host.ts';
import type { JobKind } from '../protocol/jobs.ts';
import { createChooseKService } from './choose-k/choose-k-service.ts';
import { createDataService } from './data/data-service.ts';
import type { HostEnvironment } from './environment.ts';
import { createExploreService } from './explore/explore-service.ts';
import { createFitService } from './fit/fit-service.ts';
import { createJobs } from './jobs.ts';
import { createQueryService } from './query/query-service.ts';
import { Session } from './session.ts';
import { createSegmentsService } from './segments/segments-service.ts';

export type { HostEnvironment } from './environment.ts';
export { CancelledError } from './jobs.ts';

/**
 * Everything heavy the page needs, meant to live in a worker: one service per capability over
 * one session (the customers, their points, the last run) and one job registry (one cancel).
 * No DOM in here.
 */
export function createEngineHost(env: HostEnvironment): EngineHostApi {
  const jobs = createJobs();
  const session = new Session(env, jobs);
  return {
    data: createDataService(session, jobs),
    fit: createFitService(env, session, jobs),
    chooseK: createChooseKService(env, session, jobs),
    segments: createSegmentsService(env, session),
    explore: createExploreService(session, jobs),
    query: createQueryService(session),
    cancel: (kind: JobKind) => jobs.cancel(kind),
  };
}

export type EngineHost = EngineHostApi;
