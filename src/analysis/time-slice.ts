import type { Steps } from '../density/steps.ts';
/**
 * Cooperative time slicing for work that shares a thread with other work: the Choose-k table
 * measures each k and runs its resampling criteria on the thread that also drives the engine,
 * and a worker must still hear a Cancel. One message channel serves every yield: in a browser
 * worker a setTimeout(0) yield costs 4 ms (nested timers are clamped), a new channel per yield
 * 0.14 ms, a kept one 0.02 ms. Node yields with setImmediate.
 */
/** Node's ports can hold the process open or not; browsers' have neither method. */
type Port = InstanceType<typeof MessageChannel>['port1'];
type NodePort = Port & { ref?: () => void; unref?: () => void };
let channel: { receiver: NodePort; sender: Port; waiting: (() => void)[] } | null = null;

export function yieldToEventLoop(): Promise<void> {
  // Node drains a port's messages, new ones included, in one go: a timer or another port's
  // message would wait for the whole run. Its setImmediate lets them in.
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (!channel) {
    const { port1, port2 } = new MessageChannel();
    const waiting: (() => void)[] = [];
    const receiver: NodePort = port1;
    receiver.addEventListener('message', () => {
      waiting.shift()?.();
      // Node: an idle kept port must not hold the process open.
      if (waiting.length === 0) receiver.unref?.();
    });
    receiver.start();
    receiver.unref?.();
    channel = { receiver, sender: port2, waiting };
  }
  const { receiver, sender, waiting } = channel;
  return new Promise((resolve) => {
    if (waiting.length === 0) receiver.ref?.();
    waiting.push(resolve);
    sender.postMessage(null);
  });
}

/** A function that yields to the event loop once `sliceMs` of work have passed since it last did. */
export function timeSlicer(sliceMs: number): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < sliceMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
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
