/** What the page's keys do. */
export interface KeyActions {
  readonly playPause: () => void;
  readonly step: () => void;
  readonly halfStep: () => void;
  readonly restart: () => void;
  /** F or Home: every customer in view again. */
  readonly fitView: () => void;
  /** Esc: the newest thing open ends. */
  readonly escape: () => void;
  /** Ctrl+Z (Cmd+Z): the newest change to the analysis undone. */
  readonly undo: () => void;
}

/** Space play/pause, → one step (Shift: half a step), R restart with a new seed, F or Home fit the view, Esc, Ctrl+Z undo; never while typing or in a dialog. */
export function listenToKeys(actions: KeyActions) {
  window.addEventListener('keydown', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    if (document.querySelector('dialog[open]')) return;
    if ((event.ctrlKey || event.metaKey) && (event.key === 'z' || event.key === 'Z') && !event.shiftKey) {
      event.preventDefault();
      actions.undo();
    } else if (event.key === ' ') {
      event.preventDefault();
      actions.playPause();
    } else if (event.key === 'ArrowRight') {
      if (event.shiftKey) actions.halfStep();
      else actions.step();
    } else if (event.key === 'r' || event.key === 'R') {
      actions.restart();
    } else if (event.key === 'f' || event.key === 'F' || event.key === 'Home') {
      actions.fitView();
    } else if (event.key === 'Escape') {
      actions.escape();
    }
  });
}
