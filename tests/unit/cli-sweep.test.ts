import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapRuleK } from '../../src/analysis/gap.ts';
import { createRandom } from '../../src/data/random.ts';
import { runKmeans } from '../helpers.ts';

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

interface Row {
  k: number;
  wcss: number;
  silhouette: number | null;
  simplified_silhouette: number | null;
  calinski_harabasz: number | null;
  davies_bouldin: number | null;
  gap: number | null;
  gap_se: number | null;
  stability: number | null;
  stability_sd: number | null;
  smallest_share: number;
}

/** A sweep's --json summary, run once per file and options. */
const sweeps = new Map<string, { status: number | null; stderr: string; summary: ReturnType<typeof lastJson> }>();
function sweepJson(...args: string[]) {
  const key = args.join(' ');
  if (!sweeps.has(key)) {
    const run = kmeans('sweep', ...args, '--json');
    sweeps.set(key, { status: run.status, stderr: run.stderr, summary: run.status === 0 ? lastJson(run.stdout) : null });
  }
  return sweeps.get(key)!;
}

/** Five Gaussian groups (sd 1) whose centres are at least 10 apart, 400 customers each. */
function writeFiveGroups(file: string): void {
  const random = createRandom(11);
  const centres = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10], [10, 10, 10]];
  const lines = ['a,b,c'];
  for (let i = 0; i < 2000; i++) lines.push(centres[i % 5]!.map((c) => (c + random.normal()).toFixed(3)).join(','));
  writeFileSync(join(dir, file), lines.join('\n') + '\n');
}

/** Uniform noise: 5 000 customers in a cube, 3 features. */
function writeNoise(file: string): void {
  const random = createRandom(12);
  const lines = ['a,b,c'];
  for (let i = 0; i < 5000; i++) lines.push([0, 1, 2].map(() => (100 * random.uniform()).toFixed(3)).join(','));
  writeFileSync(join(dir, file), lines.join('\n') + '\n');
}

const argBest = (rows: Row[], value: (row: Row) => number | null, highest: boolean) =>
  rows.filter((r) => value(r) !== null).reduce((best, r) => ((highest ? value(r)! > value(best)! : value(r)! < value(best)!) ? r : best)).k;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-sweep-'));
  expect(kmeans('generate', '--n', '20000', '--out', 'customers.csv').status).toBe(0);
  writeFiveGroups('five.csv');
  writeNoise('noise.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans sweep: the recommendation', () => {
  it('recommends k = 4 on the default generated customers', () => {
    const { status, summary } = sweepJson('--input', 'customers.csv');
    expect(status).toBe(0);
    expect(summary.recommended_k).toBe(4);
    expect(summary.recommendation).toMatch(/^k = 4: elbow, silhouette, Calinski-Harabasz and stability agree/);
    expect(summary.best).toMatchObject({ wcss: 4, silhouette: 4, calinski_harabasz: 4, stability: 4 });
    const four = summary.rows[3] as Row;
    expect(four.stability).toBeGreaterThan(0.99);
    expect(four.silhouette).toBeGreaterThan(0.6);
    // Four segments drawn with shares 20 to 35 %.
    expect(four.smallest_share).toBeGreaterThan(0.19);
    // The gap peaks at 4, far above k = 1 (its rule stops at the first k that gains nothing over uniform data: said, not hidden).
    const gaps = summary.rows.map((r: Row) => r.gap);
    expect(gaps.indexOf(Math.max(...gaps)) + 1).toBe(4);
    expect(gaps[3] - gaps[0]).toBeGreaterThan(1);
  });

  it('recommends 5 on five well separated Gaussian groups, every criterion agreeing', () => {
    const { status, summary } = sweepJson('--input', 'five.csv', '--features', 'a,b,c');
    expect(status).toBe(0);
    expect(summary.recommended_k).toBe(5);
    expect(summary.recommendation).toBe('k = 5: elbow, silhouette, Calinski-Harabasz, Davies-Bouldin, gap and stability agree');
    expect(summary.best.gap).toBe(5);
    expect(summary.rows[4].stability).toBeGreaterThan(0.99);
  });

  it('recommends no k on uniform noise: the gap prefers 1 and stability stays low', () => {
    const { status, summary } = sweepJson('--input', 'noise.csv', '--features', 'a,b,c');
    expect(status).toBe(0);
    expect(summary.recommended_k).toBeNull();
    expect(summary.recommendation).toMatch(/^no clear structure: gap prefers k = 1(, .*)? and the best silhouette is 0\.[23]\d \(k = \d+\)$/);
    expect(summary.best.gap).toBe(1);
    const rows = summary.rows as Row[];
    expect(Math.max(...rows.map((r) => Math.abs(r.gap!)))).toBeLessThan(0.05);
    // No split of a cube is reproducible at k = 2 or 3 (which axis it cuts is the draw's). At k = 8
    // the octants are (0.95 here): stability alone is no test of structure, the gap is.
    expect(rows[1]!.stability).toBeLessThan(0.6);
    expect(rows[2]!.stability).toBeLessThan(0.6);
  });
});

describe('kmeans sweep: output', () => {
  it('--json: one object with a row per k, the best of each column and the samples', () => {
    const { summary, stderr } = sweepJson('--input', 'customers.csv');
    expect(stderr).toBe('');
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['n', 'd', 'k_max', 'rows', 'best', 'recommended_k', 'recommendation', 'samples', 'ms_total']));
    expect(summary).toMatchObject({ n: 20000, d: 3, k_max: 10, samples: { silhouette: 2000, gap: 20000, stability: 20000 } });
    expect(summary.ms_total).toBeGreaterThan(0);
    const rows = summary.rows as Row[];
    expect(rows.map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ['calinski_harabasz', 'davies_bouldin', 'gap', 'gap_se', 'k', 'silhouette', 'simplified_silhouette', 'smallest_share', 'stability', 'stability_sd', 'wcss'],
      );
    }
    // Undefined at k = 1: one cluster has no silhouette, no index and nothing to be stable about.
    expect(rows[0]).toMatchObject({ silhouette: null, simplified_silhouette: null, calinski_harabasz: null, davies_bouldin: null, stability: null, smallest_share: 1 });
    expect(rows[0]!.gap).toEqual(expect.any(Number));
    // WCSS falls with k; the best of each column is the column's own extreme.
    rows.slice(1).forEach((row, i) => expect(row.wcss).toBeLessThan(rows[i]!.wcss));
    expect(summary.best).toEqual({
      wcss: 4,
      silhouette: argBest(rows, (r) => r.silhouette, true),
      simplified_silhouette: argBest(rows, (r) => r.simplified_silhouette, true),
      calinski_harabasz: argBest(rows, (r) => r.calinski_harabasz, true),
      davies_bouldin: argBest(rows, (r) => r.davies_bouldin, false),
      gap: gapRuleK(rows.map((r) => r.gap!), rows.map((r) => r.gap_se!)),
      stability: argBest(rows, (r) => r.stability, true),
    });
  });

  it('prints the table of k with the best of each column marked, and the sentence', () => {
    const run = kmeans('sweep', '--input', 'five.csv', '--features', 'a,b,c');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^five\.csv: 2000 customers, 3 features; k = 1\.\.10, 3 restarts each, on cpu \(/);
    expect(lines[1]).toMatch(/^silhouette on all 2000 customers, .* on all 2000 customers$/);
    const header = lines.find((line) => /^\s*k\s+WCSS/.test(line))!;
    expect(header.trim().split(/\s{2,}/)).toEqual(['k', 'WCSS', 'silhouette', 'simplified', 'Calinski-H.', 'Davies-B.', 'gap ± se', 'stability ± sd', 'smallest']);
    const body = lines.filter((line) => /^\s*\d+\s+\d/.test(line));
    expect(body).toHaveLength(10);
    body.forEach((line, i) => {
      const marks = (line.match(/\*/g) ?? []).length;
      // k = 5 is the best of all seven marked columns; no other row is marked.
      expect(marks, line).toBe(i === 4 ? 7 : 0);
    });
    expect(body[0]).toMatch(/^\s*1\s+\S+\s+-\s+-\s+-\s+-\s+-?\d\.\d{3} ± \d\.\d{3}\s+-\s+100\.0 %$/);
    expect(run.stdout).toContain('\nk = 5: elbow, silhouette, Calinski-Harabasz, Davies-Bouldin, gap and stability agree\n');
    expect(sweepJson('--input', 'five.csv', '--features', 'a,b,c').summary.recommendation).toBe('k = 5: elbow, silhouette, Calinski-Harabasz, Davies-Bouldin, gap and stability agree');
  });

  it('--stability 0 leaves the stability column out', () => {
    const text = kmeans('sweep', '--input', 'five.csv', '--features', 'a,b,c', '--k-max', '6', '--stability', '0');
    expect(text.status).toBe(0);
    expect(text.stdout).not.toContain('stability ±');
    const { summary } = sweepJson('--input', 'five.csv', '--features', 'a,b,c', '--k-max', '6', '--stability', '0');
    expect(summary.k_max).toBe(6);
    expect(summary.rows.every((r: Row) => r.stability === null && r.stability_sd === null)).toBe(true);
    expect(summary.best.stability).toBeNull();
    expect(summary.samples.stability).toBeNull();
    // On k = 1..6 the Kneedle elbow moves to 4 (it normalises by the range swept); the rest hold.
    expect(summary.recommendation).toBe('k = 5: silhouette, Calinski-Harabasz, Davies-Bouldin and gap agree; elbow prefers 4');
  });

  const refusals: [string, string, string[], string][] = [
    ['a cell that is not a number', 'a,b,c\n1,2,3\n4,abc,6\n', ['--features', 'a,b,c'], 'error: bad.csv: row 3, column "b": "abc" is not a number'],
    ['a missing value', 'a,b,c\n1,2,3\n4,,6\n', ['--features', 'a,b,c'],
      'error: bad.csv: row 3, column "b": value is missing (1 row has a missing value; use --missing drop or --missing mean)'],
    ['an unknown column', 'a,b,c\n1,2,3\n', ['--features', 'a,b,x'], 'error: bad.csv: column "x" not found; the columns are: a, b, c'],
  ];
  it.each(refusals)('refuses %s with one line naming the file, row and column', (_name, csv, options, message) => {
    writeFileSync(join(dir, 'bad.csv'), csv);
    const run = kmeans('sweep', '--input', 'bad.csv', ...options, '--json');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  it('refuses a missing file and --stability 1', () => {
    expect(kmeans('sweep', '--input', 'nope.csv')).toMatchObject({ status: 1, stderr: 'error: nope.csv: no such file', stdout: '' });
    const one = kmeans('sweep', '--input', 'five.csv', '--stability', '1');
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/--stability compares pairs of subsets: give 0 \(off\) or 2 and more/);
  });
});
