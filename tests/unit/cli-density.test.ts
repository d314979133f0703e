import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKmeans } from '../helpers.ts';

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-dbscan-'));
  expect(kmeans('generate', '--shape', 'shaped', '--n', '6000', '--seed', '4', '--out', 'shaped.csv').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans fit --algorithm dbscan', () => {
  it('finds the shaped groups, counts the noise and says so in --json', () => {
    const run = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', '--eps', '0.15', '--min-samples', '10', '--json', '--out', 'seg.csv');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ algorithm: 'dbscan', n: 6000, d: 3, eps: 0.15, min_samples: 10, n_clusters: 5 });
    expect(summary.noise_share).toBeGreaterThan(0.02);
    expect(summary.noise_share).toBeLessThan(0.05);
    expect(summary.counts.reduce((a: number, b: number) => a + b, 0) + summary.noise).toBe(6000);

    // Noise rows: cluster -1, segment "No segment"; every row kept.
    const lines = readFileSync(join(dir, 'seg.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('CustomerID,Annual Income (k$),Spending Score (1-100),Credit Score,Cluster,Segment');
    expect(lines).toHaveLength(6001);
    expect(lines.filter((line) => line.endsWith(',-1,No segment'))).toHaveLength(summary.noise);
  });

  it('prints the clusters and the noise as a table', () => {
    const run = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', '--eps', '0.15', '--min-samples', '10');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/DBSCAN eps 0\.15, min_samples 10/);
    expect(run.stdout).toMatch(/5 clusters, \d+ customers in none \(\d\.\d % noise\)/);
    expect(run.stdout).toMatch(/\n\s+-1\s+\d+\s+\d\.\d%\s+No segment\n/);
  });

  it.each([
    [['--eps', '0'], 'eps must be a positive number, not 0'],
    [['--eps', '0.2', '--min-samples', '0'], '--min-samples must be a whole number >= 1, got "0"'],
    [[], '--algorithm dbscan needs --eps'],
  ])('refuses %j with one clear message', (options, message) => {
    const run = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', ...options);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
  });

  it('runs HDBSCAN with --min-cluster-size, and says what it used in --json', () => {
    const run = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'hdbscan', '--min-cluster-size', '100', '--min-samples', '10', '--json', '--out', 'hdb.csv');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ algorithm: 'hdbscan', n: 6000, min_cluster_size: 100, min_samples: 10, cluster_selection_method: 'eom', n_clusters: 5 });
    const lines = readFileSync(join(dir, 'hdb.csv'), 'utf8').trim().split('\n');
    expect(lines.filter((line) => line.endsWith(',-1,No segment'))).toHaveLength(summary.noise);
  });

  it.each([
    [['--algorithm', 'hdbscan'], '--algorithm hdbscan needs --min-cluster-size'],
    [['--algorithm', 'hdbscan', '--min-cluster-size', '9000'], 'shaped.csv: min_cluster_size 9000 is larger than the 6000 customers'],
    [['--algorithm', 'hdbscan', '--min-cluster-size', '1'], '--min-cluster-size must be a whole number >= 2, got "1"'],
  ])('HDBSCAN refuses %j with one clear message', (options, message) => {
    const run = kmeans('fit', '--input', 'shaped.csv', ...options);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
  });

  it('says plainly when every customer is noise', () => {
    const run = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', '--eps', '0.0001', '--min-samples', '50');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: every customer is noise at eps 0.0001, min_samples 50: raise eps or lower min_samples');
  });
});

describe('kmeans compare with a density run', () => {
  it('counts the noise as one more group, "No segment", against a KMeans run of the same customers', () => {
    expect(kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', '--eps', '0.15', '--min-samples', '10', '--out', 'db.csv').status).toBe(0);
    expect(kmeans('fit', '--input', 'shaped.csv', '--k', '5', '--backend', 'cpu', '--out', 'km.csv').status).toBe(0);
    const run = kmeans('compare', 'db.csv', 'km.csv', '--json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary.n).toBe(6000);
    expect(summary.a.k).toBe(6);
    expect(summary.a.names.at(-1)).toBe('No segment');
    // KMeans cuts the shaped groups: far from the same segmentation.
    expect(summary.ari).toBeLessThan(0.8);
  });
});

describe('density models: fit --model, assign and sql', () => {
  it('a DBSCAN model assigns the fitted customers as the fit did, noise as -1 "No segment", and writes its scoring SQL', () => {
    const fit = kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'dbscan', '--eps', '0.15', '--min-samples', '10', '--model', 'db.json', '--out', 'db-fit.csv', '--json');
    expect(fit.status).toBe(0);
    const fitted = JSON.parse(fit.stdout.trim().split('\n').at(-1)!);
    const model = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
    expect(model).toMatchObject({ format: 'density-segmentation-model', algorithm: 'dbscan', clusters: fitted.n_clusters, params: { eps: 0.15, minSamples: 10 } });
    expect(model.coreClusters).toHaveLength(fitted.core_points);

    const assign = kmeans('assign', '--model', 'db.json', '--input', 'shaped.csv', '--out', 'db-assign.csv', '--json');
    expect(assign.status).toBe(0);
    const assigned = JSON.parse(assign.stdout.trim().split('\n').at(-1)!);
    expect(assigned).toMatchObject({ algorithm: 'dbscan', n: 6000, k: fitted.n_clusters, noise: fitted.noise });
    const clusterOf = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').at(-2));
    const [before, after] = [clusterOf('db-fit.csv'), clusterOf('db-assign.csv')];
    // Border customers within eps of two clusters may take the nearer core's: nearly all agree, noise exactly.
    expect(after.filter((cluster, i) => cluster === before[i]).length).toBeGreaterThan(5990);
    expect(after.filter((cluster) => cluster === '-1')).toHaveLength(fitted.noise);

    const table = kmeans('assign', '--model', 'db.json', '--input', 'shaped.csv');
    expect(table.stdout).toMatch(/\n\s+-1\s+\d+\s+No segment\n/);
    const sql = kmeans('sql', '--model', 'db.json', '--table', 'lake.customers');
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain(`-- core point within eps 0.15 of db.json (${fitted.core_points} core points, ${fitted.n_clusters} clusters),`);
    expect(sql.stdout).toContain('FROM "lake"."customers" AS t');
  });

  it('an HDBSCAN model assigns with approximate predict and writes its scoring SQL', () => {
    expect(kmeans('fit', '--input', 'shaped.csv', '--algorithm', 'hdbscan', '--min-cluster-size', '100', '--min-samples', '10', '--model', 'hdb.json').status).toBe(0);
    const assign = kmeans('assign', '--model', 'hdb.json', '--input', 'shaped.csv', '--json');
    expect(assign.status).toBe(0);
    const assigned = JSON.parse(assign.stdout.trim().split('\n').at(-1)!);
    expect(assigned).toMatchObject({ algorithm: 'hdbscan', n: 6000, k: 5 });
    expect(assigned.noise_share).toBeLessThan(0.06);
    const sql = kmeans('sql', '--model', 'hdb.json', '--table', 'customers');
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain("approximate_predict over its 20 nearest fitted customers");
    const spark = kmeans('sql', '--model', 'hdb.json', '--table', 'customers', '--dialect', 'spark');
    expect(spark.status).not.toBe(0);
    expect(spark.stderr).toContain('written for duckdb and ansi (PostgreSQL), not spark');
  });

  it('HDBSCAN on worker threads writes what one thread writes, and says how many it took', () => {
    expect(kmeans('generate', '--shape', 'shaped', '--n', '25000', '--seed', '4', '--out', 'shaped-25k.csv').status).toBe(0);
    const fit = (threads: string, out: string) => kmeans('fit', '--input', 'shaped-25k.csv', '--algorithm', 'hdbscan', '--min-cluster-size', '80', '--min-samples', '8', '--threads', threads, '--out', out, '--json');
    const [one, two] = [fit('1', 'hdb-1.csv'), fit('2', 'hdb-2.csv')];
    expect(JSON.parse(one.stdout.trim().split('\n').at(-1)!).threads).toBe(1);
    expect(JSON.parse(two.stdout.trim().split('\n').at(-1)!).threads).toBe(2);
    expect(readFileSync(join(dir, 'hdb-2.csv'), 'utf8')).toBe(readFileSync(join(dir, 'hdb-1.csv'), 'utf8'));
  });

  it('a damaged density model is refused with one line naming the file and the field', () => {
    const model = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...model, coreClusters: model.coreClusters.slice(1) }));
    const run = kmeans('assign', '--model', 'bad.json', '--input', 'shaped.csv');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe(`error: bad.json: "corePoints" must hold ${(model.coreClusters.length - 1) * 3} numbers`);
  });
});
