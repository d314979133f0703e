import { Held } from '../kmeans/cpu/threads/held.ts';
import { labelBlocks, passBlocks } from './e-step.ts';
import { MIXTURE_BLOCK, type PassModel } from './pass-layout.ts';

/**
 * What a helper (a page helper worker, a command-line worker thread) does for a Gaussian
 * mixture (threads.ts): it holds the customers (shared memory where there is some, else a copy)
 * and runs E-steps and the final labelling over the blocks it is given.
 */
export function createMixtureHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const held = new Held<{ data: Float32Array; n: number }>('mixture customers');
  return {
    async mixturePoints(data: Float32Array, n: number): Promise<number> {
      return held.add({ data, n });
    },
    async mixturePass(id: number, model: PassModel, fromBlock: number, toBlock: number): Promise<Float64Array> {
      const { data, n } = held.get(id);
      const sums = passBlocks(data, n, model, fromBlock, toBlock);
      return transfer(sums, [sums.buffer as ArrayBuffer]);
    },
    async mixtureLabel(id: number, model: PassModel, fromBlock: number, toBlock: number): Promise<{ labels: Uint8Array; top: Float32Array; sums: Float64Array }> {
      const { data, n } = held.get(id);
      const rows = Math.min(n, toBlock * MIXTURE_BLOCK) - fromBlock * MIXTURE_BLOCK;
      const labels = new Uint8Array(rows);
      const top = new Float32Array(rows);
      const sums = labelBlocks(data, n, model, fromBlock, toBlock, labels, top);
      return transfer({ labels, top, sums }, [labels.buffer, top.buffer, sums.buffer] as ArrayBuffer[]);
    },
    async dropMixturePoints(id: number): Promise<void> {
      held.drop(id);
    },
  };
}

export type MixtureHost = ReturnType<typeof createMixtureHost>;
