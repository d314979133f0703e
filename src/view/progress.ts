/** One place for long work: a labelled progress bar with a cancel button. */
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
  let onCancel: (() => void) | null = null;
  cancel.addEventListener('click', () => onCancel?.());

  return {
    show(label: string, fraction: number, cancelWith: () => void) {
      root.hidden = false;
      text.textContent = label;
      bar.style.width = `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
      root.dataset.progress = fraction.toFixed(3);
      onCancel = cancelWith;
    },
    hide() {
      root.hidden = true;
      onCancel = null;
    },
  };
}
