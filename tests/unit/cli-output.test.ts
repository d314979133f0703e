import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmeansCommand, runKmeans } from '../helpers.ts';

// Outputs that misbehave lose nothing: devices, links, the input itself, missing folders,
// Ctrl-C mid-write, standard input and output (issue 14, items 2 to 8).

let dir = '';
const kmeans = (...args: string[]) => runKmeans(dir, args);
const fit = (...args: string[]) => kmeans('fit', '--input', 'c.csv', '--k', '3', '--backend', 'cpu', ...args);
const partials = () => readdirSync(dir).filter((name) => name.includes('.partial-'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-out-'));
  expect(kmeans('generate', '--n', '3000', '--seed', '4', '--out', 'c.csv').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command-line outputs that misbehave', () => {
  it.skipIf(!existsSync('/dev/full'))('a full device is a failure, and the device stays a device', () => {
    const run = fit('--out', '/dev/full');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: /dev/full: cannot write: no space left on the device');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('writes through a symbolic link to its target; the link stays a link', () => {
    writeFileSync(join(dir, 'target.csv'), 'old\n');
    symlinkSync('target.csv', join(dir, 'link.csv'));
    expect(fit('--out', 'link.csv').status).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toMatch(/^CustomerID,.*,Cluster,Segment\n/);
  });

  it('refuses to overwrite the input unless --force', () => {
    const before = readFileSync(join(dir, 'c.csv'), 'utf8');
    const refused = fit('--out', 'c.csv');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('error: c.csv: --out is the input file; choose another name, or add --force to replace it');
    expect(fit('--model', './c.csv').status).toBe(1);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(before);
    writeFileSync(join(dir, 'copy.csv'), before);
    expect(kmeans('fit', '--input', 'copy.csv', '--k', '3', '--backend', 'cpu', '--out', 'copy.csv', '--force').status).toBe(0);
    expect(readFileSync(join(dir, 'copy.csv'), 'utf8').split('\n')[0]).toMatch(/,Cluster,Segment$/);
  });

  it('a folder that does not exist is named in one line, with no temporary file', () => {
    const run = fit('--out', 'nope/x.csv');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: nope/x.csv: cannot write: the folder ${join(dir, 'nope')} does not exist`);
    expect(partials()).toEqual([]);
  });

  it('reads standard input with --input - and writes standard output with --out -', () => {
    expect(fit('--out', 'from-file.csv').status).toBe(0);
    const piped = runKmeans(dir, ['fit', '--input', '-', '--k', '3', '--backend', 'cpu', '--out', '-'], {}, readFileSync(join(dir, 'c.csv'), 'utf8'));
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(readFileSync(join(dir, 'from-file.csv'), 'utf8'));
    // The report goes to standard error, so the CSV on standard output stays clean.
    expect(piped.stderr).toContain('stdin: 3000 customers, 3 features, k = 3 on cpu');
    const bad = runKmeans(dir, ['fit', '--input', '-', '--features', 'a,b', '--k', '1'], {}, 'a,b\n1,x\n');
    expect(bad.stderr).toBe('error: stdin: row 2, column "b": "x" is not a number');
    expect(fit('--out', '-', '--json').stderr).toMatch(/^error: --json and an output of "-" both want standard output/);
  });

  it.skipIf(process.platform === 'win32')('writes into a FIFO without replacing it', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const reader = spawn('cat', [join(dir, 'pipe')]);
    let received = '';
    reader.stdout.on('data', (chunk) => (received += chunk));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    expect(fit('--out', 'pipe').status).toBe(0);
    await closed;
    expect(received).toBe(readFileSync(join(dir, 'from-file.csv'), 'utf8'));
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });

  it('Ctrl-C during a write leaves no temporary file and the input intact, and the command dies of SIGINT', async () => {
    expect(kmeans('generate', '--n', '1000000', '--seed', '2', '--out', 'big.csv').status).toBe(0);
    const input = readFileSync(join(dir, 'big.csv'));
    const [command, prefix] = kmeansCommand();
    const child = spawn(command, [...prefix, 'fit', '--input', 'big.csv', '--k', '3', '--backend', 'cpu', '--n-init', '1', '--out', 'big-out.csv'], {
      cwd: dir, env: { ...process.env, INIT_CWD: dir }, stdio: 'ignore',
    });
    // The command dies of the signal itself after cleaning up, as a Unix tool does (the shell shows 130).
    const exited = new Promise<string | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Interrupt as soon as the temporary output exists.
    const deadline = Date.now() + 60_000;
    while (partials().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(partials()).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(partials()).toEqual([]);
    expect(existsSync(join(dir, 'big-out.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'big.csv')).equals(input)).toBe(true);
  }, 120_000);

  it('an input that would not fit in --max-memory is refused before it is read', () => {
    const run = fit('--max-memory', '100K', '--out', 'never.csv');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: c\.csv: about 3,\d{3} customers \(\d+ kB of CSV\) would need about \d+ kB in memory, over the budget of 100 kB \(--max-memory/);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    expect(fit('--max-memory', '1G').status).toBe(0);
    expect(fit('--max-memory', 'lots').stderr).toMatch(/--max-memory must be a size such as 2G or 512M, got "lots"/);
  });

  it('--out /dev/stdout appends to the file standard output goes to, instead of replacing it', () => {
    writeFileSync(join(dir, 'log.txt'), 'OLD\n');
    const [command, prefix] = kmeansCommand();
    execFileSync('sh', ['-c', `"${command}" ${prefix.map((p) => `"${p}"`).join(' ')} fit --input c.csv --k 3 --backend cpu --out /dev/stdout >> log.txt 2>/dev/null`], {
      cwd: dir, env: { ...process.env, INIT_CWD: dir },
    });
    const log = readFileSync(join(dir, 'log.txt'), 'utf8');
    expect(log.startsWith('OLD\nCustomerID,')).toBe(true);
    expect(log.trim().split('\n')).toHaveLength(1 + 3001);
  });

  it('--out and --model naming one file are refused before any work; a replaced file keeps its permissions', () => {
    expect(fit('--out', 'same.out', '--model', './same.out').stderr).toBe('error: same.out: --out and --model name the same file');
    writeFileSync(join(dir, 'private.csv'), 'old\n', { mode: 0o600 });
    expect(fit('--out', 'private.csv').status).toBe(0);
    expect(statSync(join(dir, 'private.csv')).mode & 0o777).toBe(0o600);
  });

  it('all customers identical with k = 3: a warning, as scikit-learn gives', () => {
    writeFileSync(join(dir, 'same.csv'), 'a,b\n' + '1,2\n'.repeat(20));
    const run = kmeans('fit', '--input', 'same.csv', '--features', 'a,b', '--k', '3', '--backend', 'cpu', '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: Only 1 distinct cluster was found for k = 3');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!).warnings).toEqual([expect.stringContaining('Only 1 distinct cluster was found for k = 3')]);
  });
});
