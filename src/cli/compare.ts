import { adjustedRandFromTable, bestMatches, contingency, type ClusterMatch, type Contingency } from '../analysis/agreement.ts';
import { InputError } from '../node/input-error.ts';
import { readSegmentedLabels, type SegmentedLabels } from '../node/segmented-read.ts';

export interface CompareArgs {
  /** Two segmented files of the same customers, row for row (as `fit --out` writes them). */
  readonly a: string;
  readonly b: string;
  readonly json: boolean;
}

/** The rows both files put in a cluster, as one-byte labels (a row either file left out is left out of both). */
function clusteredInBoth(a: SegmentedLabels, b: SegmentedLabels): { a: Uint8Array; b: Uint8Array } {
  let n = 0;
  for (let i = 0; i < a.rows; i++) if (a.labels[i]! >= 0 && b.labels[i]! >= 0) n++;
  const left = new Uint8Array(n);
  const right = new Uint8Array(n);
  for (let i = 0, o = 0; i < a.rows; i++) {
    if (a.labels[i]! < 0 || b.labels[i]! < 0) continue;
    left[o] = a.labels[i]!;
    right[o++] = b.labels[i]!;
  }
  return { a: left, b: right };
}

/** `compare`: how two segmentations of the same customers agree, and where customers moved. */
export async function compareCommand(args: CompareArgs): Promise<void> {
  // One file after the other: a problem in the first is the one reported, every time.
  const a = await readSegmentedLabels(args.a);
  const b = await readSegmentedLabels(args.b);
  if (a.rows !== b.rows) {
    throw new InputError(`${a.file} has ${a.rows} rows and ${b.file} has ${b.rows}: compare needs the same customers, row for row, in both files`);
  }
  const labels = clusteredInBoth(a, b);
  const left = a.rows - labels.a.length;
  if (labels.a.length === 0) throw new InputError(`${a.file}, ${b.file}: no row has a cluster in both files`);
  if (left > 0) process.stderr.write(`note: ${left} of ${a.rows} rows have no cluster in ${a.file} or ${b.file} (left out when fitting) and are not compared\n`);

  const table = contingency(labels.a, labels.b, a.k, b.k);
  const ari = adjustedRandFromTable(table);
  const matches = bestMatches(table).filter((m) => m.match >= 0);
  if (args.json) {
    const side = (s: SegmentedLabels) => ({ file: s.file, k: s.k, names: s.names });
    const migration = Array.from({ length: table.kA }, (_, i) => Array.from(table.table.subarray(i * table.kB, (i + 1) * table.kB)));
    process.stdout.write(
      JSON.stringify({
        n: table.n, ari, a: side(a), b: side(b), migration,
        matches: matches.map((m) => ({ a: m.cluster, b: m.match, jaccard: m.jaccard })),
        rows: a.rows, rows_not_compared: left,
      }) + '\n',
    );
    return;
  }
  process.stdout.write(
    `${a.file}: k = ${a.k}; ${b.file}: k = ${b.k}; ${table.n} customers compared\n` +
      `adjusted Rand index ${ari.toFixed(4)} (1 = the same segmentation, about 0 = no more alike than chance)\n\n` +
      `customers moving from the clusters of ${a.file} (rows) to those of ${b.file} (columns):\n${migrationTable(table, a)}\n\n` +
      `clusters of ${b.file}:\n${b.names.map((name, c) => `  ${String(c).padStart(3)}  ${nameOf(name)}`).join('\n')}\n\n` +
      `best match in ${b.file} for each cluster of ${a.file} (Jaccard overlap: customers in both / customers in either):\n` +
      `${matchLines(matches, a, b)}\n`,
  );
}

const nameOf = (name: string) => name || '(no name)';
const clusterLabel = (side: SegmentedLabels, c: number) => `${c} ${nameOf(side.names[c] ?? '')}`;

/** The counts with row and column totals: rows are a's clusters with their names, columns b's by number. */
function migrationTable(counts: Contingency, a: SegmentedLabels): string {
  const { table, kA, kB, rowTotals, columnTotals, n } = counts;
  const header = ['', ...Array.from({ length: kB }, (_, c) => String(c)), 'total'];
  const body = Array.from({ length: kA }, (_, r) => [clusterLabel(a, r), ...Array.from(table.subarray(r * kB, (r + 1) * kB), String), String(rowTotals[r])]);
  const footer = ['total', ...Array.from(columnTotals, String), String(n)];
  const lines = [header, ...body, footer];
  const widths = header.map((_, c) => Math.max(...lines.map((line) => line[c]!.length)));
  return lines.map((line) => line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

function matchLines(matches: readonly ClusterMatch[], a: SegmentedLabels, b: SegmentedLabels): string {
  const width = Math.max(...matches.map((m) => clusterLabel(a, m.cluster).length));
  return matches.map((m) => `  ${clusterLabel(a, m.cluster).padEnd(width)}  ${m.jaccard.toFixed(3)}  ${clusterLabel(b, m.match)}`).join('\n');
}
