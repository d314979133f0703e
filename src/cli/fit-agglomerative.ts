import { basename } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { singleLinkage } from '../hierarchy/single.ts';
import { cutLinkage, wardLinkage } from '../hierarchy/ward.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { checkOutput, isStandardOutput } from '../node/output-file.ts';
import { loadPoints, splitList } from './fit.ts';
import { describeClusters, writeLabelledRows } from './labelled-output.ts';
import type { DensityFitArgs } from './fit-density.ts';

/**
 * The most customers the exact agglomerative methods cluster here: their time is quadratic
 * (Ward: 20 000 take about 14 s on one core of this machine, 50 000 about a minute and a half).
 */
export const AGGLOMERATIVE_EXACT_MAX = 50_000;

const LINKAGES = {
  ward: { name: "Ward's agglomerative clustering (exact)", build: wardLinkage },
  single: { name: 'single-linkage agglomerative clustering (exact, the minimum spanning tree)', build: singleLinkage },
} as const;

/** The density command's input, feature, output and memory options, with the linkage and where to cut. */
export interface AgglomerativeFitArgs extends Pick<DensityFitArgs,
  'input' | 'inputName' | 'features' | 'featureList' | 'names' | 'scale' | 'missing' | 'decimal' | 'out' | 'json' | 'force' | 'maxMemory'> {
  readonly algorithm: keyof typeof LINKAGES;
  readonly k?: number;
}

/** How many of the highest merges --json lists (the heights a cut is read from). */
const TOP_MERGES = 20;

/** `fit --algorithm ward|single`: read, scale, build the tree exactly, cut it at k, report and write the rows with their clusters. */
export async function fitAgglomerativeCommand(args: AgglomerativeFitArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const linkage = LINKAGES[args.algorithm];
  if (args.k === undefined) throw new InputError(`--algorithm ${args.algorithm} needs --k (where to cut the tree: the number of segments)`);
  const wanted = args.featureList ? [...args.featureList] : args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  if (args.json && isStandardOutput(args.out)) throw new InputError('--json and --out - both want standard output: write the rows to a file, or leave out --json');
  const outputOptions = { inputs: [args.input], force: args.force, option: '--out' };
  await checkOutput(args.out, outputOptions);
  await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, args.maxMemory ?? defaultMemoryBudget());
  const input = await loadPoints(args, wanted, log);
  const { points, scaler } = input;
  if (points.n > AGGLOMERATIVE_EXACT_MAX) {
    throw new InputError(`${input.file}: ${points.n} customers; an exact agglomerative tree's time grows with the square of the customers, so it stops at ${AGGLOMERATIVE_EXACT_MAX.toLocaleString('en-US')} here (fit a sample, or use KMeans)`);
  }
  if (args.k > points.n) throw new InputError(`--k ${args.k}: ${input.file} has ${points.n} customers to cluster`);
  const started = performance.now();
  const tree = linkage.build(points);
  const labels = Int32Array.from(cutLinkage(tree, args.k));
  const ms = performance.now() - started;
  const d = points.d;
  const { counts, centres, names } = describeClusters(input, points, scaler, labels, args.k, args.names);
  await writeLabelledRows(args, labels, names, input.kept, outputOptions, log);
  // The heights where the tree cuts into 1, 2, ... clusters: the k-th highest merge splits k into k + 1.
  const merges = tree.height.length;
  const topHeights = Array.from({ length: Math.min(TOP_MERGES, merges) }, (_, i) => tree.height[merges - 1 - i]!);
  if (args.json) {
    process.stdout.write(JSON.stringify({
      algorithm: args.algorithm, n: points.n, d, k: args.k, counts: Array.from(counts),
      means: Array.from({ length: args.k }, (_, j) => Array.from(centres.subarray(j * d, j * d + d))),
      segments: names, features: input.featureNames, merge_heights: topHeights, dropped_rows: input.rows - points.n, ms_total: Math.round(ms * 1000) / 1000,
    }) + '\n');
    return;
  }
  const report = isStandardOutput(args.out) ? process.stderr : process.stdout;
  report.write(
    `${input.file}: ${points.n} customers, ${d} features, ${linkage.name}, cut at k = ${args.k}; ${ms.toFixed(0)} ms\n` +
      `the tree's highest merges: ${topHeights.slice(0, 8).map((h) => h.toFixed(3)).join(', ')} (a big drop after the (k-1)-th says k)\n\n` +
      names.map((name, j) => `${String(j).padStart(3)}  ${String(counts[j]).padStart(8)}  ${name}`).join('\n') + '\n',
  );
}
