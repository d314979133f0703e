import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKmeans } from '../helpers.ts';
import { SWIFTSHADER_ICD } from '../../src/node/vulkan-drivers.ts';
import { openGpu } from './gpu.ts';

const dir = mkdtempSync(join(tmpdir(), 'kmeans-cli-gpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { gpu, reason } = await openGpu();
gpu?.device.destroy();

function kmeans(args: string[], env: Record<string, string> = {}) {
  const result = runKmeans(dir, args, env);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return { status: result.status, stderr: result.stderr, summary: last.startsWith('{') ? JSON.parse(last) : null };
}

describe.skipIf(!gpu)(`kmeans fit --backend webgpu${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('runs the WGSL engine from the command line and agrees with the CPU', () => {
    expect(kmeans(['generate', '--n', '50000', '--seed', '5', '--out', 'c.csv']).status).toBe(0);
    const onGpu = kmeans(['fit', '--input', 'c.csv', '--k', '6', '--backend', 'webgpu', '--json']);
    const onCpu = kmeans(['fit', '--input', 'c.csv', '--k', '6', '--backend', 'cpu', '--json']);
    expect(onGpu.status).toBe(0);
    expect(onGpu.summary.backend).toBe('webgpu');
    // The pass is timed on the GPU's own clock where the adapter offers timestamp queries (SwiftShader does), and --json says which clock.
    expect(onGpu.summary.gpu_ms_per_iteration).toBeGreaterThan(0);
    expect(onGpu.summary.timing).toEqual({
      ms_per_iteration: 'wall clock (assignment, read-back, update)', gpu_ms_per_iteration: 'GPU timestamp queries (the assignment pass)',
    });
    expect(onCpu.summary.gpu_ms_per_iteration).toBeNull();
    // Which adapter ran it: here SwiftShader, a fallback (software) adapter; null on the CPU.
    expect(onGpu.summary.adapter).toMatchObject({ vendor: expect.any(String), architecture: expect.any(String), fallback: expect.any(Boolean) });
    expect(onGpu.summary.adapter.vendor.length + onGpu.summary.adapter.architecture.length).toBeGreaterThan(0);
    expect(onCpu.summary.adapter).toBeNull();
    expect(onGpu.summary.iterations).toBe(onCpu.summary.iterations);
    expect(onGpu.summary.counts).toEqual(onCpu.summary.counts);
    expect(Math.abs(onGpu.summary.inertia - onCpu.summary.inertia) / onCpu.summary.inertia).toBeLessThan(1e-5);
  });

  it('auto falls back to the CPU with the reason on stderr when no adapter exists; webgpu refuses', () => {
    kmeans(['generate', '--n', '2000', '--out', 'small.csv']);
    const noVulkan = { VK_ICD_FILENAMES: join(dir, 'no-such-driver.json') };
    const auto = kmeans(['fit', '--input', 'small.csv', '--k', '3', '--json'], noVulkan);
    expect(auto.status).toBe(0);
    expect(auto.summary.backend).toBe('cpu');
    // The Vulkan loader adds its own warnings about the missing driver; ours is one plain line.
    expect(auto.stderr).toMatch(/^note: running on the CPU because WebGPU found no adapter/m);
    expect(auto.summary.fallback_reason).toMatch(/no adapter/);
    const forced = kmeans(['fit', '--input', 'small.csv', '--k', '3', '--backend', 'webgpu'], noVulkan);
    expect(forced.status).toBe(1);
    expect(forced.stderr.split('\n').at(-1)).toBe('error: WebGPU was requested but is not usable: WebGPU found no adapter (requestAdapter returned null)');
  });

  // Needs SwiftShader to stand in for the driver, and no driver of the machine's own outside the data
  // dirs the test replaces (/etc/vulkan/icd.d), nor drivers named by the environment.
  const ownDrivers = existsSync('/etc/vulkan/icd.d') && readdirSync('/etc/vulkan/icd.d').length > 0;
  const namedDrivers = ['KMEANS_GPU', 'VK_ICD_FILENAMES', 'VK_DRIVER_FILES'].some((name) => process.env[name]);
  it.skipIf(!existsSync(SWIFTSHADER_ICD) || ownDrivers || namedDrivers)('finds a GPU driver installed the standard way, with no SwiftShader to fall back on (SwiftShader\'s library registered as that driver)', () => {
    kmeans(['generate', '--n', '3000', '--out', 'standard.csv']);
    // A driver package puts its manifest in <data dir>/vulkan/icd.d: /usr/share/vulkan/icd.d for
    // the default XDG_DATA_DIRS. Here the data dir is a folder of the test's own.
    const share = join(dir, 'share');
    mkdirSync(join(share, 'vulkan', 'icd.d'), { recursive: true });
    const manifest = JSON.parse(readFileSync(SWIFTSHADER_ICD, 'utf8'));
    manifest.ICD.library_path = resolve(dirname(SWIFTSHADER_ICD), manifest.ICD.library_path);
    writeFileSync(join(share, 'vulkan', 'icd.d', 'installed_gpu.json'), JSON.stringify(manifest));
    // --gpu-driver system: the machine's drivers only, as on a machine without Chromium.
    const fit = (backend: string, ...more: string[]) => ['fit', '--input', 'standard.csv', '--k', '3', '--n-init', '1', '--backend', backend, '--json', ...more];
    const system = ['--gpu-driver', 'system'];
    // This test process added SwiftShader for itself (VK_ADD_DRIVER_FILES): not for the children.
    const found = kmeans(fit('webgpu', ...system), { XDG_DATA_DIRS: share, VK_ADD_DRIVER_FILES: '' });
    expect(found.status).toBe(0);
    expect(found.summary.backend).toBe('webgpu');
    expect(`${found.summary.adapter.architecture} ${found.summary.adapter.description}`).toMatch(/swiftshader/i);
    // auto finds it too, and takes the CPU engine over a software adapter, saying which it passed over.
    const passedOver = kmeans(fit('auto', ...system), { XDG_DATA_DIRS: share, VK_ADD_DRIVER_FILES: '' });
    expect(passedOver.summary.backend).toBe('cpu');
    expect(passedOver.summary.fallback_reason).toMatch(/the WebGPU adapter found is software \(google swiftshader.*--backend webgpu uses it anyway/);
    // The same run with the manifest not installed finds no adapter: the loader's own search found it above.
    const empty = join(dir, 'no-drivers');
    mkdirSync(empty, { recursive: true });
    const missing = kmeans(fit('auto', ...system), { XDG_DATA_DIRS: empty, VK_ADD_DRIVER_FILES: '' });
    expect(missing.summary.backend).toBe('cpu');
    expect(missing.summary.fallback_reason).toMatch(/no adapter/);
    // By default (--gpu-driver auto) SwiftShader serves where no GPU adapter exists, when WebGPU is asked for.
    const asked = kmeans(fit('webgpu'), { XDG_DATA_DIRS: empty, VK_ADD_DRIVER_FILES: '' });
    expect(asked.summary.backend).toBe('webgpu');
  });
});
