/**
 * Paces a run for the eye: the engine waits at `gate()` after each iteration. Playing, the
 * gate opens after 1000 / speed ms (at once for speed Infinity); paused, only `step()` or
 * `play()` opens it. `release()` opens it for good (a run being cancelled).
 */
export function createPacer(initial: { playing: boolean; speed: number }) {
  let playing = initial.playing;
  let speed = initial.speed;
  let waiting: (() => void) | null = null;
  let released = false;
  let lastOpened = 0;
  const listeners = new Set<() => void>();

  const open = () => {
    const resolve = waiting;
    waiting = null;
    lastOpened = performance.now();
    resolve?.();
  };

  return {
    async gate(): Promise<void> {
      if (released) return;
      if (playing) {
        const wait = Number.isFinite(speed) ? 1000 / speed - (performance.now() - lastOpened) : 0;
        // Always yield once, so a frame can draw the iteration before the next one lands.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
        if (playing || released) {
          lastOpened = performance.now();
          return;
        }
      }
      await new Promise<void>((resolve) => {
        waiting = resolve;
        listeners.forEach((l) => l());
      });
    },
    play() {
      playing = true;
      open();
      listeners.forEach((l) => l());
    },
    pause() {
      playing = false;
      listeners.forEach((l) => l());
    },
    /** Let exactly one more iteration through (pauses first if playing). */
    step() {
      playing = false;
      open();
      listeners.forEach((l) => l());
    },
    release() {
      released = true;
      open();
    },
    setSpeed(next: number) {
      speed = next;
    },
    isPlaying: () => playing,
    isWaiting: () => waiting !== null,
    onChange(listener: () => void) {
      listeners.add(listener);
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;
