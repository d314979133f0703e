import { openAsBlob } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetRowGroups, previewParquet, readParquetFeatureColumns } from '../../src/data/parquet-import.ts';
import { textAt } from '../../src/data/text-column.ts';

// Parquet files written by pyarrow (pandas' writer), committed with the script that made them
// (tests/fixtures/parquet/make_pyarrow_fixtures.py): snappy with v1 pages and dictionaries,
// zstd with v2 pages and byte-stream-split floats; several row groups, nulls, a NaN, a
// dictionary-encoded text column, int16, uint16, float32, decimal, date, microsecond timestamp,
// boolean and Unicode text. Every value read here must equal what DuckDB reads from the same file.

const FIXTURES = new URL('../fixtures/parquet/', import.meta.url).pathname;
const ROWS = 2500;
let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(() => connection?.closeSync());

/** DuckDB's reading of the file, a column at a time, in forms both sides can state exactly. */
async function duckdbColumns(path: string): Promise<Record<string, unknown[]>> {
  const reader = await connection.runAndReadAll(`SELECT
      CAST(customer_id AS VARCHAR) AS customer_id, CAST(branch AS VARCHAR) AS branch, "Annual Income (k$)" AS income,
      "Spending Score (1-100)" AS spending, "Credit Score" AS credit, ratio, CAST(balance AS VARCHAR) AS balance,
      CAST(opened AS VARCHAR) AS opened, CAST(epoch_us(last_seen) AS VARCHAR) AS last_seen, active, note
    FROM read_parquet('${path}')`);
  const names = reader.columnNames();
  const columns = reader.getColumns();
  return Object.fromEntries(names.map((name, c) => [name, columns[c]!]));
}

/** Our text of a timestamp (`YYYY-MM-DD HH:MM:SS[.fraction]`, UTC) in microseconds since 1970. */
function textToMicros(text: string): string {
  const [whole, fraction = ''] = text.split('.');
  return (BigInt(Date.parse(`${whole!.replace(' ', 'T')}Z`)) * 1000n + BigInt(fraction.padEnd(6, '0'))).toString();
}

describe.each(['pyarrow-snappy.parquet', 'pyarrow-zstd-v2.parquet'])('%s, written by pyarrow', (name) => {
  const path = FIXTURES + name;

  it('has what the fixture promises: several row groups, v1 or v2 pages, dictionary text', async () => {
    const groups = await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id), string_agg(DISTINCT encodings, ' '), string_agg(DISTINCT compression, ' ')
      FROM parquet_metadata('${path}')`);
    const [count, encodings, compression] = groups.getRows()[0]!;
    expect(Number(count)).toBeGreaterThanOrEqual(3);
    expect(String(encodings)).toContain('DICTIONARY');
    expect(String(compression)).toBe(name.includes('zstd') ? 'ZSTD' : 'SNAPPY');
    if (name.includes('zstd')) expect(String(encodings)).toContain('BYTE_STREAM_SPLIT');
  });

  it('reads every value of every column as DuckDB does', async () => {
    const expected = await duckdbColumns(path);
    const file = await openAsBlob(path);
    const ours: unknown[][] = [];
    for await (const group of parquetRowGroups(file, name)) ours.push(...group.rows);
    expect(ours).toHaveLength(ROWS);
    // Each column: how DuckDB's value and ours are compared (both exact).
    const same: Record<string, (theirs: unknown, mine: unknown) => boolean> = {
      customer_id: (theirs, mine) => theirs === String(mine),
      branch: (theirs, mine) => theirs === mine,
      income: (theirs, mine) => Object.is(theirs, mine),
      spending: (theirs, mine) => theirs === mine,
      credit: (theirs, mine) => theirs === mine,
      ratio: (theirs, mine) => theirs === mine,
      balance: (theirs, mine) => (theirs === null ? mine === null : Number(theirs) === mine),
      opened: (theirs, mine) => theirs === mine,
      last_seen: (theirs, mine) => theirs === textToMicros(String(mine)),
      active: (theirs, mine) => theirs === mine,
      note: (theirs, mine) => theirs === mine,
    };
    const misfits: string[] = [];
    Object.entries(same).forEach(([column, equal], c) => {
      expected[column]!.forEach((theirs, row) => {
        const mine = ours[row]![c];
        if (!equal(theirs, mine)) misfits.push(`${column}, row ${row + 1}: DuckDB ${String(theirs)}, read ${String(mine)}`);
      });
    });
    expect(misfits.slice(0, 5)).toEqual([]);
    // The text the preview, the hover card and the CSV export show: dates as dates, microseconds kept.
    expect(ours[1]!.slice(7, 9)).toEqual(['2001-01-04', '2024-05-01 00:16:27.654322']);
  });

  it('reads the numeric columns as features, nulls and NaN as missing, and the text columns for search', async () => {
    const file = await openAsBlob(path);
    const preview = await previewParquet(file, name);
    expect(preview.numeric).toEqual([true, false, true, true, true, true, true, false, false, false, false]);
    expect(preview.suggested).toEqual([2, 3, 4]);
    const staged = await readParquetFeatureColumns(file, name, [2, 3, 4, 5, 6]);
    const expected = await duckdbColumns(path);
    const misfits: string[] = [];
    ['income', 'spending', 'credit', 'ratio', 'balance'].forEach((column, f) => {
      expected[column]!.forEach((value, row) => {
        const wanted = value === null || Number.isNaN(Number(value)) ? Number.NaN : Math.fround(Number(value));
        if (!Object.is(staged.columns[f]![row], wanted)) misfits.push(`${column}, row ${row + 1}: DuckDB ${String(value)}, read ${staged.columns[f]![row]}`);
      });
    });
    expect(misfits.slice(0, 5)).toEqual([]);
    const missingIncome = expected.income!.filter((value) => value === null || Number.isNaN(value)).length;
    expect(staged.report.missing).toEqual([missingIncome, 0, 0, 0, 0]);
    expect(staged.identifier?.header).toBe('customer_id');
    expect(textAt(staged.identifier!.texts, 7)).toBe('100007');
    const searchable = Object.fromEntries(staged.searchable.map((column) => [column.header, column.texts]));
    expect(Object.keys(searchable)).toEqual(expect.arrayContaining(['branch', 'note']));
    expected.note!.forEach((value, row) => {
      if (textAt(searchable.note!, row) !== (value ?? '')) misfits.push(`note, row ${row + 1}`);
    });
    expect(textAt(searchable.branch!, 3)).toBe('Østby');
    expect(misfits.slice(0, 5)).toEqual([]);
  });
});
