import { customerCsvChunks } from '../data/format.ts';
import { generateShapedCustomers } from '../data/density-shapes.ts';
import { generateCustomers } from '../data/generate.ts';
import { checkOutput, writeOutput } from '../node/output-file.ts';
import { wantsParquet, writeCustomersParquet } from '../node/parquet-write.ts';

export interface GenerateArgs {
  readonly n: number;
  readonly seed: number;
  readonly separation: number;
  readonly outliers: number;
  /** round: the study's four segments; shaped: bands, a core in a ring and a clump that density clustering finds (--separation unused). */
  readonly shape?: 'round' | 'shaped';
  readonly out?: string;
}

/** `generate`: seeded synthetic customers as CSV (or Parquet, for a .parquet name), to a file (atomically) or to stdout. */
export async function generateCommand(args: GenerateArgs): Promise<void> {
  const started = performance.now();
  await checkOutput(args.out);
  const dataset = args.shape === 'shaped'
    ? generateShapedCustomers({ n: args.n, seed: args.seed, scatteredShare: args.outliers })
    : generateCustomers({ n: args.n, seed: args.seed, separation: args.separation, outlierShare: args.outliers });
  // A name ending in .parquet gets Parquet; anything else (and standard output) CSV.
  const parquet = wantsParquet(args.out);
  await writeOutput(args.out ?? '-', async (write) => {
    if (parquet) return writeCustomersParquet(dataset, write);
    for (const chunk of customerCsvChunks(dataset)) await write(chunk);
  });
  if (args.out && args.out !== '-') process.stderr.write(`wrote ${args.n} customers to ${args.out} in ${Math.round(performance.now() - started)} ms\n`);
}
