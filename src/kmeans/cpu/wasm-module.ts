/**
 * The part of the WebAssembly API the hand-written kernels use, typed locally: the Node type
 * configuration has no DOM library, where TypeScript declares WebAssembly.
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { readonly exports: unknown };
}
export type WasmModule = { readonly kind: 'compiled WebAssembly module' };

/** A kernel's linear memory, as its exports show it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export const WASM_PAGE = 65536;
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * A kernel's module from its base64 bytes (src/kmeans/cpu/wasm/*-bytes.ts), compiled at once
 * (they are a kilobyte or two); null where WebAssembly or its SIMD is missing.
 */
export function compileKernel(base64: string): WasmModule | null {
  if (wasm === undefined) return null;
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return wasm.validate(bytes) ? new wasm.Module(bytes) : null;
}

/** A new instance of a compiled kernel: its own memory. */
export function instantiateKernel<T>(module: WasmModule): T {
  return new wasm!.Instance(module).exports as T;
}

/** Grow `memory` to hold at least `bytes`; throws where the browser refuses the memory. */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const pages = Math.ceil(bytes / WASM_PAGE);
  const have = memory.buffer.byteLength / WASM_PAGE;
  if (pages > have) memory.grow(pages - have);
}
