/**
 * Long clustering work cut into steps: a generator that yields now and then (every few hundred
 * cells or queries). The command line runs it to the end at once; the page's worker pauses
 * between steps to hear a Cancel.
 */
import { yieldToEventLoop } from '../analysis/time-slice.ts';

/** Each step may say the share of the whole work done by then (0 to 1). */
export type Steps<T> = Generator<number | void, T, void>;

/** Runs the steps to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, letting the thread's other work in every `sliceMs` and telling `onProgress` the
 * share done; stops with the signal's reason once it is aborted.
 */
export async function runStepsSliced<T>(steps: Steps<T>, signal: AbortSignal, onProgress?: (share: number) => void, sliceMs = 50): Promise<T> {
  let last = performance.now();
  let share = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (typeof step.value === 'number') share = step.value;
    if (performance.now() - last >= sliceMs) {
      onProgress?.(share);
      await yieldToEventLoop();
      signal.throwIfAborted();
      last = performance.now();
    }
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
