// Rebuilds the shipped datasets (public/datasets/*.parquet) from the R packages they came from:
//   npm run datasets            writes them
//   npm run datasets -- --check compares them with the shipped files byte for byte
import { readFile, writeFile } from 'node:fs/promises';
import { SAMPLE_DATASETS } from '../src/data/sample-datasets.ts';
import { buildSampleDataset } from '../src/node/sample-dataset-build.ts';

const check = process.argv.includes('--check');
const folder = new URL('../public/datasets/', import.meta.url);
let differ = 0;
for (const dataset of SAMPLE_DATASETS) {
  const bytes = await buildSampleDataset(dataset);
  const path = new URL(dataset.file, folder);
  if (check) {
    const shipped = new Uint8Array(await readFile(path));
    const same = Buffer.compare(Buffer.from(shipped), Buffer.from(bytes)) === 0;
    if (!same) differ++;
    console.warn(`${dataset.file}: ${same ? 'the same bytes' : `differs (${bytes.length} bytes rebuilt, ${shipped.length} shipped)`}`);
  } else {
    await writeFile(path, bytes);
    console.warn(`${dataset.file}: ${dataset.rows} rows, ${bytes.length} bytes`);
  }
}
process.exitCode = differ > 0 ? 1 : 0;
