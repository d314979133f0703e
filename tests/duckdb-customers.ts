import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CUSTOMER_FEATURES } from '../src/data/features.ts';

/**
 * An in-memory DuckDB with a table `customers`: an id and the three customer features, their
 * float32 values written so they read back exactly, then any `extraLines` of raw CSV (rows with
 * gaps, say). `close` drops the database and its scratch folder.
 */
export async function customersTable(columns: readonly Float32Array[], n: number, extraLines: readonly string[] = []): Promise<{ connection: DuckDBConnection; folder: string; close: () => void }> {
  const folder = mkdtempSync(join(tmpdir(), 'duckdb-customers-'));
  const lines = [`id,${CUSTOMER_FEATURES.map((name) => `"${name}"`).join(',')}`];
  for (let i = 0; i < n; i++) lines.push(`${i},${columns[0]![i]},${columns[1]![i]},${columns[2]![i]}`);
  lines.push(...extraLines);
  writeFileSync(join(folder, 'customers.csv'), lines.join('\n'));
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${join(folder, 'customers.csv')}', header = true, columns = {'id': 'INTEGER', '${CUSTOMER_FEATURES.map((name) => `${name}': 'DOUBLE`).join("', '")}'})`);
  return {
    connection,
    /** A scratch folder of the test's own, gone with `close`. */
    folder,
    close: () => {
      connection.closeSync();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
