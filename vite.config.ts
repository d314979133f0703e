/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Cross-origin isolation: the page and its workers get SharedArrayBuffer, which DBSCAN's helper
// workers need to work on one grid (the page loads nothing from other origins).
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
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
