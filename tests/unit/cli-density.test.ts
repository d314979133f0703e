import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
