import * as Comlink from 'comlink';
import type { PageStateStore } from '../../page-state/state.ts';
import { downloadBlob } from '../../view/download.ts';
import type { Progress } from '../../view/progress.ts';
import { renderSelection } from '../../view/selection-panel.ts';
import { isCancelled, type EngineClient } from '../engine-client.ts';
import type { QueryWorkbench } from './query-workbench.ts';
import { nextIsolation, segmentMask } from './segment-mask.ts';

/** Selected customers: a mask over the drawn rows; `kept`: kept as a filter (later lassos select within it). */
export interface Selection {
  readonly mask: Uint8Array;
  readonly count: number;
  readonly kept: boolean;
}

/**
 * What stays in colour: a selection (lasso or search) with its summary panel and export, else the
 * segments isolated from the legend (kept in the URL as `only=`). One highlight at a time: the
 * newest question's customers stay in colour, the others fade.
 */
export function createSelection(parts: {
  workbench: QueryWorkbench;
  engine: EngineClient;
  state: PageStateStore;
  progress: Progress;
  panel: HTMLElement;
  toolbar: HTMLElement;
  say: (text: string) => void;
  /** Keep as filter ends the lasso. */
  onKeep: () => void;
}) {
  const { workbench, engine, state, panel } = parts;
  let selection: Selection | null = null;

  const isolatedMask = (segments: readonly number[]) => {
    const outcome = workbench.outcome();
    return outcome ? segmentMask(outcome.labels, outcome.result.k, segments) : null;
  };

  /** The newest question decides what stays in colour: a selection, else the isolated segments. */
  function applyHighlight() {
    const only = state.get().view.only;
    workbench.highlight(selection ? selection.mask : isolatedMask(only));
    workbench.refreshLegend();
    parts.toolbar.dataset.isolated = only.join(',');
  }

  /** Show (or end, with null) a selection; `started`: when the lasso closed, to time it to the summary shown. */
  async function select(next: Selection | null, started = performance.now()) {
    selection = next;
    if (!next) {
      panel.hidden = true;
      delete panel.dataset.count;
      applyHighlight();
      return;
    }
    applyHighlight();
    const summary = await engine.host.query.selectionSummary(next.mask);
    if (selection !== next) return;
    renderSelection(panel, summary, workbench.outcome() ? workbench.looks() : null, next.kept, {
      exportCsv: () => void exportSelection(next.mask),
      keepAsFilter: () => {
        parts.onKeep();
        void select({ ...next, kept: true });
      },
      clear: () => void select(null),
    });
    panel.dataset.ms = (performance.now() - started).toFixed(1);
  }

  async function exportSelection(mask: Uint8Array) {
    if (!workbench.outcome()) return parts.say('The selection can be exported once the run has finished.');
    const task = parts.progress.start('Exporting the selected customers…', () => void engine.host.cancel('export'));
    try {
      const onProgress = Comlink.proxy((done: number, total: number) => task.update('Exporting the selected customers…', done / total));
      downloadBlob(await engine.host.data.exportCsv(workbench.names(), onProgress, undefined, mask), 'selected_customers.csv');
    } catch (error) {
      if (!isCancelled(error)) parts.say(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      task.end();
    }
  }

  return {
    select,
    current: () => selection,
    /** The customers a new lasso may select: those a kept filter keeps, else those in colour. */
    selectable: () => (selection?.kept ? selection.mask : workbench.highlighted()),
    /** A legend entry was clicked: isolate its segment (`add`: toggle it among the isolated ones). */
    isolate(segment: number, add: boolean) {
      state.set({ view: { ...state.get().view, only: nextIsolation(state.get().view.only, segment, add) } });
      if (selection && !selection.kept) void select(null);
      else applyHighlight();
    },
    /** Isolate exactly these segments (a bookmark's). */
    isolateOnly(only: readonly number[]) {
      state.set({ view: { ...state.get().view, only } });
      applyHighlight();
    },
    isolatedMask,
    /** A run finished: isolated segments it does not have are dropped; the highlight applies to its labels. */
    onOutcome() {
      const { only } = state.get().view;
      const outcome = workbench.outcome();
      if (outcome && only.some((c) => c >= outcome.result.k)) state.set({ view: { ...state.get().view, only: [] } });
      applyHighlight();
    },
    /** New customers: the selection belonged to the old ones. */
    forget() {
      selection = null;
      panel.hidden = true;
    },
  };
}

export type SelectionController = ReturnType<typeof createSelection>;
