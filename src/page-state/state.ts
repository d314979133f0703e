import type { RunParams } from './run-params.ts';
import type { ModelStart, SourceLabel } from './source.ts';
import type { ViewParams } from './view-params.ts';

/** The one state the panel, the URL and the drawing read. Only committed actions change it. */
export interface PageState {
  readonly run: RunParams;
  readonly view: ViewParams;
  readonly source: SourceLabel;
  readonly model: ModelStart | null;
}

export type { ModelStart, SourceLabel } from './source.ts';

export type StateListener = (state: PageState, previous: PageState) => void;

/**
 * A tiny store: `set` replaces parts of the state and tells every listener. An action that is
 * cancelled or fails calls `refresh()`, so a panel that already shows the user's proposal shows
 * the committed values again.
 */
export function createPageState(initial: PageState) {
  let state = initial;
  const listeners = new Set<StateListener>();
  const emit = (previous: PageState) => listeners.forEach((listener) => listener(state, previous));
  return {
    get: (): PageState => state,
    set(patch: Partial<PageState>) {
      const previous = state;
      state = { ...state, ...patch };
      emit(previous);
    },
    /** Tell the listeners again (after a cancelled proposal). */
    refresh: () => emit(state),
    subscribe(listener: StateListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type PageStateStore = ReturnType<typeof createPageState>;
