/** What both benches share: the customers they time and how they print a table. */
import { generateCustomers } from '../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../src/data/scaler.ts';
import type { PointMatrix } from '../src/kmeans/types.ts';

/** n generated customers (seed 42), standardised as a fit sees them. */
export function customers(n: number): PointMatrix {
  const { columns } = generateCustomers({ n, seed: 42 });
  return { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
}

/** A Markdown table, its columns padded to their widest cell (the README takes it as printed). */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
