/**
 * `npm run bench -- --hierarchy`: Ward's and single-linkage agglomerative clustering
 * (src/hierarchy) against scikit-learn's AgglomerativeClustering on the same float32 customers
 * (random in 3D, standardised), cut at k = 5; the partitions compared by adjusted Rand index.
 * Options: --sizes 5000,20000, --markdown FILE. The Python is $PYTHON (tests/sklearn.ts).
 */
import { parseArgs } from 'node:util';
import { adjustedRandIndex } from '../src/analysis/agreement.ts';
import { singleLinkage } from '../src/hierarchy/single.ts';
import { cutLinkage, wardLinkage } from '../src/hierarchy/ward.ts';
import { randomPoints } from '../tests/helpers.ts';
import { agglomerativeReference } from '../tests/agglomerative-reference.ts';
import { markdownTarget, print, printTable, writeMarkdown } from './shared.ts';

const { values } = parseArgs({ options: { hierarchy: { type: 'boolean' }, sizes: { type: 'string', default: '5000,20000' }, markdown: { type: 'string' } } });
const markdownFile = markdownTarget(values.markdown);
const K = 5;
const METHODS = { ward: wardLinkage, single: singleLinkage } as const;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rows: string[][] = [];
let version = '';
for (const n of values.sizes!.split(',').map(Number)) {
  const points = randomPoints(n, 3, 1);
  for (const [method, build] of Object.entries(METHODS)) {
    const started = performance.now();
    const labels = cutLinkage(build(points), K) as Uint8Array;
    const ms = performance.now() - started;
    const theirs = agglomerativeReference(points, K, method as 'ward' | 'single');
    version = theirs.version;
    rows.push([n.toLocaleString('en-US'), method, seconds(ms), seconds(theirs.ms), `${(ms / theirs.ms).toFixed(2)}x`, adjustedRandIndex(labels, theirs.labels).toFixed(4)]);
    print(`measured ${method} at ${n}`);
  }
}
print();
printTable(['N', 'linkage', 'ours (s, one thread)', `scikit-learn ${version} (s)`, 'time vs scikit-learn', 'ARI of the cuts (k = 5)'], rows);
print();
print('Random customers in [-1, 1)^3 (float32, seeded), the same values to both; ours holds a centroid per cluster, scikit-learn a distance matrix (Ward) or a spanning tree (single).');
writeMarkdown(markdownFile);
process.exit(0);
