import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSection, commandLine, END_MARKER, replaceSection, START_MARKER, writeSection } from '../../bench/markdown-section.ts';

// `npm run bench -- --markdown docs/benchmarks.md`: the run's tables replace what lies between the
// markers, and nothing else in the file changes (issue 26).

const page = (middle: string) => `# Benchmarks\n\nIntro.\n\n${START_MARKER}\n${middle}\n${END_MARKER}\n\n## What was tried\n\nOlder notes.\n`;

describe('the bench section of a Markdown file', () => {
  it('replaces only what lies between the markers, keeping them', () => {
    const updated = replaceSection(page('### old run\n\n| a |\n|---|\n| 1 |'), '### new run\n\n| a |\n|---|\n| 2 |\n\n');
    expect(updated).toBe(page('### new run\n\n| a |\n|---|\n| 2 |'));
    // Replacing again with the same section changes nothing.
    expect(replaceSection(updated, '### new run\n\n| a |\n|---|\n| 2 |')).toBe(updated);
  });

  it('works with markers on adjacent lines (an empty section)', () => {
    const text = `top\n${START_MARKER}\n${END_MARKER}\nbottom\n`;
    expect(replaceSection(text, 'tables')).toBe(`top\n${START_MARKER}\ntables\n${END_MARKER}\nbottom\n`);
  });

  it('fails with one sentence naming the file when a marker is missing, doubled or out of order', () => {
    const cases: [string, RegExp][] = [
      ['# Benchmarks\n', /it has neither$/],
      [`${START_MARKER}\n`, /it has no <!-- bench:end -->$/],
      [`${END_MARKER}\n`, /it has no <!-- bench:start -->$/],
      [`${END_MARKER}\n${START_MARKER}\n`, /its end marker comes before its start marker$/],
      [`${START_MARKER}\n${END_MARKER}\n${START_MARKER}\n${END_MARKER}\n`, /it has 2 start and 2 end markers$/],
    ];
    for (const [text, why] of cases) {
      expect(() => replaceSection(text, 'tables', 'docs/benchmarks.md')).toThrow(why);
      expect(() => replaceSection(text, 'tables', 'docs/benchmarks.md')).toThrow(
        /^docs\/benchmarks\.md: the bench's tables go between one <!-- bench:start --> line and one <!-- bench:end --> line after it, and /,
      );
    }
  });
});

describe('the section a run writes', () => {
  const facts = { date: new Date('2026-11-27T22:15:00Z'), cpu: 'AMD EPYC 7B13 64-Core Processor  ', cores: 2, node: 'v20.19.5', args: ['--no-gpu', '--markdown', 'docs/benchmarks.md'] };

  it('names the day, the machine and the command, then the report as printed', () => {
    const report = '| N | k |\n|---|---|\n| 1 | 4 |\n\nms to converge: a note.\n';
    expect(benchSection(report, facts)).toBe([
      '### 2026-11-27: AMD EPYC 7B13 64-Core Processor, 2 cores, Node v20.19.5',
      '',
      '`npm run bench -- --no-gpu --markdown docs/benchmarks.md`',
      '',
      '| N | k |',
      '|---|---|',
      '| 1 | 4 |',
      '',
      'ms to converge: a note.',
    ].join('\n'));
  });

  it('puts a blank line between a table and a note printed right after it (Markdown would make the note a row)', () => {
    const section = benchSection('| a |\n|---|\n| 1 |\nOurs: a note.\nscikit-learn: another.', facts);
    expect(section.split('\n').slice(4)).toEqual(['| a |', '|---|', '| 1 |', '', 'Ours: a note.', 'scikit-learn: another.']);
  });

  it('writes the command as it would be typed', () => {
    expect(commandLine([])).toBe('npm run bench');
    expect(commandLine(['--sizes', '1000000,10000000', '--ks', '8,32'])).toBe('npm run bench -- --sizes 1000000,10000000 --ks 8,32');
    expect(commandLine(['--markdown', 'my notes.md', "it's"])).toBe(`npm run bench -- --markdown 'my notes.md' 'it'\\''s'`);
  });
});

describe('writing the file', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-markdown-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the section in place and leaves no temporary file', () => {
    const file = join(dir, 'benchmarks.md');
    writeFileSync(file, page('old'));
    writeSection(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe(page('new'));
    expect(readdirSync(dir)).toEqual(['benchmarks.md']);
  });

  it('leaves a file without markers untouched', () => {
    const file = join(dir, 'notes.md');
    writeFileSync(file, '# Notes\n');
    expect(() => writeSection(file, 'new')).toThrow(/notes\.md: .* it has neither$/);
    expect(readFileSync(file, 'utf8')).toBe('# Notes\n');
    expect(readdirSync(dir).sort()).toEqual(['benchmarks.md', 'notes.md']);
  });
});
