import { defineConfig } from '@playwright/test';

const PORT = 4179;
// Debian's Chromium with SwiftShader: WebGPU compute, a WebGPU canvas and WebGL2 all work.
const baseArgs = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
  projects: [
    {
      name: 'webgpu',
      testMatch: /.*\.webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      // Without --enable-unsafe-webgpu, requestAdapter() returns null: the CPU fallback path.
      name: 'no-webgpu',
      testMatch: /.*\.cpu\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: baseArgs } },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
