import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ownTemporary, releaseTemporary } from './temporary-files.ts';

/**
 * `--input -`: standard input streamed to a temporary file, because the export reads the input a
 * second time (every original cell is written back) and a pipe can be read only once. The file
 * goes when the command ends, on Ctrl-C too.
 */
export async function spoolStandardInput(): Promise<{ path: string; dispose: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'kmeans-stdin-'));
  const path = join(folder, 'stdin.csv');
  ownTemporary(path);
  await pipeline(process.stdin, createWriteStream(path));
  return {
    path,
    dispose: async () => {
      releaseTemporary(path);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
