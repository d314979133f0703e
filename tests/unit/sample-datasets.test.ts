import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parquetColumns, parquetRowCount } from '../../src/data/parquet-import.ts';
import { SAMPLE_DATASETS } from '../../src/data/sample-datasets.ts';
import { buildSampleDataset } from '../../src/node/sample-dataset-build.ts';

// The shipped real datasets: each file is what its catalogue entry says (rows, the clustered
// columns numeric), and the rebuild script reproduces it byte for byte from the R package it came
// from (installed from Debian by `npm test`'s system check: r-cran-modeldata, r-cran-aer).

/** Why the rebuild cannot run here (R or a package missing), or null. A failure in CI, a skip elsewhere. */
function rebuildMissing(rPackage: string): string | null {
  const found = spawnSync(process.env.RSCRIPT ?? 'Rscript', ['-e', `library(${rPackage})`], { stdio: 'ignore' });
  return found.status === 0 ? null : `R's ${rPackage} package is not installed`;
}

const shipped = (file: string) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${file}`, import.meta.url)));

describe.each(SAMPLE_DATASETS)('shipped dataset $id', (dataset) => {
  it('has the rows and the numeric columns its catalogue entry names', async () => {
    const file = new Blob([shipped(dataset.file)]);
    expect(await parquetRowCount(file, dataset.file)).toBe(dataset.rows);
    const { headers, numeric } = await parquetColumns(file, dataset.file);
    for (const feature of dataset.features) {
      const column = headers.indexOf(feature);
      expect(column, feature).toBeGreaterThanOrEqual(0);
      expect(numeric[column], feature).toBe(true);
    }
  });

  const missing = rebuildMissing(dataset.r.package);
  if (missing && process.env.CI) throw new Error(`the datasets' rebuild cannot run: ${missing}`);
  it.skipIf(missing !== null)(`is rebuilt byte for byte from its R package${missing ? ` (skipped: ${missing}; Debian's ${dataset.r.debian})` : ''}`, async () => {
    const rebuilt = await buildSampleDataset(dataset);
    expect(Buffer.from(rebuilt).equals(Buffer.from(shipped(dataset.file)))).toBe(true);
  }, 60_000);
});
