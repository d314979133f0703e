import { writeOutput } from '../node/output-file.ts';
import { readModelArgument } from '../node/model-file.ts';

export interface ImportModelArgs {
  /** BigQuery's ML.CENTROIDS output or Spark's clusterCenters (CSV or JSON). */
  readonly from: string;
  /** Feature names in the centres' order, where the file does not name them (Spark). */
  readonly features?: string[];
  /** ML.FEATURE_INFO output, or a Spark StandardScalerModel's {"mean": [...], "std": [...]}. */
  readonly scaling?: string;
  readonly model: string;
  readonly force?: boolean;
}

/**
 * `import-model`: a model fitted where the data lives, as the workbench's model file, which
 * `assign`, `sql` and the page then use like one of its own fits.
 */
export async function importModelCommand(args: ImportModelArgs): Promise<void> {
  // Its summary says it when there is no scaling.
  const model = await readModelArgument(args.from, { features: args.features, scaling: args.scaling, warnUnscaled: false });
  const inputs = [args.from, ...(args.scaling ? [args.scaling] : [])];
  await writeOutput(args.model, async (write) => write(`${JSON.stringify(model, null, 2)}\n`), { inputs, force: args.force, option: '--model' });
  if (args.model === '-') return;
  const unscaled = model.scaled ? '' : '; distances in the input\'s units (no scaling given)';
  process.stdout.write(`${model.source}: k = ${model.k} on ${model.features.join(', ')}${unscaled}\n`);
  model.segmentNames.forEach((name, j) => process.stdout.write(`  ${j}  ${name}\n`));
  process.stderr.write(`wrote ${args.model}\n`);
}
