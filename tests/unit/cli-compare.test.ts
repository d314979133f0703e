import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustedRandIndex, contingency, jaccardPerCluster } from '../../src/analysis/agreement.ts';
import { runKmeans } from '../helpers.ts';

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

/** The Cluster column of a segmented file, read with papaparse (not with the code under test). */
function clusterColumn(file: string): Uint8Array {
  const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
  return Uint8Array.from(rows, (row) => Number(row.Cluster));
}

const N = 3000;
let fitA: { counts: number[]; segments: string[] };
let fitB: { counts: number[]; segments: string[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-compare-'));
  expect(kmeans('generate', '--n', String(N), '--seed', '5', '--out', 'customers.csv').status).toBe(0);
  const fitted = (k: string, seed: string, out: string) => {
    const run = kmeans('fit', '--input', 'customers.csv', '--k', k, '--seed', seed, '--n-init', '1', '--backend', 'cpu', '--out', out, '--json');
    expect(run.status).toBe(0);
    return lastJson(run.stdout);
  };
  fitA = fitted('4', '0', 'a.csv');
  fitB = fitted('5', '3', 'b.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans compare', () => {
  it('--json: the ARI of the two Cluster columns, the migration table and the best matches', () => {
    const run = kmeans('compare', 'a.csv', 'b.csv', '--json');
    expect(run.status).toBe(0);
    const summary = lastJson(run.stdout);
    const a = clusterColumn('a.csv');
    const b = clusterColumn('b.csv');
    expect(summary).toMatchObject({ n: N, rows: N, rows_not_compared: 0, a: { file: 'a.csv', k: 4, names: fitA.segments }, b: { file: 'b.csv', k: 5, names: fitB.segments } });
    expect(summary.ari).toBe(adjustedRandIndex(a, b));
    expect(summary.ari).toBeGreaterThan(0.3);
    expect(summary.ari).toBeLessThan(1);

    const table = contingency(a, b);
    expect(summary.migration).toEqual(Array.from({ length: 4 }, (_, r) => Array.from(table.table.subarray(r * 5, r * 5 + 5))));
    const rowSums = summary.migration.map((row: number[]) => row.reduce((s, v) => s + v, 0));
    const columnSums = summary.b.names.map((_: string, c: number) => summary.migration.reduce((s: number, row: number[]) => s + row[c]!, 0));
    expect(rowSums).toEqual(fitA.counts);
    expect(columnSums).toEqual(fitB.counts);
    expect(rowSums.reduce((s: number, v: number) => s + v, 0)).toBe(N);

    expect(summary.matches).toEqual(jaccardPerCluster(a, b).map((m) => ({ a: m.cluster, b: m.match, jaccard: m.jaccard })));
  });

  it('prints the index, the table with its totals and the matches for a reader', () => {
    const run = kmeans('compare', 'a.csv', 'b.csv');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const ari = adjustedRandIndex(clusterColumn('a.csv'), clusterColumn('b.csv'));
    expect(run.stdout).toContain(`adjusted Rand index ${ari.toFixed(4)}`);
    const lines = run.stdout.split('\n');
    // The table: a header of b's cluster numbers, one row per cluster of a with its name and total, then the totals.
    expect(lines).toContainEqual(expect.stringMatching(/^\s+0\s+1\s+2\s+3\s+4\s+total$/));
    fitA.segments.forEach((name, c) => expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${c} ${escape(name)}\\s+(\\d+\\s+){5}${fitA.counts[c]}$`))));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^total\\s+${fitB.counts.join('\\s+')}\\s+${N}$`)));
    fitB.segments.forEach((name) => expect(run.stdout).toContain(name));
    expect(run.stdout).toMatch(/best match in b\.csv for each cluster of a\.csv/);
  });

  it('gives 1 and a diagonal table for a file against itself', () => {
    const summary = lastJson(kmeans('compare', 'a.csv', 'a.csv', '--json').stdout);
    expect(summary.ari).toBe(1);
    summary.migration.forEach((row: number[], r: number) => row.forEach((count, c) => expect(count).toBe(r === c ? fitA.counts[r] : 0)));
    expect(summary.matches.every((m: { a: number; b: number; jaccard: number }) => m.a === m.b && m.jaccard === 1)).toBe(true);
  });

  it("reads the export's own pair (Cluster 2, Segment 2) and leaves out rows without a cluster", () => {
    // The input had a Cluster column of its own; row 4 was dropped in one fit (--missing drop leaves its cells empty).
    writeFileSync(join(dir, 'h1.csv'), 'id;Cluster;x;Cluster 2;Segment 2\n1;9;1;0;Low\n2;9;2;0;Low\n3;9;3;1;"\'-High"\n4;9;;;\n5;9;5;1;"\'-High"\n');
    writeFileSync(join(dir, 'h2.csv'), 'id,Cluster,Segment\n1,1,B\n2,0,A\n3,0,A\n4,0,A\n5,0,A\n');
    const run = kmeans('compare', 'h1.csv', 'h2.csv', '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('note: 1 of 5 rows have no cluster in h1.csv or h2.csv (left out when fitting) and are not compared');
    const summary = lastJson(run.stdout);
    expect(summary).toMatchObject({ n: 4, rows: 5, rows_not_compared: 1, a: { k: 2, names: ['Low', '-High'] }, b: { k: 2, names: ['A', 'B'] } });
    expect(summary.migration).toEqual([[1, 1], [2, 0]]);
    expect(summary.ari).toBe(adjustedRandIndex(Uint8Array.from([0, 0, 1, 1]), Uint8Array.from([1, 0, 0, 0])));
  });

  const refusals: [string, () => void, [string, string], string][] = [
    ['files of different lengths', () => writeFileSync(join(dir, 'short.csv'), readFileSync(join(dir, 'b.csv'), 'utf8').split('\n').slice(0, 101).join('\n') + '\n'), ['a.csv', 'short.csv'],
      'error: a.csv has 3000 rows and short.csv has 100: compare needs the same customers, row for row, in both files'],
    ['no Cluster column', () => undefined, ['a.csv', 'customers.csv'],
      'error: customers.csv: row 1: no "Cluster" column (compare reads files written by fit --out); the columns are: CustomerID, Annual Income (k$), Spending Score (1-100), Credit Score'],
    ['a fractional cluster', () => writeFileSync(join(dir, 'frac.csv'), 'id,Cluster,Segment\n1,0,A\n2,1.5,B\n'), ['frac.csv', 'a.csv'],
      'error: frac.csv: row 3, column "Cluster": "1.5" is not a cluster number (a whole number from 0 to 255)'],
    ['a word for a cluster', () => writeFileSync(join(dir, 'word.csv'), 'id,Cluster,Segment\n1,zero,A\n'), ['a.csv', 'word.csv'],
      'error: word.csv: row 2, column "Cluster": "zero" is not a cluster number (a whole number from 0 to 255)'],
    ['a cluster beyond 255', () => writeFileSync(join(dir, 'big.csv'), 'id,Cluster,Segment\n1,256,A\n'), ['a.csv', 'big.csv'],
      'error: big.csv: row 2, column "Cluster": "256" is not a cluster number (a whole number from 0 to 255)'],
    ['a ragged row', () => writeFileSync(join(dir, 'ragged.csv'), 'id,Cluster,Segment\n1,0,A\n2,1\n'), ['ragged.csv', 'a.csv'],
      'error: ragged.csv: row 3 has 2 fields, the header has 3'],
    ['a missing file', () => undefined, ['a.csv', 'nope.csv'], 'error: nope.csv: no such file'],
  ];
  it.each(refusals)('refuses %s with one line naming the file', (_name, prepare, files, message) => {
    prepare();
    const run = kmeans('compare', ...files, '--json');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
