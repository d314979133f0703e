import { existsSync } from 'node:fs';

/** Chromium's SwiftShader (Debian's chromium package): software Vulkan for machines with no GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Which Vulkan drivers Dawn may use (`--gpu-driver`, or KMEANS_GPU): `auto`, the machine's own
 * drivers as the Vulkan loader finds them, SwiftShader only where they give no GPU adapter;
 * `system`, the machine's own only; `swiftshader`, SwiftShader alone.
 */
export const DRIVER_CHOICES = ['auto', 'system', 'swiftshader'] as const;
export type DriverChoice = (typeof DRIVER_CHOICES)[number];

export function driverChoice(env: NodeJS.ProcessEnv = process.env): DriverChoice {
  const asked = env.KMEANS_GPU ?? 'auto';
  if ((DRIVER_CHOICES as readonly string[]).includes(asked)) return asked as DriverChoice;
  throw new RangeError(`KMEANS_GPU must be one of ${DRIVER_CHOICES.join(', ')}, got "${asked}"`);
}

/**
 * Set before Dawn starts. The loader's own search is left alone (VK_ICD_FILENAMES would hide a real
 * GPU, as it did on an H200): under `auto` SwiftShader is added beside the system's drivers
 * (VK_ADD_DRIVER_FILES), and Dawn, which ranks adapters by type for a high-performance request
 * (discrete, then integrated, then CPU), picks it only when no GPU adapter exists. Adding it up
 * front rather than after a failed search keeps a machine without a GPU quiet: a search that finds
 * no device makes the loader and Dawn print four lines. Debian 12's lavapipe is too old for Dawn,
 * which skips it with a three-line warning on every start: it is disabled.
 */
export function prepareVulkanDrivers(env: NodeJS.ProcessEnv = process.env): void {
  const choice = driverChoice(env);
  env.VK_LOADER_DRIVERS_DISABLE ??= '*lvp_icd*';
  const added = (env.VK_ADD_DRIVER_FILES ?? '').split(':').filter(Boolean);
  if (choice === 'system') {
    // A parent process of ours may have added SwiftShader: not here.
    env.VK_ADD_DRIVER_FILES = added.filter((file) => file !== SWIFTSHADER_ICD).join(':');
    return;
  }
  const installed = existsSync(SWIFTSHADER_ICD);
  if (choice === 'swiftshader') {
    if (!installed) throw new Error(`SwiftShader alone was asked for, but it is not installed (${SWIFTSHADER_ICD}, from Debian's chromium package)`);
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    return;
  }
  if (!installed || env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES) return; // nothing to add, or the user chose the drivers
  if (!added.includes(SWIFTSHADER_ICD)) env.VK_ADD_DRIVER_FILES = [...added, SWIFTSHADER_ICD].join(':');
}
