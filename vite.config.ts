/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from './src/node/page-server.ts';

// Cross-origin isolation, as `kmeans open` serves the page too: the page and its workers get
// SharedArrayBuffer, which DBSCAN's helper workers need to work on one grid.
const isolation = { ...ISOLATION_HEADERS };

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
