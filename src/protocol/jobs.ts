/**
 * Long work in the engine worker, by kind: one job of each kind runs at a time (a new one
 * replaces the old), and `cancel(kind)` stops that one and nothing else (cancelling an export
 * leaves the run on screen alone).
 */
export type JobKind = 'generate' | 'import' | 'export' | 'explore' | 'fit' | 'sweep';

/** How a cancelled job of each kind is named in its error ("sweep cancelled"). */
export const JOB_NAMES: Readonly<Record<JobKind, string>> = {
  generate: 'generation', import: 'import', export: 'export', explore: 'exploration', fit: 'run', sweep: 'sweep',
};

export type ProgressListener = (done: number, total: number) => void;
