import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_CLUSTERS } from '../data/features.ts';
import { DEFAULT_N_INIT } from '../kmeans/types.ts';
import { DEFAULT_MIN_SHARE } from '../kmeans/warnings.ts';
import { MISSING_POLICIES, type MissingPolicy } from '../data/missing.ts';
import type { BackendChoice } from '../kmeans/types.ts';
import { InputError } from '../node/input-error.ts';
import { spoolStandardInput } from '../node/standard-input.ts';
import { parseSize } from '../node/memory-budget.ts';
import { APP_VERSION } from '../version.ts';
import { fitCommand } from './fit.ts';
import { fitDensityCommand } from './fit-density.ts';
import { generateCommand } from './generate.ts';
import { assignCommand } from './assign.ts';
import { compareCommand } from './compare.ts';
import { sweepCommand } from './sweep.ts';
import { sweepMixtureCommand } from './sweep-mixture.ts';
import { sqlCommand } from './sql.ts';
import { importModelCommand } from './import-model.ts';
import { openCommand } from './open.ts';
import { fitAgglomerativeCommand } from './fit-agglomerative.ts';
import { fitMixtureCommand } from './fit-mixture.ts';
import { isWorkspaceFile, withWorkspace, workspaceFitOptions } from './workspace-input.ts';
import { sampleNames } from '../data/sample-datasets.ts';
import { SQL_DIALECTS } from '../kmeans/scoring-sql.ts';
import { DRIVER_CHOICES, driverChoice } from '../node/vulkan-drivers.ts';

// `npm run kmeans` runs in the project folder; resolve the user's paths where they typed them.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

// A mistyped KMEANS_GPU is a usage error, not a reason to run quietly on the CPU.
try {
  driverChoice();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(2);
}

const integer = (name: string, min: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}, got "${text}"`);
  return value;
};
const number = (name: string, min: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new InvalidArgumentError(`${name} must be a number >= ${min}, got "${text}"`);
  return value;
};

const share = (name: string) => (text: string) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new InvalidArgumentError(`${name} must be a share from 0 to below 1 (0.01 = 1 %), got "${text}"`);
  return value;
};

const size = (name: string) => (text: string) => {
  const bytes = parseSize(text);
  if (bytes === null || bytes <= 0) throw new InvalidArgumentError(`${name} must be a size such as 2G or 512M, got "${text}"`);
  return bytes;
};
const MAX_MEMORY_HELP = 'refuse an input whose customers would need more memory than this (e.g. 2G; default: 3/4 of this machine)';

const program = new Command('kmeans')
  .description('KMeans customer segmentation on WebGPU or the CPU (the same engine as the workbench page)')
  .version(APP_VERSION)
  .showHelpAfterError('(run with --help for the options)');

program
  .command('generate')
  .description('write seeded synthetic customers as CSV (Parquet when --out ends in .parquet)')
  .option('--n <count>', 'number of customers', integer('--n', 1), 1000)
  .option('--seed <seed>', 'random seed', integer('--seed', 0), 42)
  .option('--separation <factor>', 'how well separated the segments are (spread is divided by this)', number('--separation', 0.01), 1)
  .option('--outliers <share>', 'share of customers drawn uniformly over the whole range (default 0.005; 0.03 for --shape shaped)', number('--outliers', 0))
  .addOption(new Option('--shape <shape>', 'round: four round segments (KMeans\'s case); shaped: interleaved career bands, a core inside a ring and a premium clump (density clustering\'s case)').choices(['round', 'shaped']).default('round'))
  .option('--out <file>', 'output CSV (default, or "-": standard output)')
  .action((options) => run(() => generateCommand({ ...options, outliers: options.outliers ?? (options.shape === 'shaped' ? 0.03 : 0.005) })));

program
  .command('fit')
  .description('cluster the customers of a CSV file')
  .requiredOption('--input <file>', 'input CSV or Parquet with a header row ("-": standard input), or a workspace file (.zip: its customers, fitted with its run\'s settings and names)')
  .addOption(new Option('--algorithm <name>', 'kmeans; dbscan or hdbscan (density: clusters of any shape, and customers in none); ward or single (agglomerative, exact, cut at --k); gmm (a Gaussian mixture: soft memberships)').choices(['kmeans', 'dbscan', 'hdbscan', 'ward', 'single', 'gmm']).default('kmeans'))
  .option('--k <clusters>', `number of clusters (1 to ${MAX_CLUSTERS}; kmeans)`, integer('--k', 1))
  .option('--eps <distance>', 'DBSCAN: neighbourhood radius, in scaled units (standard deviations)', number('--eps', 0))
  .option('--min-samples <count>', 'DBSCAN: customers within eps (itself included) that make a core point (default 5); HDBSCAN: neighbours for the core distance (default: --min-cluster-size)', integer('--min-samples', 1))
  .option('--min-cluster-size <count>', 'HDBSCAN: the smallest group that counts as a cluster', integer('--min-cluster-size', 2))
  .addOption(new Option('--cluster-selection <method>', 'HDBSCAN: eom (excess of mass, the most stable clusters) or leaf (the finest)').choices(['eom', 'leaf']).default('eom'))
  .option('--cluster-selection-epsilon <distance>', 'HDBSCAN: clusters split below this distance (scaled units) stay one', number('--cluster-selection-epsilon', 0))
  .option('--features <names>', 'comma-separated feature columns (default: income, spending score, credit score)')
  .option('--init <method>', 'k-means++, random, or a CSV of k centroid rows in the input units; gmm: kmeans (default), k-means++, or a CSV of k mean rows', 'k-means++')
  .addOption(new Option('--covariance <type>', 'gmm: each component\'s covariance: full, diag (per feature) or spherical (one variance)').choices(['full', 'diag', 'spherical']).default('full'))
  .option('--reg-covar <value>', 'gmm: added to every variance so no component collapses on one customer (scaled units)', number('--reg-covar', 0), 1e-6)
  .option('--freeze <rows>', 'comma-separated centroids that never move: 0-based data rows of the --init CSV (e.g. 0,2); needs --init FILE.csv')
  .option('--n-init <runs>', 'restarts from different seeds; the lowest inertia wins (1 = scikit-learn\'s default for k-means++)', integer('--n-init', 1), DEFAULT_N_INIT)
  .option('--max-iter <iterations>', 'iteration limit per run', integer('--max-iter', 1), 300)
  .option('--tol <tol>', 'stop when the squared centroid shift is at most tol x mean feature variance', number('--tol', 0), 1e-4)
  .option('--seed <seed>', 'random seed for the initialisation', integer('--seed', 0), 0)
  .addOption(new Option('--backend <backend>', 'compute backend').choices(['auto', 'webgpu', 'cpu']).default('auto'))
  .addOption(
    new Option('--gpu-driver <driver>', 'Vulkan drivers WebGPU may use: auto (the machine\'s own; SwiftShader only when they give no adapter), system (never SwiftShader), swiftshader (it alone); also KMEANS_GPU')
      .choices([...DRIVER_CHOICES]),
  )
  .option('--no-scale', 'cluster the raw values instead of standardised ones')
  .addOption(new Option('--missing <policy>', 'rows with missing values').choices(MISSING_POLICIES as string[]).default('error'))
  .addOption(new Option('--decimal <mark>', 'decimal mark of the input numbers (default: detected per column from the first rows)').choices([',', '.']))
  .option('--out <file>', 'write the input rows with Cluster and Segment columns: CSV, or Parquet for a .parquet name ("-": CSV on standard output)')
  .option('--model <file>', 'write the fitted model as JSON ("-": standard output)')
  .option('--force', 'let an output replace an input file', false)
  .option('--max-memory <size>', MAX_MEMORY_HELP, size('--max-memory'))
  .option('--json', 'print a one-line JSON summary as the last line of standard output', false)
  .option('--min-share <share>', 'warn when a segment holds less than this share of the customers (0 turns it off)', share('--min-share'), DEFAULT_MIN_SHARE)
  .option('--threads <count>', 'CPU engine threads (default: every core; the result is the same on any number)', integer('--threads', 1))
  .option('--sample <count>', 'fit on this many customers drawn uniformly (seeded by --seed), then assign every customer to the centroids; both inertias are reported', integer('--sample', 1))
  .action((options, command: Command) =>
    run(() => {
      if (options.gpuDriver) process.env.KMEANS_GPU = options.gpuDriver;
      // A workspace file: its customers, fitted with its run's settings and named with its names.
      if (isWorkspaceFile(options.input)) {
        return withWorkspace(options.input, (input, inputName, workspace) => {
          const from = workspaceFitOptions(workspace);
          process.stderr.write(`${from.said}\n`);
          const base = { ...options, input, inputName, backend: options.backend as BackendChoice };
          if (workspace.algorithm === 'gmm') return fitMixtureCommand({ ...base, ...from.mixture });
          return workspace.algorithm === 'kmeans' ? fitCommand({ ...base, ...from.kmeans }) : fitDensityCommand({ ...base, ...from.density });
        });
      }
      if (options.algorithm === 'gmm') {
        // EM's own defaults (scikit-learn's GaussianMixture) where the KMeans ones were not overridden.
        const given = (name: string) => command.getOptionValueSource(name) !== 'default';
        if (options.model) throw new InputError('--algorithm gmm writes no model file yet: --out writes each customer with its segment and probability');
        if (options.sample !== undefined || options.freeze !== undefined) throw new InputError(`--algorithm gmm takes no ${options.sample !== undefined ? '--sample' : '--freeze'} (KMeans options)`);
        if (given('init') && options.init === 'random') throw new InputError('--algorithm gmm starts from kmeans (default), k-means++ or a CSV of means, not random');
        return withInput(options.input, (input, inputName) => fitMixtureCommand({
          ...options, input, inputName, missing: options.missing as MissingPolicy,
          init: given('init') ? options.init : undefined, nInit: given('nInit') ? options.nInit : undefined,
          maxIter: given('maxIter') ? options.maxIter : undefined, tol: given('tol') ? options.tol : undefined,
        }));
      }
      if (options.algorithm === 'ward' || options.algorithm === 'single') {
        return withInput(options.input, (input, inputName) => fitAgglomerativeCommand({ ...options, input, inputName, missing: options.missing as MissingPolicy }));
      }
      if (options.algorithm !== 'kmeans') {
        return withInput(options.input, (input, inputName) => fitDensityCommand({ ...options, input, inputName, missing: options.missing as MissingPolicy }));
      }
      if (options.k === undefined) throw new InputError("required option '--k <clusters>' not specified");
      return withInput(options.input, (input, inputName) =>
        fitCommand({
          ...options,
          input,
          inputName,
          backend: options.backend as BackendChoice,
          missing: options.missing as MissingPolicy,
        }),
      );
    }),
  );

program
  .command('assign')
  .description('assign the customers of a CSV file to the segments of a saved model (no refitting)')
  .requiredOption('--model <file>', 'model JSON written by fit --model')
  .requiredOption('--input <file>', 'CSV with the model\'s feature columns ("-": standard input)')
  .addOption(new Option('--decimal <mark>', 'decimal mark of the input numbers (default: detected per column from the first rows)').choices([',', '.']))
  .option('--out <file>', 'write the input rows with Cluster and Segment columns: CSV, or Parquet for a .parquet name ("-": CSV on standard output)')
  .option('--force', 'let the output replace an input file', false)
  .option('--max-memory <size>', MAX_MEMORY_HELP, size('--max-memory'))
  .option('--json', 'print a one-line JSON summary as the last line of standard output', false)
  .action((options) => run(() => withInput(options.input, (input, inputName) => assignCommand({ ...options, input, inputName }))));

program
  .command('sql')
  .description('write the SQL that scores a table with a saved model where the data lives: every column, then cluster and segment')
  .requiredOption('--model <file>', 'model JSON written by fit --model or the page')
  .requiredOption('--table <name>', 'the table to score (may be qualified: db.schema.table; each part is quoted)')
  .addOption(new Option('--dialect <dialect>', 'the SQL dialect').choices([...SQL_DIALECTS]).default('duckdb'))
  .option('--out <file>', 'write the SELECT to this file (default, or "-": standard output)')
  .option('--force', 'let the output replace an input file', false)
  .action((options) => run(() => sqlCommand(options)));

program
  .command('import-model')
  .description('read a model fitted where the data lives (BigQuery ML.CENTROIDS output, Spark clusterCenters) into a model file for assign, sql and the page')
  .requiredOption('--from <file>', 'BigQuery ML.CENTROIDS output (CSV or JSON) or Spark clusterCenters (JSON array of arrays, or CSV)')
  .option('--features <names>', 'comma-separated feature names in the centres\' order (Spark: the VectorAssembler\'s inputCols)', (value: string) => value.split(',').map((name) => name.trim()))
  .option('--scaling <file>', 'the scaling applied before clustering: ML.FEATURE_INFO output (input, mean, stddev), or a Spark StandardScalerModel\'s {"mean": [...], "std": [...]}')
  .requiredOption('--model <file>', 'the model file to write ("-": standard output)')
  .option('--force', 'let the output replace an input file', false)
  .action((options) => run(() => importModelCommand(options)));

program
  .command('compare')
  .description('compare two segmentations of the same customers (files written by fit --out): adjusted Rand index and migrations')
  .argument('<a>', 'a segmented CSV (every input column, then Cluster and Segment)')
  .argument('<b>', 'another segmented CSV of the same customers, row for row')
  .option('--json', 'print a one-line JSON summary as the last line of standard output', false)
  .action((a: string, b: string, options) => run(() => compareCommand({ a, b, json: options.json })));

program
  .command('sweep')
  .description('the table of k: WCSS, silhouettes, Calinski-Harabasz, Davies-Bouldin, gap and stability per k, and one recommendation; with --algorithm gmm, a Gaussian mixture per k with its BIC and AIC')
  .requiredOption('--input <file>', 'input CSV with a header row ("-": standard input)')
  .option('--k-max <clusters>', 'sweep k = 1 to this (2 to 100)', (text: string) => {
    const value = integer('--k-max', 2)(text);
    if (value > 100) throw new InvalidArgumentError(`--k-max must be at most 100, got "${text}"`);
    return value;
  }, 10)
  .option('--n-init <runs>', 'restarts per fit; the lowest inertia wins', integer('--n-init', 1), DEFAULT_N_INIT)
  .option('--stability <subsets>', 'resampled subsets (80 % each) for the stability column; 0 turns it off', (text: string) => {
    const value = integer('--stability', 0)(text);
    if (value === 1) throw new InvalidArgumentError('--stability compares pairs of subsets: give 0 (off) or 2 and more');
    return value;
  }, 10)
  .option('--seed <seed>', 'random seed for the samples, the reference sets and the initialisations', integer('--seed', 0), 0)
  .option('--features <names>', 'comma-separated feature columns (default: income, spending score, credit score)')
  .addOption(new Option('--decimal <mark>', 'decimal mark of the input numbers (default: detected per column from the first rows)').choices([',', '.']))
  .addOption(new Option('--missing <policy>', 'rows with missing values').choices(MISSING_POLICIES as string[]).default('error'))
  .option('--threads <count>', 'CPU engine threads for the fits on all customers (default: every core)', integer('--threads', 1))
  .addOption(new Option('--algorithm <name>', 'kmeans (the table of k) or gmm (Gaussian mixtures: log-likelihood, BIC and AIC per k)').choices(['kmeans', 'gmm']).default('kmeans'))
  .addOption(new Option('--covariance <type>', 'gmm: each component\'s covariance').choices(['full', 'diag', 'spherical']).default('full'))
  .option('--json', 'print a one-line JSON summary as the last line of standard output', false)
  .action((options, command: Command) =>
    run(() => withInput(options.input, (input, inputName) => {
      if (options.algorithm === 'gmm') {
        // scikit-learn's one start per k unless --n-init was given.
        const nInit = command.getOptionValueSource('nInit') === 'default' ? undefined : options.nInit;
        return sweepMixtureCommand({ ...options, input, inputName, nInit, missing: options.missing as MissingPolicy });
      }
      return sweepCommand({ ...options, input, inputName, missing: options.missing as MissingPolicy });
    })),
  );

program
  .command('open')
  .description('open the workbench page on a local port with a customer file (CSV or Parquet) or a shipped real dataset already imported, or a workspace file put back; Ctrl-C stops it')
  .argument('[file]', 'the customers (CSV or Parquet), or a workspace file (.zip) the page downloaded')
  .option('--sample <name>', `a shipped real dataset in place of a file: ${sampleNames()}`)
  .option('--model <file>', 'a saved model: the customers are assigned to its segments')
  .option('--port <port>', 'the local port (0: any free one)', integer('--port', 0), 5273)
  .option('--no-open', 'print the address without opening a browser')
  .action((file: string | undefined, options) => run(() => openCommand({ file, sample: options.sample, model: options.model, port: options.port, open: options.open })));

/** `--input -`: standard input, spooled to a temporary file that goes when the command ends. */
async function withInput(input: string, command: (path: string, name: string | undefined) => Promise<void>): Promise<void> {
  if (input !== '-') return command(input, undefined);
  const spooled = await spoolStandardInput();
  try {
    await command(spooled.path, 'stdin');
  } finally {
    await spooled.dispose();
  }
}

/** One clear line on standard error and a non-zero exit for bad input; a stack only for bugs. */
async function run(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    if (error instanceof InputError || error instanceof RangeError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  }
  // Dawn can keep the event loop alive; leave once output is flushed.
  process.stdout.write('', () => process.exit());
}

await program.parseAsync(process.argv);
