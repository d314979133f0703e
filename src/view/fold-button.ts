/** Windows shorter than this start with the HUD and the legend folded, so the scene keeps the room. */
const SHORT_WINDOW_PX = 760;

/**
 * A − / + button that folds `root` (the class `foldedClass` says how it looks folded). It folds by
 * itself on short windows: at once, and whenever the window crosses the threshold (unfolding when
 * it grows past it); a fold the analyst chose in between stands until the next crossing.
 */
export function createFoldButton(root: HTMLElement, options: { name: string; foldedClass: string; fold: string; unfold: string }): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.name = options.name;
  button.className = 'hud-fold';
  const show = (folded: boolean) => {
    root.classList.toggle(options.foldedClass, folded);
    button.textContent = folded ? '+' : '−';
    button.setAttribute('aria-label', folded ? options.unfold : options.fold);
    button.setAttribute('aria-expanded', String(!folded));
  };
  button.addEventListener('click', () => show(!root.classList.contains(options.foldedClass)));
  let short = window.innerHeight < SHORT_WINDOW_PX;
  show(short);
  window.addEventListener('resize', () => {
    const now = window.innerHeight < SHORT_WINDOW_PX;
    if (now !== short) show(now);
    short = now;
  });
  return button;
}
