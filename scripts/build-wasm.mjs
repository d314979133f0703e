// `npm run build:wasm`: assemble the hand-written WebAssembly kernels (src/kmeans/cpu/wasm/*.wat)
// into TypeScript modules holding their bytes, so the page's workers and Node load them with no
// fetch, no file path and no bundler plugin. `--check` fails when a committed module is stale.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';

const folder = new URL('../src/kmeans/cpu/wasm/', import.meta.url).pathname;
const check = process.argv.includes('--check');
const wabt = await wabtInit();
let stale = 0;

for (const file of readdirSync(folder).filter((name) => name.endsWith('.wat'))) {
  const source = readFileSync(join(folder, file), 'utf8');
  const module = wabt.parseWat(file, source, { simd: true, multi_value: true });
  module.validate();
  const bytes = Buffer.from(module.toBinary({}).buffer);
  module.destroy();
  const target = join(folder, file.replace(/\.wat$/, '-bytes.ts'));
  const text = `// Generated from ${file} by \`npm run build:wasm\`; edit the .wat file, not this one.\n` +
    `export const WASM_BASE64 =\n  '${bytes.toString('base64')}';\n`;
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* not built yet */ }
  if (current === text) continue;
  if (check) {
    console.error(`${target} is stale: run npm run build:wasm`);
    stale++;
  } else {
    writeFileSync(target, text);
    process.stdout.write(`${file}: ${bytes.length} bytes -> ${target}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
