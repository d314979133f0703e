/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Dawn (the `webgpu` package) finds no GPU here; point Vulkan at Chromium's SwiftShader.
// Set at config load so every vitest pool inherits it.
process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // One Dawn instance per process; run the GPU files one after another.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
