import { createCpuEngine } from './cpu/engine.ts';
import { isSoftwareAdapter, requestGpu, type AdapterInfo, type GpuContext } from './gpu/device.ts';
import { createGpuEngine } from './gpu/engine.ts';
import type { ShaderSources } from './gpu/layout.ts';
import { withCpuFallback } from './fallback.ts';
import { checkAgainstCpu, selfCheckProblem } from './gpu/self-check.ts';
import type { AssignEngine, BackendChoice, PointMatrix } from './types.ts';

export interface EngineRequest {
  readonly backend: BackendChoice;
  readonly points: PointMatrix;
  readonly k: number;
  /** navigator.gpu in the page, Dawn in Node; called only when a GPU is wanted. */
  readonly gpu: () => Promise<GPU | undefined>;
  readonly shaders: ShaderSources;
  /** The CPU engine to use (the page's spreads its slices over workers); createCpuEngine by default. */
  readonly cpu?: (points: PointMatrix, k: number) => AssignEngine;
  /** Told, in a plain sentence, whenever the CPU serves instead of the GPU. */
  readonly onFallback?: (reason: string) => void;
  /** How a GPU engine is built; createGpuEngine by default (a test hands in a broken one). */
  readonly gpuEngine?: GpuEngineFactory;
  /**
   * `auto` takes the CPU engine when the only adapter is software (SwiftShader, lavapipe): it
   * emulates a GPU on the same cores, 10 to 20 times slower than the CPU engine. `useAnyway` says
   * how to ask for it all the same ("--backend webgpu uses it anyway").
   */
  readonly avoidSoftwareGpu?: { readonly useAnyway: string };
}

export type GpuEngineFactory = (context: GpuContext, shaders: ShaderSources, points: PointMatrix, k: number) => Promise<AssignEngine>;

export interface SelectedEngine {
  readonly engine: AssignEngine;
  /** The WebGPU adapter the engine runs on; null on the CPU. */
  readonly adapter: AdapterInfo | null;
  /** Why the CPU serves although the GPU was an option (auto), or null. */
  readonly fallbackReason: string | null;
}

let sharedGpu: Promise<GpuContext> | null = null;
// Each device (and way of building its engine) is checked once, on first use, against the CPU:
// null when it passed, else why not.
const checked = new WeakMap<GpuContext, Map<GpuEngineFactory, Promise<string | null>>>();

/** Run the known problem on a new device's engine; a device that fails it is not used. */
function selfCheck(context: GpuContext, shaders: ShaderSources, factory: GpuEngineFactory): Promise<string | null> {
  const verdicts = checked.get(context) ?? new Map<GpuEngineFactory, Promise<string | null>>();
  checked.set(context, verdicts);
  let verdict = verdicts.get(factory);
  if (!verdict) {
    verdict = (async () => {
      const { points, k } = selfCheckProblem();
      const engine = await factory(context, shaders, points, k);
      try {
        return await checkAgainstCpu(engine);
      } finally {
        engine.destroy();
      }
    })();
    verdicts.set(factory, verdict);
    // A check that could not run (the device lost meanwhile) is not a verdict: the next run checks again.
    verdict.catch(() => verdicts.delete(factory));
  }
  return verdict;
}

/** One device per process or page, created on first use; a failed attempt is retried next time. */
export function gpuContext(gpu: () => Promise<GPU | undefined>): Promise<GpuContext> {
  sharedGpu ??= gpu().then(requestGpu);
  sharedGpu.catch(() => (sharedGpu = null));
  return sharedGpu;
}

/** Forget the shared device (after it was lost), so the next request makes a new one. */
export function forgetGpuContext(): void {
  sharedGpu = null;
}

/**
 * Build the engine the user asked for. `webgpu` fails loudly when there is no GPU; `auto`
 * falls back to the CPU and says why. A GPU engine is wrapped so that losing the device
 * mid-run continues on the CPU.
 */
export async function selectEngine(request: EngineRequest): Promise<SelectedEngine> {
  const { backend, points, k } = request;
  const cpu = request.cpu ?? createCpuEngine;
  if (backend === 'cpu') return { engine: cpu(points, k), adapter: null, fallbackReason: null };
  try {
    const context = await gpuContext(request.gpu);
    if (backend === 'auto' && request.avoidSoftwareGpu && isSoftwareAdapter(context.adapter)) {
      const fallbackReason = `running on the CPU because the WebGPU adapter found is software (${context.adapterName}), slower than the CPU engine on the same cores; ${request.avoidSoftwareGpu.useAnyway}`;
      request.onFallback?.(fallbackReason);
      return { engine: cpu(points, k), adapter: null, fallbackReason };
    }
    const factory = request.gpuEngine ?? createGpuEngine;
    const failedCheck = await selfCheck(context, request.shaders, factory);
    if (failedCheck) throw new Error(`the GPU (${context.adapterName}) disagreed with the CPU: ${failedCheck}`);
    const gpuEngine = await factory(context, request.shaders, points, k);
    const engine = withCpuFallback(gpuEngine, points, k, (reason) => {
      forgetGpuContext();
      request.onFallback?.(`continued on the CPU because ${reason}`);
    }, cpu);
    return { engine, adapter: context.adapter, fallbackReason: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (backend === 'webgpu') throw new Error(`WebGPU was requested but is not usable: ${reason}`, { cause: error });
    const fallbackReason = `running on the CPU because ${reason}`;
    request.onFallback?.(fallbackReason);
    return { engine: cpu(points, k), adapter: null, fallbackReason };
  }
}
