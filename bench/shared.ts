/** What both benches share: the customers they time, how they print a table, and `--markdown FILE`. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { generateCustomers } from '../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../src/data/scaler.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';
import { benchSection, markerProblem, writeSection } from './markdown-section.ts';

/** n generated customers (seed 42), standardised as a fit sees them. */
export function customers(n: number): PointMatrix {
  const { columns } = generateCustomers({ n, seed: 42 });
  return { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
}

/** Everything the report has printed so far, for `--markdown`. */
const printed: string[] = [];

/** One line of the report: on standard output, and kept for `--markdown`. */
export function print(line = ''): void {
  console.log(line);
  printed.push(line);
}

/** A Markdown table, its columns padded to their widest cell (docs/benchmarks.md takes it as printed). */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  print(line(header));
  print(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) print(line(row));
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Check `--markdown FILE` before the run (minutes) rather than after it: the file must be there, with its markers. */
export function markdownTarget(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`${file}: cannot read it for --markdown (${error instanceof Error ? error.message : error})`);
  }
  const problem = markerProblem(text, file);
  if (problem) fail(problem);
  return file;
}

/** After the run: put the report between FILE's markers, under a heading naming the day, machine and command. */
export function writeMarkdown(file: string | undefined): void {
  if (file === undefined) return;
  const section = benchSection(printed.join('\n'), {
    date: new Date(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    args: process.argv.slice(2),
  });
  try {
    writeSection(file, section);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  console.error(`wrote the tables into ${file}`);
}
