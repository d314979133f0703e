import type { Stage } from '../view/scatter/scene.ts';

/** Windows narrower than this fold the panel to its title bar, so the drawer and the scene get the width. */
const FOLD_BELOW = 1100;

/**
 * The scene is framed for what the panel, the HUD's column and the drawer leave visible, and
 * follows them as they open and close; narrow windows fold the panel (at load, and whenever the
 * window becomes that narrow).
 */
export function followPageLayout(parts: { stage: Stage; panel: HTMLElement; drawer: HTMLElement; leftColumn: HTMLElement; fold: (folded: boolean) => void }) {
  const { stage, panel, drawer, leftColumn } = parts;
  const follow = () => {
    const right = panel.querySelector('.lil-root.lil-closed') ? 0 : panel.offsetWidth;
    // The drawer spans the window when the panel is folded (its title bar sits above the drawer).
    document.documentElement.style.setProperty('--panel-width', `${right}px`);
    // The HUD, the legend and the query tools stop above the drawer (the legend scrolls) instead of hiding under it.
    document.documentElement.style.setProperty('--drawer-height', `${drawer.offsetHeight}px`);
    // The left column (HUD, offer, tools, legend) as wide as its widest: the view is framed beside
    // it, so a k offer or a long legend does not cover the axis ticks. The lasso's panels, which
    // come and go while the view is in use, stand on the right and do not move the view. Only
    // where the window leaves the scene enough room beside it.
    const beside = leftColumn.offsetWidth + 24;
    const left = window.innerWidth - right - beside >= 480 ? beside : 0;
    stage.setInsets({ left, right, bottom: drawer.offsetHeight });
  };
  const observer = new ResizeObserver(follow);
  for (const element of [panel, drawer, leftColumn]) observer.observe(element);

  let wasNarrow = window.innerWidth < FOLD_BELOW;
  if (wasNarrow) parts.fold(true);
  window.addEventListener('resize', () => {
    const narrow = window.innerWidth < FOLD_BELOW;
    if (narrow && !wasNarrow) parts.fold(true);
    wasNarrow = narrow;
  });
}
