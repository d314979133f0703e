// `npm test` starts here and sets the machine up the way `playwright install --with-deps` does:
// on Debian or Ubuntu as root it installs the missing system packages itself (saying what and
// why); as a plain user it prints the one command to run. Elsewhere (macOS, Windows, other
// Linux) the browser tests use Playwright's own Chromium, downloaded here when absent, or the
// browser named by CHROMIUM_PATH; the GPU tests use whatever GPU Dawn finds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const inCi = Boolean(process.env.CI);
const linux = process.platform === 'linux';
// Debian's package names (Ubuntu's chromium is a snap stub without SwiftShader: it takes Playwright's Chromium).
const osRelease = linux && existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
const hasApt = linux && existsSync('/usr/bin/apt-get') && /^ID=debian$/m.test(osRelease);
const root = process.getuid?.() === 0;

/** What the tests need, each with the Debian package that brings it and why. */
const needs = [];
const vulkanLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'];
if (hasApt) {
  if (!process.env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) needs.push(['chromium', "the browser tests run in Debian's Chromium"]);
  if (!existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) needs.push(['chromium', 'SwiftShader, the software Vulkan that serves WebGPU where there is no GPU, ships with it']);
  if (!vulkanLoader.some((path) => existsSync(path))) needs.push(['libvulkan1', 'Dawn (WebGPU in Node) loads the Vulkan loader']);
}
// The same Python the parity tests use (tests/sklearn.ts).
const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const sklearn = spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
if (sklearn.status !== 0 && hasApt) needs.push(['python3-sklearn', 'the parity tests compare every engine with scikit-learn']);
// The HDBSCAN parity tests run R's dbscan package (tests/hdbscan-reference.ts).
const rDbscan = spawnSync(process.env.RSCRIPT ?? 'Rscript', ['-e', 'library(dbscan)'], { stdio: 'ignore' });
if (rDbscan.status !== 0 && hasApt) needs.push(['r-cran-dbscan', "the HDBSCAN parity tests compare with R's dbscan"]);
// The shipped real datasets are rebuilt from these R packages and compared byte for byte (tests/unit/sample-datasets.test.ts).
for (const [library, pkg] of [['modeldata', 'r-cran-modeldata'], ['AER', 'r-cran-aer']]) {
  const found = spawnSync(process.env.RSCRIPT ?? 'Rscript', ['-e', `library(${library})`], { stdio: 'ignore' });
  if (found.status !== 0 && hasApt) needs.push([pkg, `the shipped datasets are rebuilt from R's ${library} package`]);
}

const packages = [...new Set(needs.map(([pkg]) => pkg))];
if (packages.length > 0) {
  console.error('The tests need system packages this machine lacks:');
  for (const [pkg, why] of needs) console.error(`  ${pkg}: ${why}`);
  if (root) {
    console.error(`Installing them: apt-get update && apt-get install -y ${packages.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env });
  } else {
    console.error(`Install them with:  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`);
    // CI must have them all. A developer's run goes on: Playwright's own Chromium serves the
    // browser tests, and the GPU and parity tests that cannot run say why and are skipped.
    if (inCi) process.exit(1);
  }
} else if (sklearn.status !== 0) {
  const message = `scikit-learn is missing for ${python}: the parity tests need it (${python} -m pip install scikit-learn, or set PYTHON to a Python that has it)`;
  if (inCi) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`${message}; they will be skipped.`);
}

// No Debian Chromium and no CHROMIUM_PATH: Playwright's own Chromium, downloaded once.
if (!process.env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) {
  const { chromium } = require('playwright-core');
  if (!existsSync(chromium.executablePath())) {
    console.error("No Chromium found: downloading Playwright's (npx playwright install chromium).");
    execFileSync(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], { stdio: 'inherit' });
  }
}
