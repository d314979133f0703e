/**
 * `npm run bench -- --gpu`: the WebGPU engine against the card's own limit.
 *
 * Per size: the adapter, time to converge and ms per iteration (wall clock and the GPU's own
 * clock), the bytes an iteration must move (each customer's features and its label byte), the card's copy bandwidth measured in this run (a large buffer-to-buffer copy) and
 * the ratio to that floor; the labels against a float64 full scan over the same centroids (any
 * difference must be a float32 near tie); scikit-learn (all cores) to converge from the same
 * start, and plain PyTorch Lloyd on the same GPU where Python has them.
 *
 * Options: --sizes 1000000,10000000, --ks 8,32, --shapes (time other pass shapes too),
 * --no-peers (skip scikit-learn and PyTorch), --markdown FILE (the tables into FILE's bench section).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeAdapter, isSoftwareAdapter, requestGpu } from '../src/kmeans/gpu/device.ts';
import { createGpuEngine } from '../src/kmeans/gpu/engine.ts';
import { choosePassShape, slotLayout, type PassShape } from '../src/kmeans/gpu/layout.ts';
import { initialCentroids, runKMeans } from '../src/kmeans/run.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';
import { nodeGpu, readShaderSources } from '../src/node/webgpu-node.ts';
import { PYTHON, sklearnFit, sklearnMissing } from '../tests/sklearn.ts';
import { customers, markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({
  options: {
    gpu: { type: 'boolean', default: true },
    sizes: { type: 'string' },
    ks: { type: 'string', default: '8' },
    shapes: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    markdown: { type: 'string' },
  },
  strict: false,
});
const markdownFile = markdownTarget(typeof values.markdown === 'string' ? values.markdown : undefined);
const gpu = await requestGpu(await nodeGpu());
const software = isSoftwareAdapter(gpu.adapter);
const sizes = typeof values.sizes === 'string' ? values.sizes.split(',').map(Number) : software ? [100_000, 1_000_000] : [1_000_000, 10_000_000, 100_000_000];
const ks = String(values.ks).split(',').map(Number);
const shaders = readShaderSources();
const cores = availableParallelism();
const peers = !values['no-peers'];
const sklearnReason = peers ? sklearnMissing() : 'not asked for (--no-peers)';
const torchReason = peers ? torchMissing() : 'not asked for (--no-peers)';
print(`adapter: ${describeAdapter(gpu.adapter)}; timestamp queries: ${gpu.timestamps ? 'yes' : 'no'}`);
if (sklearnReason) print(`scikit-learn column empty: ${sklearnReason}`);
if (torchReason) print(`PyTorch column empty: ${torchReason}`);

// The GPU's clocks idle low: a few seconds of work first, so the first rows are not timed at idle clocks.
await copyBandwidth(8);
const copy = await copyBandwidth(4);
const stream = await streamBandwidth();
print(`copy bandwidth (copyBufferToBuffer, ${copy.mib} MiB, bytes read + written): ${(copy.bytesPerMs / 1e6).toFixed(0)} GB/s`);
print(`read bandwidth (a WGSL kernel summing ${stream.mib} MiB, GPU clock): ${(stream.bytesPerMs / 1e6).toFixed(0)} GB/s`);
// The floor: the bytes an iteration must move at the fastest rate this run saw the card move bytes.
const bandwidth = copy.bytesPerMs >= stream.bytesPerMs ? { ...copy, how: 'copy' } : { ...stream, how: 'read kernel' };


/** The best of `rounds` rounds of five copies of one large buffer, timed from submit to done. */
async function copyBandwidth(rounds: number): Promise<{ mib: number; bytesPerMs: number }> {
  const { device } = gpu;
  const size = Math.min(1 << 30, Math.floor(device.limits.maxBufferSize / 2 / 4) * 4, software ? 64 << 20 : 1 << 30);
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const source = device.createBuffer({ label: 'bench.copy.source', size, usage });
  const target = device.createBuffer({ label: 'bench.copy.target', size, usage });
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const encoder = device.createCommandEncoder();
    for (let r = 0; r < 5; r++) encoder.copyBufferToBuffer(source, 0, target, 0, size);
    const started = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    best = Math.min(best, performance.now() - started);
  }
  source.destroy();
  target.destroy();
  return { mib: size / 2 ** 20, bytesPerMs: (5 * 2 * size) / best };
}

/** A kernel that only reads: each thread sums a grid-stride run of vec4s; the best of 8 passes on the GPU's clock. */
async function streamBandwidth(): Promise<{ mib: number; bytesPerMs: number }> {
  const { device } = gpu;
  const size = Math.min(1 << 30, Math.floor(device.limits.maxStorageBufferBindingSize / 16) * 16, software ? 64 << 20 : 1 << 30);
  const threads = 1 << 18;
  const module = device.createShaderModule({
    code: `
      @group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
      @group(0) @binding(1) var<storage, read_write> out: array<f32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
        var sum = vec4<f32>(0.0);
        for (var i = gid.x; i < arrayLength(&data); i += ${threads}u) { sum += data[i]; }
        out[gid.x] = sum.x + sum.y + sum.z + sum.w;
      }`,
  });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const data = device.createBuffer({ label: 'bench.stream.data', size, usage: GPUBufferUsage.STORAGE });
  const out = device.createBuffer({ label: 'bench.stream.out', size: threads * 4, usage: GPUBufferUsage.STORAGE });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: data } }, { binding: 1, resource: { buffer: out } }] });
  const queries = gpu.timestamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : null;
  const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  let best = Infinity;
  for (let round = 0; round < 8; round++) {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(queries ? { timestampWrites: { querySet: queries, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {});
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(threads / 64);
    pass.end();
    if (queries) {
      encoder.resolveQuerySet(queries, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, 16);
    }
    const started = performance.now();
    device.queue.submit([encoder.finish()]);
    if (queries) {
      await readback.mapAsync(GPUMapMode.READ);
      const [begin, end] = new BigUint64Array(readback.getMappedRange().slice(0));
      readback.unmap();
      best = Math.min(best, Number(end! - begin!) / 1e6);
    } else {
      await device.queue.onSubmittedWorkDone();
      best = Math.min(best, performance.now() - started);
    }
  }
  for (const b of [data, out, resolved, readback]) b.destroy();
  queries?.destroy();
  return { mib: size / 2 ** 20, bytesPerMs: size / best };
}

/** Labels differing from a float64 full scan over the same centroids, and the largest relative distance gap among them. */
function againstFullScan(points: PointMatrix, centroids: Float64Array, labels: Uint8Array): { differing: number; widestGap: number } {
  const { data, n, d } = points;
  const k = centroids.length / d;
  let differing = 0;
  let widestGap = 0;
  const distance = (i: number, j: number) => {
    let s = 0;
    for (let f = 0; f < d; f++) s += (data[i * d + f]! - centroids[j * d + f]!) ** 2;
    return s;
  };
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let label = 0;
    for (let j = 0; j < k; j++) {
      const s = distance(i, j);
      if (s < best) {
        best = s;
        label = j;
      }
    }
    if (label === labels[i]) continue;
    differing++;
    widestGap = Math.max(widestGap, (distance(i, labels[i]!) - best) / Math.max(best, 1e-30));
  }
  return { differing, widestGap };
}

function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 3)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found`;
  if (probe.status === 3) return 'PyTorch sees no CUDA device';
  return probe.status === 0 ? null : `PyTorch is not installed for ${PYTHON}`;
}

function torchPerIteration(points: PointMatrix, init: Float64Array, iterations: number): number {
  const folder = mkdtempSync(join(tmpdir(), 'torch-lloyd-'));
  try {
    writeFileSync(join(folder, 'points.f32'), points.data);
    writeFileSync(join(folder, 'init.f64'), init);
    writeFileSync(join(folder, 'meta.json'), JSON.stringify({ n: points.n, d: points.d, k: init.length / points.d, iterations }));
    execFileSync(PYTHON, [new URL('./torch_lloyd.py', import.meta.url).pathname, folder]);
    return JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')).ms_per_iteration;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The GPU's own ms for each of `passes` passes from `centroids` (wall ms where the adapter has no timestamps). */
async function passTimes(points: PointMatrix, k: number, centroids: Float64Array, shape: PassShape | undefined, passes: number) {
  const engine = await createGpuEngine(gpu, shaders, points, k, shape ? { shape } : {});
  const gpuMs: number[] = [];
  const wallMs: number[] = [];
  for (let p = 0; p < passes + 1; p++) {
    const started = performance.now();
    const stats = await engine.assign(centroids);
    if (p === 0) continue; // the first pass writes every label
    wallMs.push(performance.now() - started);
    if (stats.gpuMs !== undefined) gpuMs.push(stats.gpuMs);
  }
  engine.destroy();
  return { gpu: gpuMs.length ? median(gpuMs) : NaN, wall: median(wallMs) };
}

const rows: string[][] = [];
const shapeRows: string[][] = [];
for (const n of sizes) {
  const points = customers(n);
  for (const k of ks) {
    const init = initialCentroids(points, { k, seed: 0 }, 0);
    await passTimes(points, k, init, undefined, 30); // clocks up, pipelines cached
    const started = performance.now();
    const engine = await createGpuEngine(gpu, shaders, points, k);
    const fit = await runKMeans(engine, points, { k, init });
    const converge = performance.now() - started;
    // One more pass over the final centroids, its labels against a float64 full scan.
    await engine.assign(fit.centroids);
    const check = againstFullScan(points, fit.centroids, await engine.labels());
    engine.destroy();
    const steady = await passTimes(points, k, fit.centroids, undefined, 20);
    const bytes = n * (4 * points.d + 1);
    const floorMs = bytes / bandwidth.bytesPerMs;
    const sk = sklearnReason || n > 10_000_000 ? undefined : sklearnFit(points, init, 1e-4, 300, cores);
    const torchMs = torchReason ? undefined : torchPerIteration(points, init, 20);
    rows.push([
      n.toLocaleString('en-US'), String(k), String(fit.iterations), converge.toFixed(0), fit.msPerIteration.toFixed(2),
      fit.gpuMsPerIteration === null ? 'n/a' : fit.gpuMsPerIteration.toFixed(3), Number.isNaN(steady.gpu) ? 'n/a' : steady.gpu.toFixed(3),
      (bytes / 1e6).toFixed(0), floorMs.toFixed(3), Number.isNaN(steady.gpu) ? 'n/a' : `${(steady.gpu / floorMs).toFixed(1)}x`,
      `${check.differing} (gap <= ${check.widestGap.toExponential(1)})`,
      sk ? `${sk.ms.toFixed(0)} (${sk.iterations} it.)` : '', torchMs === undefined ? '' : torchMs.toFixed(3),
    ]);
    console.error(`done N = ${n}, k = ${k}: ${rows.at(-1)!.join(' | ')}`);
    if (values.shapes) {
      const shapes: PassShape[] = software
        ? [4, 8, 32, 64].flatMap((w) => [16, 64, 256].map((q) => ({ workgroupSize: w, quadsPerThread: q })))
        : [32, 64, 128, 256].flatMap((w) => [1 << 16, 1 << 17, 1 << 18, 1 << 19].map((t) => ({ workgroupSize: w, targetWorkgroups: t / w })));
      const chosen = choosePassShape(gpu.device.limits, k, points.d, software);
      const rowBytes = slotLayout(k, points.d).rowStride * 4;
      for (const shape of shapes.filter((candidate) => candidate.workgroupSize * rowBytes <= gpu.device.limits.maxComputeWorkgroupStorageSize)) {
        const t = await passTimes(points, k, fit.centroids, shape, 10);
        const same = shape.workgroupSize === chosen.workgroupSize && shape.quadsPerThread === chosen.quadsPerThread && shape.targetWorkgroups === chosen.targetWorkgroups;
        shapeRows.push([n.toLocaleString('en-US'), String(k), String(shape.workgroupSize), shape.quadsPerThread ? `${shape.quadsPerThread} quads a thread` : `~${shape.targetWorkgroups} workgroups (${shape.targetWorkgroups! * shape.workgroupSize} threads)`,
          Number.isNaN(t.gpu) ? 'n/a' : t.gpu.toFixed(3), t.wall.toFixed(2), same ? 'chosen' : '']);
      }
    }
  }
}


print();
printTable(['N', 'k', 'iterations', 'ms to converge', 'ms/iteration (wall)', 'GPU ms/iteration (fit)', 'GPU ms/pass (converged)', 'MB an iteration moves', 'floor ms', 'x floor', 'labels unlike float64 scan', `scikit-learn ${cores} threads, ms to converge`, 'PyTorch Lloyd, ms/iteration'], rows);
print(`\nAdapter: ${describeAdapter(gpu.adapter)}. Same k-means++ start (seed 0) and tol 1e-4 for ours and scikit-learn.`);
print('ms/iteration (wall): the fit\'s own, with the upload of centroids, the read-back of the sums and the update on the CPU.');
print('GPU ms/iteration: timestamp queries around the pass (assignment and reduction), the fit\'s mean; "converged": median of 20 passes over the final centroids.');
print(`An iteration must read each customer's features (4 bytes each) and its label byte (written back only when it changed); the floor is those bytes at the ${bandwidth.how} bandwidth above, the faster of the two.`);
if (shapeRows.length) {
  print();
  printTable(['N', 'k', 'workgroup', 'cut', 'GPU ms/pass', 'wall ms/pass', ''], shapeRows);
}
gpu.device.destroy();
writeMarkdown(markdownFile);
process.exit(0);
