/**
 * Run `draw` at most once every `intervalMs`: a call inside the interval is held and run once at
 * its end, so the last state is always drawn. `now()` draws at once (a start or an end must show
 * without delay) and drops a held call.
 */
export function atMostEvery(intervalMs: number, draw: () => void) {
  let lastDrawn = -Infinity;
  let held: ReturnType<typeof setTimeout> | undefined;
  const drawNow = () => {
    if (held !== undefined) clearTimeout(held);
    held = undefined;
    lastDrawn = performance.now();
    draw();
  };
  return {
    /** Draw now if the last draw is `intervalMs` old, else once when it is. */
    soon() {
      if (held !== undefined) return;
      const wait = lastDrawn + intervalMs - performance.now();
      if (wait <= 0) drawNow();
      else held = setTimeout(drawNow, wait);
    },
    now: drawNow,
  };
}
