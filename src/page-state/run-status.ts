/** Run states the page exposes as the HUD's `data-state`, for people (text) and tests (attributes). */
export type RunState = 'starting' | 'generating' | 'running' | 'paused' | 'converged' | 'stopped' | 'scored' | 'error';
