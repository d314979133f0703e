import { customerCsvChunks } from '../data/format.ts';
import { generateCustomers } from '../data/generate.ts';
import { checkOutput, writeOutput } from '../node/output-file.ts';
import { wantsParquet, writeCustomersParquet } from '../node/parquet-write.ts';

export interface GenerateArgs {
  readonly n: number;
  readonly seed: number;
  readonly separation: number;
  readonly outliers: number;
  readonly out?: string;
}

/** `generate`: seeded synthetic customers as CSV (or Parquet, for a .parquet name), to a file (atomically) or to stdout. */
export async function generateCommand(args: GenerateArgs): Promise<void> {
  const started = performance.now();
  await checkOutput(args.out);
  const dataset = generateCustomers({ n: args.n, seed: args.seed, separation: args.separation, outlierShare: args.outliers });
  // A name ending in .parquet gets Parquet; anything else (and standard output) CSV.
  const parquet = wantsParquet(args.out);
  await writeOutput(args.out ?? '-', async (write) => {
    if (parquet) return writeCustomersParquet(dataset, write);
    for (const chunk of customerCsvChunks(dataset)) await write(chunk);
  });
  if (args.out && args.out !== '-') process.stderr.write(`wrote ${args.n} customers to ${args.out} in ${Math.round(performance.now() - started)} ms\n`);
}
