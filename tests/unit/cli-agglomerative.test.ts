import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/analysis/agreement.ts';
import { runKmeans } from '../helpers.ts';
import { PYTHON, sklearnMissing } from '../sklearn.ts';

// `kmeans fit --algorithm ward|single --k K`: the agglomerative tree cut at k, the rows written with their clusters;
// the partition scikit-learn's AgglomerativeClustering gives on the same standardised customers.

const missing = sklearnMissing();
if (missing && process.env.CI) throw new Error(`scikit-learn parity cannot run: ${missing}`);
let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-ward-'));
  expect(kmeans('generate', '--n', '2000', '--seed', '8', '--out', 'customers.csv').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans fit --algorithm ward|single', () => {
  it.skipIf(missing !== null).each(['ward', 'single'])(`%s: cuts the tree where scikit-learn does${missing ? ` (skipped: ${missing})` : ''}`, (method) => {
    const fitted = kmeans('fit', '--input', 'customers.csv', '--algorithm', method, '--k', '4', '--out', 'segmented.csv', '--json');
    expect(fitted.status, fitted.stderr).toBe(0);
    const summary = JSON.parse(fitted.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ algorithm: method, n: 2000, k: 4 });
    expect(summary.counts.reduce((a: number, b: number) => a + b, 0)).toBe(2000);
    // The highest merges, falling: the tree's heights for a cut.
    expect(summary.merge_heights[0]).toBeGreaterThanOrEqual(summary.merge_heights[3]);
    const ours = readFileSync(join(dir, 'segmented.csv'), 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[4]));
    const script = [
      'import sys, numpy as np',
      'from sklearn.cluster import AgglomerativeClustering',
      'from sklearn.preprocessing import StandardScaler',
      "X = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, usecols=(1, 2, 3))",
      "print(','.join(map(str, AgglomerativeClustering(n_clusters=4, linkage=sys.argv[2]).fit(StandardScaler().fit_transform(X)).labels_)))",
    ].join('\n');
    const theirs = execFileSync(PYTHON, ['-c', script, join(dir, 'customers.csv'), method], { encoding: 'utf8' }).trim().split(',').map(Number);
    expect(adjustedRandIndex(Uint8Array.from(ours), Uint8Array.from(theirs))).toBe(1);
  });

  it.each([
    [['--algorithm', 'ward'], '--algorithm ward needs --k'],
    [['--algorithm', 'ward', '--k', '2001'], '--k 2001: customers.csv has 2000 customers to cluster'],
  ])('refuses %j in one line', (args, message) => {
    const result = kmeans('fit', '--input', 'customers.csv', ...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
