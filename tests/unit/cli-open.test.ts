import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWorkspace } from '../../src/data/workspace-archive.ts';
import { kmeansCommand, runKmeans } from '../helpers.ts';

// `kmeans open`: the built page on a local port with the customers (and a model) served beside
// it, cross-origin isolated, nothing outside the page served, stopped cleanly by Ctrl-C (SIGINT).

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-open-'));
  expect(kmeans('generate', '--n', '500', '--seed', '3', '--out', 'customers.csv').status).toBe(0);
  expect(kmeans('fit', '--input', 'customers.csv', '--k', '3', '--model', 'model.json').status).toBe(0);
  copyFileSync(join(dir, 'customers.csv'), join(dir, 'customers.zip'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `kmeans open`; resolves with its address once it prints it. */
function startOpen(...args: string[]) {
  const [command, prefix] = kmeansCommand();
  const child = spawn(command, [...prefix, 'open', ...args, '--no-open', '--port', '0'], { cwd: dir, env: { ...process.env, INIT_CWD: dir } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const address = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.trim());
    });
    child.on('exit', (code) => reject(new Error(`kmeans open ended (${code}) before serving: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, address, exited, stderr: () => stderr };
}

describe('kmeans open', () => {
  it('serves the built page, cross-origin isolated, with the customers and the model beside it, and stops on Ctrl-C', async () => {
    const open = startOpen('customers.csv', '--model', 'model.json');
    const url = new URL(await open.address);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ served: 'customers.csv', servedModel: 'model.json' });

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toContain('http-equiv="Content-Security-Policy"');
    expect(await (await fetch(new URL('/served/data', url))).text()).toBe(readFileSync(join(dir, 'customers.csv'), 'utf8'));
    expect(await (await fetch(new URL('/served/model', url))).text()).toBe(readFileSync(join(dir, 'model.json'), 'utf8'));
    // Nothing outside the page: not the project's files, not the analyst's others.
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/served/other']) expect((await fetch(new URL(path, url))).status).toBeGreaterThanOrEqual(400);

    const filesBefore = readdirSync(dir).sort();
    open.child.kill('SIGINT');
    // Ctrl-C: the shell's status for it, and nothing left behind.
    expect(await open.exited).toBe(130);
    expect(open.stderr()).toContain('stopped');
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  }, 180_000);

  it('serves a shipped dataset by name (--sample): the page fetches it from its own files', async () => {
    const open = startOpen('--sample', 'credit-card-applicants');
    const url = new URL(await open.address);
    expect(url.searchParams.get('sample')).toBe('credit-card-applicants');
    expect(url.searchParams.has('served')).toBe(false);
    const served = Buffer.from(await (await fetch(new URL('/datasets/credit-card-applicants.parquet', url))).arrayBuffer());
    expect(served.equals(readFileSync(new URL('../../public/datasets/credit-card-applicants.parquet', import.meta.url)))).toBe(true);
    expect((await fetch(new URL('/served/data', url))).status).toBe(404);
    expect(open.stderr()).toContain('Credit card applicants and their spending (US) (1319 rows)');
    open.child.kill('SIGTERM');
    expect(await open.exited).toBe(143);
  }, 180_000);

  it('serves a workspace file for the page to put back, checked first', async () => {
    writeFileSync(join(dir, 'study.workspace.zip'), packWorkspace({ version: 1 }, { name: 'customers.csv', bytes: readFileSync(join(dir, 'customers.csv')) }));
    const open = startOpen('study.workspace.zip');
    const url = new URL(await open.address);
    expect(url.searchParams.get('served')).toBe('study.workspace.zip');
    expect(Buffer.from(await (await fetch(new URL('/served/data', url))).arrayBuffer()).equals(readFileSync(join(dir, 'study.workspace.zip')))).toBe(true);
    open.child.kill('SIGINT');
    expect(await open.exited).toBe(130);
  }, 180_000);

  it.each([
    [['missing.csv'], 'missing.csv: no such file'],
    [['customers.zip'], 'customers.zip: not a workspace file (a workspace is a zip archive with workspace.json inside)'],
    [['customers.csv', '--model', 'customers.csv'], 'customers.csv: its column "CustomerID" identifies customers: it looks like a customer file, not a model'],
    [['--sample', 'mall'], '--sample: there is no shipped dataset named "mall"; the datasets are credit-scoring, lending-club, credit-card-applicants'],
    [['customers.csv', '--sample', 'lending-club'], 'open takes a file or --sample, not both'],
    [[], 'open needs a file (CSV, Parquet or a workspace .zip) or --sample NAME'],
  ])('refuses %j before serving, in one line', (args, message) => {
    const result = kmeans('open', ...args, '--no-open');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['a workspace of generated customers', null, {}, 'holds no customers\' file'],
    ['a run that drops outliers first', 'customers.csv', { outliers: 'drop' }, 'its run drops outliers first (Explore), which fit does not do'],
    ['gaps filled with the median', 'customers.csv', { missing: 'median' }, 'its rows with gaps were filled with the median, which fit does not do'],
  ])('fit refuses %s in one line', (_name, file, changes, message) => {
    const run = {
      algorithm: 'kmeans', features: ['Annual Income (k$)', 'Spending Score (1-100)'], missing: 'drop', outliers: 'keep', k: 3, init: 'k-means++', nInit: 3,
      maxIter: 300, tol: 1e-4, seed: 0, eps: 0.15, minSamples: 10, minClusterSize: 100, clusterSelection: 'eom', clusterSelectionEpsilon: 0, segmentNames: [], ...changes,
    } as const;
    writeFileSync(join(dir, 'run.workspace.zip'), packWorkspace({ version: 1 }, file ? { name: file, bytes: readFileSync(join(dir, file)) } : null, null, run as never));
    const result = kmeans('fit', '--input', 'run.workspace.zip');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
