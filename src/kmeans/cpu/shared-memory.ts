/**
 * Whether a typed array lives in shared memory (the command line's largest inputs), which worker
 * threads use in place. A page that is not cross-origin isolated has no SharedArrayBuffer at all.
 */
export function inSharedMemory(array: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
}
