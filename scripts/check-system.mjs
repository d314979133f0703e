// `npm test` starts here: say exactly what to install when the machine lacks what the GPU
// and browser tests need, instead of failing later with an obscure driver error.
import { existsSync } from 'node:fs';

const needs = [
  ['/usr/bin/chromium', 'chromium', 'the browser tests run in Debian\'s Chromium'],
  ['/usr/lib/chromium/vk_swiftshader_icd.json', 'chromium', 'SwiftShader (software Vulkan for WebGPU) ships with it'],
  ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', 'libvulkan1', 'Dawn (WebGPU in Node) loads the Vulkan loader'],
];
const missing = needs.filter(([path]) => !existsSync(path) && !(path.includes('x86_64') && existsSync(path.replace('x86_64', 'aarch64'))));
if (missing.length > 0) {
  const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
  console.error(`Missing system packages for the GPU and browser tests:`);
  for (const [path, pkg, why] of missing) console.error(`  ${pkg}: ${path} not found (${why})`);
  console.error(`Install them with:  sudo apt-get update && sudo apt-get install -y ${packages}`);
  process.exit(1);
}
