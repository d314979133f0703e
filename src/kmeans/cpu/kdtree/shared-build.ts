/** The share of a build done, 0 to 1. */
export type BuildProgress = (share: number) => void;

/** A build several callers may wait on, each hearing its progress from when it joins. */
export interface SharedBuild<T> {
  readonly result: Promise<T>;
  /** Hear the progress too: the share so far at once, then each step; 1 at once when done. */
  watch(listener: BuildProgress): void;
}

/** Start `build`, which tells its progress through the function it is given. */
export function sharedBuild<T>(build: (tell: BuildProgress) => Promise<T>): SharedBuild<T> {
  const listeners = new Set<BuildProgress>();
  let share = 0;
  let settled = false;
  const result = build((next) => {
    share = next;
    for (const listener of listeners) listener(next);
  });
  result.then(() => (share = 1), () => undefined).finally(() => {
    settled = true;
    listeners.clear();
  });
  return {
    result,
    watch(listener) {
      listener(share);
      if (!settled) listeners.add(listener);
    },
  };
}
