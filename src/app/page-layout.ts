import type { Stage } from '../view/scatter/scene.ts';

/** Windows narrower than this fold the panel to its title bar, so the drawer and the scene get the width. */
const FOLD_BELOW = 1100;

/**
 * The scene is framed for what the panel, the HUD's column and the drawer leave visible, and
 * follows them as they open and close; narrow windows fold the panel (at load, and whenever the
 * window becomes that narrow).
 */
export function followPageLayout(parts: { stage: Stage; panel: HTMLElement; drawer: HTMLElement; hud: HTMLElement; fold: (folded: boolean) => void }) {
  const { stage, panel, drawer, hud } = parts;
  const follow = () => {
    const right = panel.querySelector('.lil-root.lil-closed') ? 0 : panel.offsetWidth;
    // The drawer spans the window when the panel is folded (its title bar sits above the drawer).
    document.documentElement.style.setProperty('--panel-width', `${right}px`);
    // The HUD, the legend and the query tools stop above the drawer (the legend scrolls) instead of hiding under it.
    document.documentElement.style.setProperty('--drawer-height', `${drawer.offsetHeight}px`);
    // The HUD's column: its width only (panels that come and go below the HUD would shift the view
    // under a lasso being drawn), and only where the window leaves the scene enough room beside it.
    const beside = hud.offsetWidth + 24;
    const left = window.innerWidth - right - beside >= 480 ? beside : 0;
    stage.setInsets({ left, right, bottom: drawer.offsetHeight });
  };
  const observer = new ResizeObserver(follow);
  for (const element of [panel, drawer, hud]) observer.observe(element);

  let wasNarrow = window.innerWidth < FOLD_BELOW;
  if (wasNarrow) parts.fold(true);
  window.addEventListener('resize', () => {
    const narrow = window.innerWidth < FOLD_BELOW;
    if (narrow && !wasNarrow) parts.fold(true);
    wasNarrow = narrow;
  });
}
