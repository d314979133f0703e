import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKmeans } from '../helpers.ts';

// `kmeans fit --algorithm gmm`: EM on the standardised customers (the engine's parity with
// scikit-learn is in mixture.test.ts); here the command: its summary, its rows with each
// customer's probability, the same bits on one thread or two, and its refusals.

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-gmm-'));
  // Enough customers for the threads to share the E-steps (from 50 000).
  expect(kmeans('generate', '--n', '60000', '--seed', '5', '--separation', '0.6', '--out', 'customers.csv').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans fit --algorithm gmm', () => {
  it('writes each customer\'s likeliest component and its probability, the same on one thread or two', () => {
    const one = kmeans('fit', '--input', 'customers.csv', '--algorithm', 'gmm', '--k', '4', '--threads', '1', '--out', 'one.csv', '--json');
    expect(one.status, one.stderr).toBe(0);
    const two = kmeans('fit', '--input', 'customers.csv', '--algorithm', 'gmm', '--k', '4', '--threads', '2', '--out', 'two.csv', '--json');
    expect(two.status, two.stderr).toBe(0);
    const [a, b] = [summaryOf(one.stdout), summaryOf(two.stdout)];
    expect(a).toMatchObject({ algorithm: 'gmm', n: 60000, k: 4, covariance_type: 'full', init: 'kmeans', n_init: 1, converged: true });
    expect(b.cpu_threads).toBe(2);
    for (const key of ['weights', 'means', 'covariances', 'iterations', 'lower_bound', 'mean_log_likelihood', 'bic', 'aic', 'counts']) expect(b[key]).toEqual(a[key]);
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one.csv'), 'utf8'));
    // BIC and AIC as scikit-learn defines them from the mean log-likelihood (full: 4 x 6 + 4 x 3 + 3 parameters).
    expect(a.bic).toBeCloseTo(-2 * a.mean_log_likelihood * 60000 + 39 * Math.log(60000), 6);
    expect(a.aic).toBeCloseTo(-2 * a.mean_log_likelihood * 60000 + 78, 6);
    const lines = readFileSync(join(dir, 'one.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('CustomerID,Annual Income (k$),Spending Score (1-100),Credit Score,Cluster,Segment,Probability');
    const probabilities = lines.slice(1).map((line) => Number(line.split(',').at(-1)));
    expect(probabilities.every((p) => p >= 1 / 4 && p <= 1)).toBe(true);
    // Overlapping segments: some customers sit between two.
    expect(probabilities.filter((p) => p < 0.8).length / probabilities.length).toBeCloseTo(a.uncertain_share, 10);
    expect(a.uncertain_share).toBeGreaterThan(0.005);
  });

  it('starts from given means in the input units', () => {
    writeFileSync(join(dir, 'means.csv'), 'Annual Income (k$),Spending Score (1-100),Credit Score\n30,75,590\n55,45,640\n85,18,720\n120,80,760\n');
    const fitted = kmeans('fit', '--input', 'customers.csv', '--algorithm', 'gmm', '--k', '4', '--covariance', 'diag', '--init', 'means.csv', '--json');
    expect(fitted.status, fitted.stderr).toBe(0);
    const summary = summaryOf(fitted.stdout);
    expect(summary).toMatchObject({ covariance_type: 'diag', init: 'given means' });
    summary.means.forEach((mean: number[], j: number) => expect(Math.abs(mean[0]! - [30, 55, 85, 120][j]!)).toBeLessThan(6));
  });

  it.each([
    [['--algorithm', 'gmm'], '--algorithm gmm needs --k'],
    [['--algorithm', 'gmm', '--k', '3', '--covariance', 'tied'], "option '--covariance <type>' argument 'tied' is invalid"],
    [['--algorithm', 'gmm', '--k', '3', '--reg-covar', '-1'], '--reg-covar'],
    [['--algorithm', 'gmm', '--k', '3', '--model', 'm.json'], '--algorithm gmm writes no model file yet'],
    [['--algorithm', 'gmm', '--k', '3', '--init', 'random'], 'not random'],
  ])('refuses %j in one line', (args, message) => {
    const result = kmeans('fit', '--input', 'customers.csv', ...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('sweep --algorithm gmm: a mixture per k with its BIC and AIC, the lowest BIC recommended', () => {
    writeFileSync(join(dir, 'small.csv'), readFileSync(join(dir, 'customers.csv'), 'utf8').split('\n').slice(0, 3001).join('\n') + '\n');
    const swept = kmeans('sweep', '--input', 'small.csv', '--algorithm', 'gmm', '--k-max', '6', '--json');
    expect(swept.status, swept.stderr).toBe(0);
    const summary = summaryOf(swept.stdout);
    expect(summary).toMatchObject({ algorithm: 'gmm', n: 3000, covariance_type: 'full' });
    expect(summary.rows.map((row: { k: number }) => row.k)).toEqual([1, 2, 3, 4, 5, 6]);
    const bics = summary.rows.map((row: { bic: number }) => row.bic);
    expect(summary.recommended_k).toBe(bics.indexOf(Math.min(...bics)) + 1);
    // Four generated segments: more components than one fit better, and BIC stops falling by k = 4 or 5.
    expect(bics[3]).toBeLessThan(bics[0]);
    expect([4, 5, 6]).toContain(summary.recommended_k);
    // The same fit as fit --algorithm gmm at that k.
    const fitted = summaryOf(kmeans('fit', '--input', 'small.csv', '--algorithm', 'gmm', '--k', '4', '--json').stdout);
    expect(summary.rows[3].bic).toBe(fitted.bic);
  });

  it('identical customers with no regularisation get scikit-learn\'s reason, not NaN', () => {
    writeFileSync(join(dir, 'same.csv'), 'Annual Income (k$),Spending Score (1-100),Credit Score\n' + '50,50,650\n'.repeat(30));
    const result = kmeans('fit', '--input', 'same.csv', '--algorithm', 'gmm', '--k', '2', '--reg-covar', '0', '--no-scale');
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/same\.csv: component \d has an ill-defined covariance .* increase reg_covar/);
  });
});
