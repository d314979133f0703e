import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKmeans } from '../helpers.ts';

// The command line on files written the European way: detection, --decimal, and --out keeping the input's format.

let dir = '';

const kmeans = (...args: string[]) => runKmeans(dir, args);
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-formats-'));
  for (const name of ['decimal-comma.csv', 'thousands-separators.csv']) copyFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), join(dir, name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans fit and assign on decimal commas', () => {
  it('reads a semicolon, decimal-comma file with French headers and writes --out as it came (;, decimal commas, BOM, CRLF)', () => {
    const run = kmeans('fit', '--input', 'decimal-comma.csv', '--k', '4', '--backend', 'cpu', '--json', '--out', 'dc-out.csv', '--model', 'dc.json');
    expect(run.stderr).toBe('wrote dc-out.csv\nwrote dc.json');
    const summary = lastJson(run.stdout);
    expect(summary).toMatchObject({ n: 16, k: 4, features: ['Revenu annuel (k€)', 'Dépenses (1-100)', 'Score crédit'] });
    // The four groups of the file, to the float32 of their means: incomes 44, 59, 89 and 119 k€.
    expect(summary.centroids.map((c: number[]) => c[0])).toEqual([44, 59, 89, 119].map((v) => expect.closeTo(v, 4)));
    const input = readFileSync(join(dir, 'decimal-comma.csv'), 'utf8');
    const out = readFileSync(join(dir, 'dc-out.csv'), 'utf8');
    expect(out.charCodeAt(0)).toBe(0xfeff);
    const inLines = input.trimEnd().split('\r\n');
    const outLines = out.trimEnd().split('\r\n');
    expect(outLines[0]).toBe(`${inLines[0]};Cluster;Segment`);
    outLines.slice(1).forEach((line, i) => expect(line.startsWith(`${inLines[i + 1]};`)).toBe(true));
    expect(outLines[2]).toMatch(/^1002;Bretagne;47,5;17;615;-1\.234,50;\d;/);

    // assign scores the same file to the same clusters, byte for byte.
    expect(kmeans('assign', '--model', 'dc.json', '--input', 'decimal-comma.csv', '--out', 'dc-assigned.csv').status).toBe(0);
    expect(readFileSync(join(dir, 'dc-assigned.csv'), 'utf8')).toBe(out);
  });

  it('--decimal decides 1.234 when the first rows leave it open, and a wrong mark stops with one line', () => {
    writeFileSync(join(dir, 'open.csv'), 'x;y\n1.234;1\n2.345;3\n');
    const mean = (...args: string[]) => lastJson(kmeans('fit', '--input', 'open.csv', '--k', '1', '--features', 'x,y', '--backend', 'cpu', '--json', ...args).stdout).centroids[0];
    // A semicolon file leans to the decimal comma: 1.234 is one thousand two hundred thirty-four.
    expect(mean()).toEqual([expect.closeTo(1789.5, 3), 2]);
    expect(mean('--decimal', ',')).toEqual([expect.closeTo(1789.5, 3), 2]);
    expect(mean('--decimal', '.')).toEqual([expect.closeTo(1.7895, 6), 2]);

    const wrong = kmeans('fit', '--input', 'decimal-comma.csv', '--k', '2', '--decimal', '.', '--out', 'never.csv');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('error: decimal-comma.csv: row 2, column "Revenu annuel (k€)": "115,0" is not a number (it is one with a decimal comma: add --decimal ,)');
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    expect(kmeans('fit', '--input', 'open.csv', '--k', '1', '--decimal', ';').stderr).toMatch(/option '--decimal <mark>' argument ';' is invalid/);
  });

  it('reads comma-grouped dollars and keeps them as written in --out', () => {
    const run = kmeans('fit', '--input', 'thousands-separators.csv', '--k', '1', '--backend', 'cpu', '--json', '--out', 'th-out.csv');
    expect(run.status).toBe(0);
    const incomes = [52300, 118750.5, 31200, 86400.25, 1250000, 48000, 121999.99, 29850, 88100, 55555.55, 33333, 91000].map(Math.fround);
    expect(lastJson(run.stdout).centroids[0][0]).toBeCloseTo(incomes.reduce((a, b) => a + b) / incomes.length, 1);
    const out = readFileSync(join(dir, 'th-out.csv'), 'utf8').split('\n');
    expect(out[1]!.startsWith('Avery,"52,300.00",45,640,0,')).toBe(true);
  });

  it('says on standard error when a mark was assumed, and when a file was read as Windows-1252', () => {
    writeFileSync(join(dir, 'ambiguous.csv'), 'a;b\n1.234;5\n2.345;6\n');
    const ambiguous = kmeans('fit', '--input', 'ambiguous.csv', '--features', 'a,b', '--k', '1', '--backend', 'cpu');
    expect(ambiguous.stderr).toBe('note: ambiguous.csv: column "a" has numbers such as "1.234" that read either way; read with a decimal comma, ' +
      'as a ;-separated file usually does; add --decimal . if that is wrong');
    writeFileSync(join(dir, 'decided.csv'), 'a;b\n1.234;5\n2.5;6\n');
    expect(kmeans('fit', '--input', 'decided.csv', '--features', 'a,b', '--k', '1', '--backend', 'cpu').stderr).toBe('');
    copyFileSync(new URL('../fixtures/csv/windows-1252.csv', import.meta.url), join(dir, 'windows-1252.csv'));
    const legacy = kmeans('fit', '--input', 'windows-1252.csv', '--k', '2', '--backend', 'cpu', '--out', 'w-out.csv');
    expect(legacy.stderr).toBe('note: windows-1252.csv: read as Windows-1252 text (its bytes are not UTF-8)\nwrote w-out.csv');
    const input = readFileSync(join(dir, 'windows-1252.csv')).toString('latin1').split('\r\n');
    readFileSync(join(dir, 'w-out.csv')).toString('latin1').split('\r\n').slice(0, 13).forEach((line, i) => expect(line.startsWith(input[i]!)).toBe(true));
  });
});
