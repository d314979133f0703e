import { atMostEvery } from './at-most-every.ts';

/**
 * Progress is redrawn at most this often. Each redraw is a composited frame, and on a
 * software-rendered page the compositor's frames take CPU from the engine: a 1 M Choose-k
 * sweep's 150 updates cost 0.9 s of CPU and made the sweep 20 % slower.
 */
const REDRAW_INTERVAL_MS = 200;

/** A piece of long work shown in the progress bar; updates after `end()` are ignored. */
export interface ProgressTask {
  update(label: string, fraction: number): void;
  end(): void;
}

/**
 * One place for long work: a labelled progress bar with a cancel button. Each action starts its
 * own task and ends it in a `finally`, so the bar always goes away (done, cancelled or failed)
 * even when a late progress message from the worker arrives after the result. With two tasks at
 * once the newest is shown, and Cancel cancels the one shown.
 */
export function createProgress(root: HTMLElement) {
  const text = document.createElement('span');
  text.className = 'progress-text';
  const track = document.createElement('div');
  track.className = 'progress-track';
  const bar = document.createElement('div');
  bar.className = 'progress-bar';
  track.append(bar);
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  root.append(text, track, cancel);
  root.hidden = true;

  interface Active { label: string; fraction: number; cancel: () => void }
  const active: Active[] = [];
  const render = () => {
    const shown = active.at(-1);
    root.hidden = !shown;
    if (!shown) return;
    text.textContent = shown.label;
    bar.style.width = `${Math.round(Math.min(1, Math.max(0, shown.fraction)) * 100)}%`;
    root.dataset.progress = shown.fraction.toFixed(3);
  };
  const redraw = atMostEvery(REDRAW_INTERVAL_MS, render);
  cancel.addEventListener('click', () => active.at(-1)?.cancel());

  return {
    start(label: string, cancelWith: () => void): ProgressTask {
      const task: Active = { label, fraction: 0, cancel: cancelWith };
      active.push(task);
      redraw.now();
      return {
        update(nextLabel: string, fraction: number) {
          if (!active.includes(task)) return;
          task.label = nextLabel;
          task.fraction = fraction;
          redraw.soon();
        },
        end() {
          const at = active.indexOf(task);
          if (at >= 0) active.splice(at, 1);
          redraw.now();
        },
      };
    },
  };
}

export type Progress = ReturnType<typeof createProgress>;
