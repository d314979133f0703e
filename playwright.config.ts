import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const PORT = 4179;
// The browser: CHROMIUM_PATH, else Debian's Chromium, else Playwright's own (scripts/check-system.mjs fetches it).
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
// On Linux, SwiftShader gives WebGPU compute, a WebGPU canvas and WebGL2 with no GPU; on macOS and
// Windows the browser's own GPU path (Metal, Direct3D) serves.
const softwareGpu = process.platform === 'linux' ? ['--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader'] : [];
const baseArgs = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', ...softwareGpu,
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
    launchOptions: { executablePath },
  },
  projects: [
    {
      name: 'webgpu',
      testMatch: /.*\.webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      // Without --enable-unsafe-webgpu, requestAdapter() returns null: the CPU fallback path.
      name: 'no-webgpu',
      testMatch: /.*\.cpu\.spec\.ts/,
      use: { launchOptions: { executablePath, args: baseArgs } },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
