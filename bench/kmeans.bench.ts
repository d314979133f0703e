/**
 * `npm run bench`: ms per Lloyd iteration and time to convergence for the CPU and WebGPU
 * engines, next to ml-kmeans (same data, same start, same run) and scikit-learn
 * (single-threaded, when /usr/bin/python3 has it). Add `-- --large` for 10 M customers.
 */
import { parseArgs } from 'node:util';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { generateCustomers } from '../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../src/data/scaler.ts';
import { cpuKernelName, createCpuEngine, createHamerlyEngine } from '../src/kmeans/cpu/hamerly.ts';
import { requestGpu, type GpuContext } from '../src/kmeans/gpu/device.ts';
import { createGpuEngine } from '../src/kmeans/gpu/engine.ts';
import { initialCentroids, runKMeans } from '../src/kmeans/run.ts';
import type { AssignEngine, PointMatrix } from '../src/kmeans/types.ts';
import { nodeGpu, readShaderSources } from '../src/node/webgpu-node.ts';
import { sklearnFit, sklearnMissing } from '../tests/sklearn.ts';

const { values } = parseArgs({
  options: {
    large: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    ks: { type: 'string', default: '4,8,16' },
    'fixed-iterations': { type: 'string', default: '10' },
    'no-gpu': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : [100_000, 1_000_000, ...(values.large ? [10_000_000] : [])];
const ks = values.ks!.split(',').map(Number);
const fixed = Number(values['fixed-iterations']);
const sklearnReason = sklearnMissing();

let gpu: GpuContext | null = null;
if (!values['no-gpu']) {
  try {
    gpu = await requestGpu(await nodeGpu());
  } catch (error) {
    console.error(`WebGPU engine skipped: ${error instanceof Error ? error.message : error}`);
  }
}
const shaders = readShaderSources();

function customers(n: number): PointMatrix {
  const { columns } = generateCustomers({ n, seed: 42 });
  return { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
}

/** ms per iteration over `fixed` iterations from `init` (tol 0 so none stops early), and a full run. */
async function ours(engine: AssignEngine, points: PointMatrix, k: number, init: Float64Array) {
  const perIteration = await runKMeans(engine, points, { k, init, maxIter: fixed, tol: -0 });
  const full = await runKMeans(engine, points, { k, init });
  return { perIteration: perIteration.msTotal / perIteration.iterations, converge: full.msTotal, iterations: full.iterations, inertia: full.inertia };
}

function ml(points: PointMatrix, k: number, init: Float64Array) {
  const rows = Array.from({ length: points.n }, (_, i) => Array.from(points.data.subarray(i * 3, i * 3 + 3)));
  const start = Array.from({ length: k }, (_, j) => Array.from(init.subarray(j * 3, j * 3 + 3)));
  const t0 = performance.now();
  mlKmeans(rows, k, { initialization: start, maxIterations: fixed, tolerance: 0 });
  return (performance.now() - t0) / fixed;
}

const table: string[][] = [];
const header = ['N', 'k', 'engine', 'iterations', 'ms/iteration', 'ms to converge', 'per-iteration speed-up vs ml-kmeans', 'convergence time vs scikit-learn'];
// Warm the JIT (both kernels) so the first rows are not penalised.
const warm = customers(50_000);
for (const kernel of ['auto', 'javascript'] as const) {
  await ours(createHamerlyEngine(warm, 8, kernel), warm, 8, initialCentroids(warm, { k: 8, seed: 0 }, 0));
}

for (const n of sizes) {
  const points = customers(n);
  for (const k of ks) {
    const init = initialCentroids(points, { k, seed: 0 }, 0);
    const mlMs = n <= 1_000_000 ? ml(points, k, init) : NaN;
    const sk = sklearnReason ? null : sklearnFit(points, init);
    const cpu = await ours(createCpuEngine(points, k), points, k, init);
    const row = (engine: string, r: { perIteration: number; converge: number; iterations: number }) => [
      n.toLocaleString('en-US'), String(k), engine, String(r.iterations), r.perIteration.toFixed(1), r.converge.toFixed(0),
      Number.isNaN(mlMs) ? 'n/a' : `${(mlMs / r.perIteration).toFixed(1)}x`,
      sk ? `${(sk.ms / r.converge).toFixed(2)}x (sklearn ${sk.ms.toFixed(0)} ms)` : 'n/a',
    ];
    table.push(row(`CPU (1 thread, ${cpuKernelName(3)})`, cpu));
    // The same engine with the JavaScript passes: what the WebAssembly kernel adds, in this run.
    const js = await ours(createCpuEngine(points, k, (slice) => createHamerlyEngine(slice, k, 'javascript')), points, k, init);
    table.push(row('CPU (1 thread, JavaScript)', js));
    if (gpu) {
      const engine = await createGpuEngine(gpu, shaders, points, k);
      table.push(row('WebGPU (SwiftShader)', await ours(engine, points, k, init)));
      engine.destroy();
    }
    table.push([n.toLocaleString('en-US'), String(k), 'ml-kmeans', String(fixed), Number.isNaN(mlMs) ? 'n/a' : mlMs.toFixed(1), '', '1.0x', '']);
    console.error(`done N = ${n}, k = ${k}`);
  }
}

const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
console.log(`\nms/iteration: mean of ${fixed} Lloyd iterations from the same k-means++ start (tol 0).`);
console.log('ms to converge: a full fit from that start (tol 1e-4), including the final assignment.');
console.log(`speed-up > 1x means faster than the peer. scikit-learn: ${sklearnReason ?? 'KMeans(algorithm="lloyd"), OMP_NUM_THREADS=1, same start'}.`);
console.log('WebGPU runs on SwiftShader (software Vulkan on the CPU): it shows correctness and overheads, not GPU speed.');
gpu?.device.destroy();
process.exit(0);
