/** Windows shorter than this start with the HUD and the legend folded, so the scene keeps the room. */
const SHORT_WINDOW_PX = 760;

/**
 * Call `fold(true)` now if the window is short, and again whenever it crosses the threshold
 * (false when it grows past it); a fold the analyst chose in between stands until the next crossing.
 */
export function foldOnShortWindow(fold: (folded: boolean) => void): void {
  let short = window.innerHeight < SHORT_WINDOW_PX;
  fold(short);
  window.addEventListener('resize', () => {
    const now = window.innerHeight < SHORT_WINDOW_PX;
    if (now !== short) fold(now);
    short = now;
  });
}
