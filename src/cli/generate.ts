import { customerCsvChunks } from '../data/format.ts';
import { generateCustomers } from '../data/generate.ts';
import { writeAtomically } from '../node/atomic-write.ts';

export interface GenerateArgs {
  readonly n: number;
  readonly seed: number;
  readonly separation: number;
  readonly outliers: number;
  readonly out?: string;
}

/** `generate`: seeded synthetic customers as CSV, to a file (atomically) or to stdout. */
export async function generateCommand(args: GenerateArgs): Promise<void> {
  const started = performance.now();
  const dataset = generateCustomers({ n: args.n, seed: args.seed, separation: args.separation, outlierShare: args.outliers });
  const chunks = customerCsvChunks(dataset);
  if (args.out) {
    await writeAtomically(args.out, async (write) => {
      for (const chunk of chunks) await write(chunk);
    });
    process.stderr.write(`wrote ${args.n} customers to ${args.out} in ${Math.round(performance.now() - started)} ms\n`);
  } else {
    for (const chunk of chunks) {
      if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}
