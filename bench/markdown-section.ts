/**
 * `npm run bench -- --markdown FILE`: the run's report goes between two markers in a Markdown
 * file (docs/benchmarks.md), under a heading that names the day, the machine and the command;
 * everything outside the markers (what was tried, older notes) stays as it was.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** Where and how a run was made, for the section's heading. */
export interface RunFacts {
  readonly date: Date;
  /** The CPU's model, as os.cpus() names it. */
  readonly cpu: string;
  readonly cores: number;
  /** process.version */
  readonly node: string;
  /** The arguments after `npm run bench --`. */
  readonly args: readonly string[];
}

const occurrences = (text: string, marker: string) => text.split(marker).length - 1;

/** Why `text` cannot take a section (one sentence naming `name`), or null when it can. */
export function markerProblem(text: string, name: string): string | null {
  const starts = occurrences(text, START_MARKER);
  const ends = occurrences(text, END_MARKER);
  const found =
    starts === 0 && ends === 0 ? 'it has neither'
      : starts === 0 ? `it has no ${START_MARKER}`
        : ends === 0 ? `it has no ${END_MARKER}`
          : starts > 1 || ends > 1 ? `it has ${starts} start and ${ends} end markers`
            : text.indexOf(END_MARKER) < text.indexOf(START_MARKER) ? 'its end marker comes before its start marker'
              : null;
  return found === null ? null : `${name}: the bench's tables go between one ${START_MARKER} line and one ${END_MARKER} line after it, and ${found}`;
}

/** `text` with what lies between its markers replaced by `section` (the markers stay, each on its own line). */
export function replaceSection(text: string, section: string, name = 'the Markdown file'): string {
  const problem = markerProblem(text, name);
  if (problem) throw new Error(problem);
  const start = text.indexOf(START_MARKER) + START_MARKER.length;
  const end = text.indexOf(END_MARKER);
  return `${text.slice(0, start)}\n${section.trim()}\n${text.slice(end)}`;
}

/** An argument as a POSIX shell would need it written. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** The command that made the run, as typed. */
export function commandLine(args: readonly string[]): string {
  return args.length === 0 ? 'npm run bench' : `npm run bench -- ${args.map(shellWord).join(' ')}`;
}

const isTableLine = (line: string) => line.startsWith('|');

/**
 * The section: a heading (ISO day, CPU model, cores, Node), the command line, then the report as
 * printed. A blank line is added after a table that a note follows directly, since Markdown would
 * otherwise read the note as one more row.
 */
export function benchSection(report: string, facts: RunFacts): string {
  const lines = report.replace(/\s+$/, '').split('\n');
  const body: string[] = [];
  lines.forEach((line, i) => {
    body.push(line);
    const next = lines[i + 1];
    if (isTableLine(line) && next !== undefined && next.trim() !== '' && !isTableLine(next)) body.push('');
  });
  const day = facts.date.toISOString().slice(0, 10);
  return [
    `### ${day}: ${facts.cpu.trim()}, ${facts.cores} ${facts.cores === 1 ? 'core' : 'cores'}, Node ${facts.node}`,
    '',
    `\`${commandLine(facts.args)}\``,
    '',
    ...body,
  ].join('\n');
}

/** Replace `file`'s section, written under a temporary name in its folder and renamed into place. */
export function writeSection(file: string, section: string): void {
  const text = readFileSync(file, 'utf8');
  const updated = replaceSection(text, section, file);
  const temporary = join(dirname(file), `${basename(file)}.tmp.${process.pid}`);
  try {
    writeFileSync(temporary, updated);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
