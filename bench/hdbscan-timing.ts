// Times HDBSCAN (src/density) on customers shaped like crescents + ring + clump + 3 % noise,
// 3 features: node --import tsx bench/hdbscan-timing.ts [n ...] (default 20 000 and 200 000).
import { hdbscan } from '../src/density/hdbscan.ts';
import { buildKdTree, kNearestDistances } from '../src/density/kd-tree.ts';
import { boruvkaMst } from '../src/density/mst.ts';
import { mixedCustomers } from '../tests/hdbscan-shapes.ts';

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [20_000, 200_000]) {
  const points = mixedCustomers(n, 42);
  const minClusterSize = 50;
  const minSamples = 10;
  let t = performance.now();
  const tree = buildKdTree(points);
  const core = kNearestDistances(tree, minSamples);
  const coreMs = performance.now() - t;
  t = performance.now();
  boruvkaMst(tree, core);
  const mstMs = performance.now() - t;
  t = performance.now();
  const result = hdbscan(points, { minClusterSize, minSamples });
  const totalMs = performance.now() - t;
  console.log(
    `${n} customers, min_cluster_size ${minClusterSize}, min_samples ${minSamples}: ${(totalMs / 1000).toFixed(2)} s in all ` +
      `(kd-tree + core distances ${(coreMs / 1000).toFixed(2)} s, Boruvka MST ${(mstMs / 1000).toFixed(2)} s); ` +
      `${result.clusters} clusters, ${result.noise} noise`,
  );
}
