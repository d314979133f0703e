import { basename } from 'node:path';
import { readSavedModelArgument } from '../node/model-file.ts';
import { scoreWithModel } from '../kmeans/score.ts';
import { scoreDensityModel } from '../density/density-score.ts';
import type { DensityModel } from '../density/density-model.ts';
import { pointsForModel, type SegmentModel } from '../kmeans/model.ts';
import { NO_SEGMENT } from '../data/labels.ts';
import { checkOutput, isStandardOutput, writeOutput } from '../node/output-file.ts';
import { readCsvFeatures } from '../node/csv-read.ts';
import { writeSegmentedRows } from '../node/csv-write.ts';
import { wantsParquet, writeSegmentedParquet } from '../node/parquet-write.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { reportMissing } from '../data/missing.ts';
import type { DecimalMark } from '../data/number-format.ts';

export interface AssignArgs {
  readonly model: string;
  readonly input: string;
  readonly out?: string;
  readonly json: boolean;
  /** The input's decimal mark; detected per column when absent. */
  readonly decimal?: DecimalMark;
  /** Allow the output to replace an input file. */
  readonly force?: boolean;
  /** Bytes the run may hold; a file that would need more is refused before it is read. */
  readonly maxMemory?: number;
  /** The input as messages name it ("stdin" when read from standard input). */
  readonly inputName?: string;
}

/** `assign`: score new customers against a saved model, without refitting. */
export async function assignCommand(args: AssignArgs): Promise<void> {
  const started = performance.now();
  const saved = await readSavedModelArgument(args.model);
  const { model } = saved;
  if (args.json && isStandardOutput(args.out)) {
    throw new InputError('--json and --out - both want standard output: write the CSV to a file, or leave out --json');
  }
  await checkOutput(args.out, { inputs: [args.input, args.model], force: args.force, option: '--out' });
  await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), model.features.length, args.maxMemory ?? defaultMemoryBudget());
  const table = await readCsvFeatures(args.input, model.features, args.decimal, args.inputName);
  for (const note of table.notes) process.stderr.write(`note: ${note}\n`);
  const missing = reportMissing(table.columns, table.n);
  if (missing.firstRow >= 0) {
    throw new InputError(`${table.file}: row ${missing.firstRow + 2}, column "${table.featureNames[missing.firstColumn]}": value is missing`);
  }
  const d = model.features.length;
  const scored = saved.kind === 'kmeans' ? await scoreKMeans(saved.model, table.columns, table.n) : scoreDensity(saved.model, table.columns, table.n);
  const { labels } = scored;

  if (args.out) {
    const writeRows = wantsParquet(args.out) ? writeSegmentedParquet : writeSegmentedRows;
    await writeOutput(args.out, (write) => writeRows(args.input, write, labels, model.segmentNames, null), {
      inputs: [args.input, args.model], force: args.force, option: '--out',
    });
    if (args.out !== '-') process.stderr.write(`wrote ${args.out}\n`);
  }
  const clusters = saved.kind === 'kmeans' ? saved.model.k : saved.model.clusters;
  const summary = {
    n: table.n, d, k: clusters, counts: Array.from(scored.counts), segments: model.segmentNames,
    ...scored.json,
    ms_total: Math.round((performance.now() - started) * 100) / 100,
  };
  // With the CSV on standard output, the report goes to standard error.
  const report = isStandardOutput(args.out) ? process.stderr : process.stdout;
  if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    report.write(`${table.file}: ${table.n} customers assigned to the ${clusters} segments of ${basename(args.model)}\n`);
    model.segmentNames.forEach((name, j) => report.write(`  ${String(j).padStart(2)}  ${String(scored.counts[j]).padStart(9)}  ${name}\n`));
    if (scored.noise !== null) report.write(`  -1  ${String(scored.noise).padStart(9)}  ${NO_SEGMENT}\n`);
  }
}

/** What either kind of model gives: a label per customer, counts, the customers in no segment (null: KMeans has none) and the facts for --json. */
interface Scored {
  readonly labels: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly noise: number | null;
  readonly json: Record<string, unknown>;
}

async function scoreKMeans(model: SegmentModel, columns: readonly Float32Array[], n: number): Promise<Scored> {
  const { labels, counts, inertia } = await scoreWithModel(model, columns, n);
  return { labels, counts, noise: null, json: { inertia } };
}

/** Columns in the model's feature order, business units. */
function scoreDensity(model: DensityModel, columns: readonly Float32Array[], n: number): Scored {
  const { labels, counts, noise } = scoreDensityModel(model, pointsForModel(model, columns, n).points);
  return { labels, counts, noise, json: { algorithm: model.algorithm, noise, noise_share: noise / n } };
}
