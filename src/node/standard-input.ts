import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from './input-error.ts';
import { writeFailure } from './output-file.ts';
import { ownTemporary, releaseTemporary } from './temporary-files.ts';

/**
 * `--input -`: standard input streamed to a temporary file, because the export reads the input a
 * second time (every original cell is written back) and a pipe can be read only once. The file
 * goes when the command ends, on Ctrl-C too.
 */
export async function spoolStandardInput(): Promise<{ path: string; dispose: () => Promise<void> }> {
  if (process.stdin.isTTY) throw new InputError('--input -: standard input is a terminal; pipe a CSV into it (for example: < customers.csv)');
  const folder = await mkdtemp(join(tmpdir(), 'kmeans-stdin-'));
  ownTemporary(folder);
  const dispose = async () => {
    releaseTemporary(folder);
    await rm(folder, { recursive: true, force: true });
  };
  const path = join(folder, 'stdin.csv');
  try {
    await pipeline(process.stdin, createWriteStream(path));
  } catch (error) {
    await dispose();
    throw writeFailure(`${path} (standard input spooled to disk)`, error);
  }
  return { path, dispose };
}
