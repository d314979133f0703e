import { existsSync } from 'node:fs';

/** Chromium's SwiftShader (Debian's chromium package): software Vulkan for machines with no GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Let Dawn find the machine's own GPU through the Vulkan loader's usual search, and add
 * SwiftShader beside the system's drivers (never instead: VK_ICD_FILENAMES would hide a real
 * GPU, as it did on an H200), so a machine with no GPU still gets a software adapter.
 * KMEANS_GPU=swiftshader asks for SwiftShader alone. Set before Dawn starts.
 */
export function configureVulkanDrivers(env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(SWIFTSHADER_ICD)) return;
  if (env.KMEANS_GPU === 'swiftshader') {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    return;
  }
  if (env.VK_ICD_FILENAMES) return; // the user chose the drivers
  const added = (env.VK_ADD_DRIVER_FILES ?? '').split(':').filter(Boolean);
  if (!added.includes(SWIFTSHADER_ICD)) env.VK_ADD_DRIVER_FILES = [...added, SWIFTSHADER_ICD].join(':');
  // Two software drivers: Mesa's lavapipe (Debian 12's is too old for Dawn, which skips it with a
  // three-line warning on every start) and SwiftShader, which serves. Keep the one that works.
  env.VK_LOADER_DRIVERS_DISABLE ??= '*lvp_icd*';
}
