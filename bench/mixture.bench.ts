/**
 * `npm run bench -- --mixture`: Gaussian mixtures (src/mixture) against scikit-learn's
 * GaussianMixture with every core, on the same float32 customers (four overlapping, stretched
 * groups in 3D) from the same start (the parameters our KMeans start gives, handed to scikit-learn
 * as weights_init, means_init and precisions_init), k = 5. Ours runs its E-steps on every core.
 * Options: --sizes 200000,1000000, --covariances full,diag, --markdown FILE. The Python is $PYTHON.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { createCpuEngine } from '../src/kmeans/cpu/engine.ts';
import { fitMixture } from '../src/mixture/fit.ts';
import type { CovarianceType } from '../src/mixture/gaussian.ts';
import { kmeansStartLabels } from '../src/mixture/local-engine.ts';
import { paramsFromLabels } from '../src/mixture/m-step.ts';
import { threadedMixtureEngine } from '../src/mixture/threads.ts';
import { createThreadPool } from '../src/node/thread-pool.ts';
import { overlappingGroups } from '../tests/helpers.ts';
import { mixtureReference } from '../tests/mixture-reference.ts';
import { markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({
  options: { mixture: { type: 'boolean' }, sizes: { type: 'string', default: '200000,1000000' }, covariances: { type: 'string', default: 'full,diag' }, markdown: { type: 'string' } },
});
const markdownFile = markdownTarget(values.markdown);
const K = 5;
const threads = availableParallelism();
const pool = threads > 1 ? createThreadPool(threads - 1) : null;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rows: string[][] = [];
let version = '';
for (const n of values.sizes!.split(',').map(Number)) {
  const points = overlappingGroups(n, 1);
  const labels = await kmeansStartLabels(points, K, 1, (target, k) => pool?.engine(target, k) ?? createCpuEngine(target, k));
  for (const covariance of values.covariances!.split(',') as CovarianceType[]) {
    const start = paramsFromLabels(points, labels, K, covariance, 1e-6);
    const engine = await threadedMixtureEngine(points, pool?.helpers(threads - 1) ?? [], createCpuEngine);
    const started = performance.now();
    const ours = await fitMixture(points, { k: K, covariance, init: { params: start } }, engine);
    const ms = performance.now() - started;
    await engine.close();
    const theirs = mixtureReference(points, start, { withRows: false });
    version = theirs.version;
    rows.push([
      n.toLocaleString('en-US'), covariance, `${ours.iterations} / ${theirs.iterations}`, seconds(ms), seconds(theirs.ms), `${(ms / theirs.ms).toFixed(2)}x`,
      (Math.abs(ours.meanLogLikelihood - theirs.score) / Math.abs(theirs.score)).toExponential(1),
    ]);
    print(`measured ${covariance} at ${n}`);
  }
}
await pool?.close();
print();
printTable(['N', 'covariance', 'iterations (ours / theirs)', `ours (s, ${threads} threads)`, `scikit-learn ${version} (s)`, 'time vs scikit-learn', 'log-likelihood difference (relative)'], rows);
print();
print(`k = ${K}, tol 1e-3, reg_covar 1e-6, the same start to both; the labelling E-step is in both times (scikit-learn's fit ends with one).`);
writeMarkdown(markdownFile);
process.exit(0);
