import { mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CLUSTER, segmentedFileCsv } from '../../src/data/csv-export.ts';
import { isParquet, previewParquet, readParquetFeatureColumns } from '../../src/data/parquet-import.ts';
import { textAt } from '../../src/data/text-column.ts';
import { runKmeans } from '../helpers.ts';

// Parquet files written by another tool (DuckDB's COPY ... TO), read here: every value equals
// what DuckDB reads from the same file. Compression snappy and zstd, several row groups, nulls,
// a dictionary-encoded text column, a decimal and a 64-bit integer column.

const ROWS = 5000;
let folder: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'parquet-import-'));
  const db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
  await connection.run(`CREATE TABLE customers AS SELECT
      i AS customer_id,
      CASE i % 3 WHEN 0 THEN 'North' WHEN 1 THEN 'South' ELSE 'West' END AS branch,
      CASE WHEN i % 97 = 5 THEN NULL ELSE 20 + (i * 7919 % 10000) / 73.0 END AS "Annual Income (k$)",
      CAST(1 + i * 31 % 100 AS INTEGER) AS "Spending Score (1-100)",
      CAST(300 + i * 13 % 550 AS BIGINT) AS "Credit Score",
      CAST(i * 1.25 AS DECIMAL(10, 2)) AS balance
    FROM range(${ROWS}) AS t(i)`);
  for (const codec of ['snappy', 'zstd']) {
    await connection.run(`COPY customers TO '${join(folder, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024)`);
  }
}, 60_000);

afterAll(() => {
  connection?.closeSync();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.each(['snappy', 'zstd'])('a %s Parquet file written by DuckDB', (codec) => {
  const path = () => join(folder, `${codec}.parquet`);

  it('previews its columns, types and first rows, and proposes the three features', async () => {
    const file = await openAsBlob(path());
    expect(await isParquet(file)).toBe(true);
    const preview = await previewParquet(file, `${codec}.parquet`);
    expect(preview.headers).toEqual(['customer_id', 'branch', 'Annual Income (k$)', 'Spending Score (1-100)', 'Credit Score', 'balance']);
    expect(preview.numeric).toEqual([true, false, true, true, true, true]);
    expect(preview.suggested).toEqual([2, 3, 4]);
    expect(preview.estimatedRows).toBe(ROWS);
    expect(preview.rows[1]).toEqual(['1', 'South', String(20 + 7919 / 73), '32', '313', '1.25']);
  });

  it('reads every value DuckDB reads, nulls as missing, several row groups, with ids and text for search', async () => {
    const metadataGroups = (await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${path()}')`)).getRows()[0]![0];
    expect(Number(metadataGroups)).toBeGreaterThan(2);
    const file = await openAsBlob(path());
    const progress: number[] = [];
    const staged = await readParquetFeatureColumns(file, `${codec}.parquet`, [2, 3, 4, 5], { onProgress: (done, total) => void progress.push(done / total) });
    expect(staged.n).toBe(ROWS);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBe(Number(metadataGroups));
    const expected = (await connection.runAndReadAll(`SELECT "Annual Income (k$)", "Spending Score (1-100)", "Credit Score", CAST(balance AS DOUBLE) FROM read_parquet('${path()}')`)).getColumns();
    const misfits: string[] = [];
    expected.forEach((values, f) => values.forEach((value, i) => {
      const read = staged.columns[f]![i]!;
      const wanted = value === null ? Number.NaN : Math.fround(Number(value));
      if (!Object.is(read, wanted)) misfits.push(`column ${f}, row ${i}: read ${read}, DuckDB ${value}`);
    }));
    expect(misfits.slice(0, 5)).toEqual([]);
    // Nulls are missing values: bad rows, reported with their row numbers (from 1).
    const nulls = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 97 === 5);
    expect(staged.report.missing).toEqual([nulls.length, 0, 0, 0]);
    expect(staged.report.badRows).toBe(nulls.length);
    expect(staged.report.firstMissing[0]).toEqual({ row: 6, column: 'Annual Income (k$)' });
    expect(Array.from(staged.bad.keys()).filter((i) => staged.bad[i])).toEqual(nulls);
    // The id column names customers; the dictionary-encoded branch is kept as text for search.
    expect(staged.identifier?.header).toBe('customer_id');
    expect(textAt(staged.identifier!.texts, 4321)).toBe('4321');
    expect(staged.searchable.map((c) => c.header)).toEqual(['branch']);
    expect(textAt(staged.searchable[0]!.texts, 4321)).toBe('South');
  });

  it('exports every column and the segments as CSV', async () => {
    const file = await openAsBlob(path());
    const labels = Int16Array.from({ length: ROWS }, (_, i) => (i % 97 === 5 ? NO_CLUSTER : i % 2));
    const chunks: Uint8Array[] = [];
    for await (const chunk of segmentedFileCsv(file, labels, ['Even', 'Odd'])) chunks.push(chunk);
    const rows = Papa.parse<string[]>(Buffer.concat(chunks).toString('utf8').trim()).data;
    expect(rows[0]).toEqual(['customer_id', 'branch', 'Annual Income (k$)', 'Spending Score (1-100)', 'Credit Score', 'balance', 'Cluster', 'Segment']);
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[2]).toEqual(['1', 'South', String(20 + 7919 / 73), '32', '313', '1.25', '1', 'Odd']);
    expect(rows[6]).toEqual(['5', 'West', '', '56', '365', '6.25', '', '']);
  });
});

describe('Parquet files that cannot be imported', () => {
  it('says why in one sentence naming the file', async () => {
    const nested = join(folder, 'nested.parquet');
    await connection.run(`COPY (SELECT 1 AS a, 2.5 AS b, {'x': 1, 'y': 2} AS point) TO '${nested}' (FORMAT parquet)`);
    await expect(previewParquet(await openAsBlob(nested), 'nested.parquet')).rejects.toThrow('nested.parquet: column "point" is nested (a group or list); only flat tables can be imported');
    const words = join(folder, 'words.parquet');
    await connection.run(`COPY (SELECT 'a' AS name, 1 AS n) TO '${words}' (FORMAT parquet)`);
    await expect(previewParquet(await openAsBlob(words), 'words.parquet')).rejects.toThrow('words.parquet: only one column holds numbers (n); clustering needs at least 2');
    const broken = new Blob([new TextEncoder().encode('PAR1 this is not really parquet PAR1')]);
    await expect(previewParquet(broken, 'broken.parquet')).rejects.toThrow(/^broken\.parquet: not a readable Parquet file/);
  });
});

describe('kmeans fit and assign on a Parquet file', () => {
  it('cluster it as they cluster the same customers in a CSV, and write every column with the segments', async () => {
    const kmeans = (...args: string[]) => runKmeans(folder, args);
    expect(kmeans('generate', '--n', '20000', '--seed', '4', '--out', 'c.csv').status).toBe(0);
    await connection.run(`COPY (SELECT * FROM read_csv('${join(folder, 'c.csv')}', header = true)) TO '${join(folder, 'c.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
    const summary = (input: string) => {
      const run = kmeans('fit', '--input', input, '--k', '4', '--json', '--out', `${input}.seg.csv`, '--model', `${input}.json`);
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    };
    const fromCsv = summary('c.csv');
    const fromParquet = summary('c.parquet');
    expect(fromParquet.inertia).toBe(fromCsv.inertia);
    expect(fromParquet.counts).toEqual(fromCsv.counts);
    const labels = (file: string) => readFileSync(join(folder, file), 'utf8').trim().split('\n').map((line) => line.split(',').slice(4).join(','));
    expect(labels('c.parquet.seg.csv')).toEqual(labels('c.csv.seg.csv'));
    // assign reads Parquet too.
    expect(kmeans('assign', '--model', 'c.csv.json', '--input', 'c.parquet', '--out', 'assigned.csv').status).toBe(0);
    expect(labels('assigned.csv')).toEqual(labels('c.csv.seg.csv'));
    const missing = kmeans('fit', '--input', 'c.parquet', '--k', '3', '--features', 'Age,Credit Score');
    expect(missing.stderr.trim()).toBe('error: c.parquet: column "Age" not found; the columns are: CustomerID, Annual Income (k$), Spending Score (1-100), Credit Score');
  }, 120_000);
});

describe('kmeans fit --out and assign --out with a .parquet name', () => {
  const kmeans = (...args: string[]) => runKmeans(folder, args);
  const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
  const at = (file: string) => `read_parquet('${join(folder, file)}')`;

  it('keeps every column of a Parquet input with its type and values, then Cluster and Segment (null where a row was left out)', async () => {
    const fit = (out: string) => kmeans('fit', '--input', 'snappy.parquet', '--k', '3', '--missing', 'drop', '--seed', '2', '--out', out, '--model', `${out}.json`);
    expect(fit('seg.csv').status).toBe(0);
    const run = fit('seg.parquet');
    expect(run.status, run.stderr).toBe(0);
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${at('seg.parquet')})`);
    expect(types.map((t) => `${t.column_name}: ${t.column_type}`)).toEqual([
      'customer_id: BIGINT', 'branch: VARCHAR', 'Annual Income (k$): DOUBLE', 'Spending Score (1-100): INTEGER', 'Credit Score: BIGINT',
      'balance: DOUBLE', 'Cluster: INTEGER', 'Segment: VARCHAR',
    ]);
    // Every input value, nulls included, comes back (the decimal as a double).
    const columns = 'customer_id, branch, "Annual Income (k$)", "Spending Score (1-100)", "Credit Score", CAST(balance AS DOUBLE)';
    const lost = await query(`SELECT count(*)::INTEGER AS n FROM (SELECT ${columns} FROM ${at('snappy.parquet')} EXCEPT ALL SELECT ${columns} FROM ${at('seg.parquet')})`);
    expect(lost).toEqual([{ n: 0 }]);
    expect(await query(`SELECT count(*)::INTEGER AS n FROM ${at('seg.parquet')}`)).toEqual([{ n: ROWS }]);
    // Row for row (by the unique id): the input's values, and the CSV export's segments; a row with
    // no income was left out: null, as the CSV's empty cells.
    const misplaced = await query(`SELECT count(*)::INTEGER AS n FROM ${at('snappy.parquet')} AS i JOIN ${at('seg.parquet')} AS o USING (customer_id)
      WHERE i.branch IS DISTINCT FROM o.branch OR i."Annual Income (k$)" IS DISTINCT FROM o."Annual Income (k$)"
        OR i."Spending Score (1-100)" IS DISTINCT FROM o."Spending Score (1-100)" OR i."Credit Score" IS DISTINCT FROM o."Credit Score"
        OR CAST(i.balance AS DOUBLE) IS DISTINCT FROM o.balance`);
    expect(misplaced).toEqual([{ n: 0 }]);
    const differing = await query(`SELECT count(*)::INTEGER AS n FROM ${at('seg.parquet')} AS p
      JOIN read_csv('${join(folder, 'seg.csv')}', header = true, all_varchar = true) AS c ON CAST(c.customer_id AS BIGINT) = p.customer_id
      WHERE p.Cluster IS DISTINCT FROM TRY_CAST(c.Cluster AS INTEGER) OR p.Segment IS DISTINCT FROM c.Segment`);
    expect(differing).toEqual([{ n: 0 }]);
    const leftOut = await query(`SELECT count(*)::INTEGER AS n FROM ${at('seg.parquet')} WHERE Cluster IS NULL AND Segment IS NULL AND "Annual Income (k$)" IS NULL`);
    expect(leftOut).toEqual([{ n: Math.ceil((ROWS - 5) / 97) }]);
  }, 120_000);

  it('writes a CSV input\'s cells as text, as written, and assign writes Parquet too', async () => {
    expect(kmeans('generate', '--n', '3000', '--seed', '9', '--out', 'small.csv').status).toBe(0);
    expect(kmeans('fit', '--input', 'small.csv', '--k', '4', '--out', 'small.seg.csv', '--model', 'small.json').status).toBe(0);
    const run = kmeans('assign', '--model', 'small.json', '--input', 'small.csv', '--out', 'small.seg.parquet');
    expect(run.status, run.stderr).toBe(0);
    const csvRows = Papa.parse<string[]>(readFileSync(join(folder, 'small.seg.csv'), 'utf8').trim()).data;
    const parquetRows = (await connection.runAndReadAll(`SELECT * FROM ${at('small.seg.parquet')}`)).getRows().map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
    expect(parquetRows).toEqual(csvRows.slice(1));
    const types = await query(`SELECT column_type FROM (DESCRIBE SELECT * FROM ${at('small.seg.parquet')})`);
    expect(types.map((t) => t.column_type)).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'INTEGER', 'VARCHAR']);
  }, 120_000);
});

describe('kmeans generate --out customers.parquet', () => {
  it('writes the customers the CSV holds, as 32-bit floats that DuckDB and this reader read alike, and fit agrees', async () => {
    const kmeans = (...args: string[]) => runKmeans(folder, args);
    expect(kmeans('generate', '--n', '30000', '--seed', '6', '--out', 'g.csv').status).toBe(0);
    const written = kmeans('generate', '--n', '30000', '--seed', '6', '--out', 'g.parquet');
    expect(written.status, written.stderr).toBe(0);
    const differing = (await connection.runAndReadAll(`SELECT count(*) FROM read_csv('${join(folder, 'g.csv')}', header = true) AS c
      JOIN read_parquet('${join(folder, 'g.parquet')}') AS p USING (CustomerID)
      WHERE CAST(c."Annual Income (k$)" AS REAL) <> p."Annual Income (k$)" OR CAST(c."Spending Score (1-100)" AS REAL) <> p."Spending Score (1-100)"
        OR CAST(c."Credit Score" AS REAL) <> p."Credit Score"`)).getRows()[0]![0];
    expect(Number(differing)).toBe(0);
    expect(Number((await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${join(folder, 'g.parquet')}')`)).getRows()[0]![0])).toBe(30000);
    const fit = (input: string) => JSON.parse(kmeans('fit', '--input', input, '--k', '4', '--json', '--out', `${input}.out.csv`).stdout.trim().split('\n').at(-1)!);
    expect(fit('g.parquet').inertia).toBe(fit('g.csv').inertia);
    // The segmented file from the Parquet input is the CSV input's, byte for byte: 32-bit floats written as their shortest text.
    expect(readFileSync(join(folder, 'g.parquet.out.csv'), 'utf8')).toBe(readFileSync(join(folder, 'g.csv.out.csv'), 'utf8'));
    // The memory check counts a Parquet file's rows from its footer.
    expect(kmeans('fit', '--input', 'g.parquet', '--k', '4', '--max-memory', '100K').stderr).toMatch(/^error: g\.parquet: about 30,000 customers \(\d+ kB of Parquet\) would need about 1 MB in memory, over the budget of 100 kB/);
  }, 120_000);
});
