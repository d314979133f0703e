/**
 * Long clustering work cut into steps: a generator that yields now and then (every few hundred
 * cells or queries). The command line runs it to the end at once; the page's worker pauses
 * between steps to hear a Cancel (runStepsSliced, analysis/time-slice.ts).
 */

/** Each step may say the share of the whole work done by then (0 to 1). */
export type Steps<T> = Generator<number | void, T, void>;

/** Runs work in steps, however its caller paces it (at once, or in slices). */
export type StepRunner = <T>(steps: Steps<T>, onProgress?: (share: number) => void) => Promise<T>;

/** Runs the steps to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Sub-work's steps with its shares mapped onto [from, to] of the whole. */
export function* within<T>(steps: Steps<T>, from: number, to: number): Steps<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    yield typeof step.value === 'number' ? from + (to - from) * step.value : undefined;
  }
}

/** True every `every`-th index: where a loop yields. */
export const stepDue = (index: number, every = 256): boolean => index % every === every - 1;
