import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShaderSources } from '../kmeans/gpu/layout.ts';
import { prepareVulkanDrivers } from './vulkan-drivers.ts';

// Without a runtime folder the Vulkan loader prints a warning on every start.
if (!process.env.XDG_RUNTIME_DIR) {
  const runtime = join(tmpdir(), `xdg-runtime-${process.getuid?.() ?? 'user'}`);
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = runtime;
}

let dawn: GPU | null = null;

/**
 * navigator.gpu for Node, from the `webgpu` package (Dawn), on the drivers the Vulkan loader finds
 * by itself (a GPU installed the usual way), SwiftShader only where they give no GPU adapter (see
 * vulkan-drivers.ts for what `--gpu-driver` / KMEANS_GPU change). The instance is kept in module
 * scope for the life of the process: if it is garbage-collected while a device lives, Dawn crashes.
 */
export async function nodeGpu(): Promise<GPU> {
  if (!dawn) {
    prepareVulkanDrivers();
    const webgpu = await import('webgpu');
    Object.assign(globalThis, webgpu.globals);
    // Dawn rounds timestamps to 100 µs by default (a browser's guard against timing attacks); the
    // command line wants the GPU's own clock. Dawn also zero-fills workgroup memory before a kernel
    // runs, code that SwiftShader compiles at about 0.6 ms a word (0.8 s for k = 8): our kernels
    // write every workgroup word they read, so the fill is turned off.
    dawn = webgpu.create(['disable-dawn-features=timestamp_quantization', 'enable-dawn-features=disable_workgroup_init']) as GPU;
  }
  return dawn;
}

/** The same WGSL files the page bundles, read from `shaders/`. */
export function readShaderSources(): ShaderSources {
  const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../shaders/${name}.wgsl`, import.meta.url)), 'utf8');
  return { assign: read('assign'), reduce: read('reduce'), silhouette: read('silhouette') };
}
