import { analysisOf, createHistory, CUSTOMER_KEYS, describeIsolation, describeRunChange, type AnalysisStep } from '../../page-state/history.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import type { RunParams } from '../../page-state/run-params.ts';
import { makeButton } from '../../view/button.ts';
import { renderHistory } from '../../view/history-panel.ts';

/**
 * Undo for the analysis: every change to the clustering settings, the isolated segments or a
 * segment's name is recorded with the analysis before it; Ctrl+Z (or the History panel) puts the
 * newest back: the settings refitted (the engines are deterministic: the same run comes back),
 * the isolation and the names as they were. New customers start a new history.
 */
export function createHistoryController(parts: {
  state: PageStateStore;
  root: HTMLElement;
  names: () => readonly string[];
  refit: (run: RunParams) => Promise<void>;
  isolateOnly: (only: readonly number[]) => void;
  rename: (cluster: number, name: string) => void;
}) {
  const { state, root } = parts;
  const history = createHistory();
  let open = false;
  // While a step is put back, its own changes are not recorded.
  let undoing = false;
  let status = '';
  const button = makeButton('History', 'history', () => show(!open), 'The changes to the analysis, to step back through (Ctrl+Z undoes the newest)');
  button.setAttribute('aria-expanded', 'false');

  function show(next: boolean) {
    open = next;
    button.setAttribute('aria-expanded', String(next));
    if (next) renderHistory(root, history.list(), status, () => void undo());
    else root.hidden = true;
  }
  const refresh = () => {
    button.dataset.steps = String(history.list().length);
    if (open) show(true);
  };

  const record = (label: string, run: RunParams, only: readonly number[], names: readonly string[]) => {
    if (undoing) return;
    history.record({ label, run, only: [...only], names: [...names] });
    status = '';
    refresh();
  };

  state.subscribe((next, previous) => {
    const sameCustomers = next.source === previous.source && CUSTOMER_KEYS.every((key) => next.run[key] === previous.run[key]);
    if (!sameCustomers) {
      history.clear();
      refresh();
      return;
    }
    const names = parts.names();
    const ran = describeRunChange(previous.run, next.run);
    if (ran) record(ran, previous.run, previous.view.only, names);
    const isolated = describeIsolation(previous.view.only, next.view.only, names);
    if (isolated && !ran) record(isolated, previous.run, previous.view.only, names);
  });

  /** Put the newest step back: its settings (refitting where they differ), then its isolation and names. */
  async function undo() {
    // One step at a time: a second Ctrl+Z while a step refits waits for the next press.
    if (undoing) return;
    const step: AnalysisStep | null = history.back();
    if (!step) {
      status = 'Nothing to undo.';
      refresh();
      return;
    }
    undoing = true;
    try {
      if (describeRunChange(state.get().run, step.run)) await parts.refit({ ...state.get().run, ...analysisOf(step.run) });
      // Another run replaced the one put back (the analyst changed something meanwhile): its isolation and names are not this step's.
      if (describeRunChange(state.get().run, step.run)) {
        status = `Not fully undone: the settings changed again while "${step.label}" was being undone.`;
        return;
      }
      parts.isolateOnly(step.only);
      const now = parts.names();
      step.names.forEach((name, cluster) => {
        if (cluster < now.length && now[cluster] !== name) parts.rename(cluster, name);
      });
      status = `Undone: ${step.label}.`;
    } finally {
      undoing = false;
      refresh();
    }
  }

  return {
    button,
    undo,
    /** A segment was renamed (`before`: the names until then). */
    onRenamed(cluster: number, before: readonly string[], name: string) {
      const { run, view } = state.get();
      record(`renamed "${before[cluster] ?? `cluster ${cluster}`}" to "${name}"`, run, view.only, before);
    },
  };
}
